/** The seed's pure generators (no database): exact targets, chunk-independent customers, crews and managers. */
import { describe, expect, it } from 'vitest';
import { DISTRICTS } from '../../seed/districts.ts';
import { onShift, generateCrews } from '../../seed/generate/crews.ts';
import { allocChunk, districtTargets, emitCustomers, type CustomerPlan } from '../../seed/generate/customers.ts';
import { generateManagers } from '../../seed/generate/managers.ts';

describe('districtTargets', () => {
  it('sums exactly to the requested count and follows population / household size', () => {
    for (const n of [1000, 54_321, 1_000_000]) {
      const t = districtTargets(n, DISTRICTS);
      expect(t.reduce((a, b) => a + b, 0)).toBe(n);
      const hh = DISTRICTS.map((d) => d.population / d.householdSize);
      const hhSum = hh.reduce((a, b) => a + b, 0);
      const resSum = DISTRICTS.reduce((a, d) => a + t[d.id * 3], 0);
      DISTRICTS.forEach((d, i) => expect(Math.abs(t[d.id * 3] / resSum - hh[i] / hhSum)).toBeLessThan(2 / resSum + 1e-9));
    }
    expect(() => districtTargets(0, DISTRICTS)).toThrow(/count/);
  });
});

describe('emitCustomers', () => {
  // a synthetic plan: 50 cells on a line, 0–9 customers of each type
  const n = 50;
  const perCell = Int32Array.from({ length: n * 3 }, (_, k) => (k * 7) % 10);
  const firstId = new Int32Array(n + 1);
  for (let c = 0; c < n; c++) firstId[c + 1] = firstId[c] + perCell[3 * c] + perCell[3 * c + 1] + perCell[3 * c + 2];
  const plan: CustomerPlan = { seed: 3, count: firstId[n], perCell, firstId, cellSubstation: new Int16Array(n), targets: new Int32Array(0) };
  const centres = Float64Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? 113.3 + k * 0.001 : 23.1));

  it('gives the same customers whatever the chunking, with ids contiguous per cell', () => {
    const whole = emitCustomers(plan, centres, 0, n, 50, allocChunk(firstId[n]));
    const a = emitCustomers(plan, centres, 0, 17, 50, allocChunk(firstId[n]));
    const b = emitCustomers(plan, centres, 17, n, 50, allocChunk(firstId[n]));
    expect(a.n + b.n).toBe(whole.n);
    for (let i = 0; i < whole.n; i++) {
      const [src, j] = i < a.n ? [a, i] : [b, i - a.n];
      expect([src.id[j], src.type[j], src.loadKw[j], src.lng[j], src.lat[j], src.cell[j]]).toEqual([whole.id[i], whole.type[i], whole.loadKw[i], whole.lng[i], whole.lat[i], whole.cell[i]]);
      expect(whole.id[i]).toBe(i + 1);
      // within 50 m of the cell centre
      const c = whole.cell[i];
      expect(Math.abs(whole.lng[i] - centres[2 * c]) * 102_400).toBeLessThan(50.01);
      expect(Math.abs(whole.lat[i] - centres[2 * c + 1]) * 110_700).toBeLessThan(50.01);
    }
    expect(() => emitCustomers(plan, centres, 0, n, 50, allocChunk(1))).toThrow(/holds/);
  });

  it('changes with the seed', () => {
    const one = emitCustomers(plan, centres, 0, n, 50, allocChunk(firstId[n]));
    const other = emitCustomers({ ...plan, seed: 4 }, centres, 0, n, 50, allocChunk(firstId[n]));
    expect(Array.from(other.loadKw.subarray(0, other.n))).not.toEqual(Array.from(one.loadKw.subarray(0, one.n)));
  });
});

describe('crews and managers', () => {
  const subs = DISTRICTS.flatMap((d, i) => [0, 1, 2, 3].map((k) => ({ districtId: d.id, lngLat: [113 + i * 0.05, 23 + k * 0.01] as [number, number], servedKw: 1000 * (4 - k) })));
  const customers = new Float64Array(12);
  DISTRICTS.forEach((d) => (customers[d.id] = d.population));

  it('makes 80 crews covering every skill in every district, with day and night shifts', () => {
    const crews = generateCrews({ seed: 1, count: 80, districts: DISTRICTS, districtCustomers: customers, substations: subs });
    expect(crews).toHaveLength(80);
    expect(new Set(crews.map((c) => c.code)).size).toBe(80);
    for (const d of DISTRICTS) {
      const mine = crews.filter((c) => c.districtId === d.id);
      expect(mine.length).toBeGreaterThanOrEqual(3);
      expect(new Set(mine.flatMap((c) => c.skills))).toEqual(new Set(['line', 'transformer', 'meter', 'cable']));
      expect(mine.some((c) => onShift(c, 12 * 60)) && mine.some((c) => onShift(c, 2 * 60))).toBe(true);
    }
    // Baiyun (most people) gets more crews than Conghua (fewest)
    expect(crews.filter((c) => c.districtId === 5).length).toBeGreaterThan(crews.filter((c) => c.districtId === 10).length);
    expect(() => generateCrews({ seed: 1, count: 10, districts: DISTRICTS, districtCustomers: customers, substations: subs })).toThrow(/count/);
  });

  it('places managers where customers are, with Chinese names', () => {
    const cum = Float64Array.from([0, 0, 10, 10, 30]);
    const centres = Float64Array.from([113, 23, 113.1, 23.1, 113.2, 23.2, 113.3, 23.3, 113.4, 23.4]);
    const ms = generateManagers(2, 300, cum, centres);
    expect(ms).toHaveLength(300);
    for (const m of ms) {
      expect(m.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
      const near = [2, 4].some((c) => Math.abs(m.home[0] - centres[2 * c]) < 0.005 && Math.abs(m.home[1] - centres[2 * c + 1]) < 0.005);
      expect(near).toBe(true);
    }
    // cell 4 holds twice the customers of cell 2
    const inCell4 = ms.filter((m) => Math.abs(m.home[0] - 113.4) < 0.005).length;
    expect(inCell4).toBeGreaterThan(160);
    expect(inCell4).toBeLessThan(240);
  });
});
