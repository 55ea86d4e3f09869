import * as h3 from 'h3-js';
import { describe, expect, it } from 'vitest';
import { buildHierarchy, parentsOf } from '../../../geo/cells/hierarchy.ts';
import { refine, tessellate } from '../../../geo/cells/tessellate.ts';
import type { H3Cell } from '../../../geo/cells/h3-adapter.ts';
import { mulberry32 } from '../../../geo/random.ts';

const WEST = [[[113.2, 23.0], [113.3, 23.0], [113.3, 23.1], [113.2, 23.1], [113.2, 23.0]]];
const EAST = [[[113.3, 23.0], [113.4, 23.0], [113.4, 23.1], [113.3, 23.1], [113.3, 23.0]]];

function finestLevel(seed: number) {
  const t = refine(tessellate([{ id: 1, polygons: [WEST] }, { id: 2, polygons: [EAST] }], 9), 10);
  const n = t.cells.length;
  const rng = mulberry32(seed);
  // integer-valued and half-kW weights keep sums exact, like the seed's loads
  const customers = Float64Array.from({ length: n }, () => Math.floor(rng() * 30));
  const loadKw = Float64Array.from(customers, (c) => c * 6 + Math.floor(rng() * 20) * 0.5);
  const faults = Float64Array.from({ length: n }, () => (rng() < 0.1 ? 1 : 0));
  const areaKm2 = Float64Array.from(t.cells, (c) => h3.cellArea(c, 'km2'));
  return { res: 10, cells: t.cells, district: t.district, customers, loadKw, faults, areaKm2 };
}

describe('buildHierarchy', () => {
  const finest = finestLevel(3);
  const levels = buildHierarchy(finest, 7);

  it('has levels 10, 9, 8, 7 with the totals preserved', () => {
    expect(levels.map((l) => l.res)).toEqual([10, 9, 8, 7]);
    const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
    for (const l of levels) {
      expect(sum(l.customers)).toBe(sum(finest.customers));
      expect(sum(l.loadKw)).toBe(sum(finest.loadKw));
      expect(sum(l.faults)).toBe(sum(finest.faults));
      expect(sum(l.areaKm2)).toBeCloseTo(sum(finest.areaKm2), 9);
    }
  });

  it('every parent equals the sum of its children (recomputed independently with h3-js)', () => {
    for (let k = 1; k < levels.length; k++) {
      const child = levels[k - 1];
      const parent = levels[k];
      const expectCustomers = new Map<string, number>();
      const expectLoad = new Map<string, number>();
      for (let i = 0; i < child.cells.length; i++) {
        const p = h3.cellToParent(child.cells[i], parent.res);
        expectCustomers.set(p, (expectCustomers.get(p) ?? 0) + child.customers[i]);
        expectLoad.set(p, (expectLoad.get(p) ?? 0) + child.loadKw[i]);
      }
      expect(parent.cells.length).toBe(expectCustomers.size);
      for (let i = 0; i < parent.cells.length; i++) {
        expect(parent.customers[i]).toBe(expectCustomers.get(parent.cells[i]));
        expect(parent.loadKw[i]).toBe(expectLoad.get(parent.cells[i]));
      }
    }
  });

  it('assigns each parent the district holding most of its finest descendants', () => {
    const l8 = levels[2];
    const votes = new Map<string, number[]>();
    finest.cells.forEach((c, j) => {
      const p = h3.cellToParent(c, 8);
      const v = votes.get(p) ?? [0, 0, 0];
      v[finest.district[j]]++;
      votes.set(p, v);
    });
    let mixed = 0;
    for (let i = 0; i < l8.cells.length; i++) {
      const v = votes.get(l8.cells[i]) as number[];
      if (v[1] > 0 && v[2] > 0) mixed++;
      expect(l8.district[i]).toBe(v[1] >= v[2] ? 1 : 2);
    }
    expect(mixed).toBeGreaterThan(0); // the two districts meet, so some parents straddle them
  });

  it('rejects unsorted cells and mismatched columns', () => {
    expect(() => parentsOf([finest.cells[1], finest.cells[0]] as H3Cell[], 9)).toThrow(/sorted/);
    expect(() => buildHierarchy({ ...finest, faults: new Float64Array(1) }, 7)).toThrow(/faults/);
  });
});
