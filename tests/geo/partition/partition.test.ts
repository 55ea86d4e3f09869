import { describe, expect, it } from 'vitest';
import { GeoError } from '../../../geo/errors.ts';
import { partition } from '../../../geo/partition/partition.ts';
import { csrFromEdges, gridGraph, randomGeometricGraph, randomWeights } from './graphs.ts';
import { cutEdges, maxDevPct, piecesOf } from './reference.ts';

function expectContiguous(graph: Parameters<typeof piecesOf>[0], part: Int32Array, k: number): void {
  for (let g = 0; g < k; g++) expect(piecesOf(graph, part, g), `grid ${g}`).toBe(1);
}

function infeasibleField(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(GeoError);
    expect((e as GeoError).code).toBe('infeasible');
    return (e as GeoError).field;
  }
  throw new Error('expected an infeasible error');
}

describe('partition', () => {
  const cases = [
    { name: 'grid 20×20', ...gridGraph(20, 20), ks: [2, 5, 12] },
    { name: 'grid 35×12', ...gridGraph(35, 12), ks: [3, 9] },
    { name: 'random geometric 400', ...randomGeometricGraph(400, 0.09, 7), ks: [4, 10] },
    { name: 'random geometric 900', ...randomGeometricGraph(900, 0.06, 11), ks: [6, 25] },
  ];
  for (const c of cases) {
    for (const k of c.ks) {
      it(`${c.name}, k=${k}: contiguous, both weights within ±3%, metrics agree with a recount`, () => {
        const n = c.graph.offsets.length - 1;
        const w1 = randomWeights(n, 1, 9, n + k);
        const w2 = randomWeights(n, 0, 30, 2 * n + k);
        const r = partition(c.graph, [w1, w2], { k, seed: 3, timeBudgetMs: 5000, search: 'never' });
        expectContiguous(c.graph, r.assignment, k);
        expect(maxDevPct(r.assignment, k, w1)).toBeLessThanOrEqual(3 + 1e-9);
        expect(maxDevPct(r.assignment, k, w2)).toBeLessThanOrEqual(3 + 1e-9);
        expect(r.feasible).toBe(true);
        expect(r.metrics.nonContiguous).toBe(0);
        expect(r.metrics.cutEdges).toBe(cutEdges(c.graph, r.assignment));
        expect(r.metrics.maxDevPct[0]).toBeCloseTo(maxDevPct(r.assignment, k, w1), 9);
      });
    }
  }

  it('stays contiguous when diffusion and the balance polish do heavy work (skewed weights, many grids)', () => {
    const { graph } = gridGraph(70, 45);
    const n = 70 * 45;
    // weights concentrated towards one corner, so the first split is far from balanced
    const w1 = Float64Array.from({ length: n }, (_, u) => 1 + Math.floor(30 / (1 + ((u % 70) + Math.floor(u / 70)) / 12)));
    const w2 = randomWeights(n, 1, 40, 13);
    for (const k of [40, 90]) {
      const r = partition(graph, [w1, w2], { k, seed: 5, search: 'never', timeBudgetMs: 3000 });
      expectContiguous(graph, r.assignment, k);
      expect(r.metrics.nonContiguous).toBe(0);
    }
  }, 60_000);

  it('finds the obvious optimum on small graphs with the restart search', () => {
    // a 10×4 grid split in two equal halves: the best cut is the 4 edges of the middle column
    const { graph } = gridGraph(10, 4);
    const ones = new Float64Array(40).fill(1);
    const r = partition(graph, [ones], { k: 2, tolerancePct: 0, seed: 1, restarts: 20, timeBudgetMs: 10_000 });
    expect(r.metrics.cutEdges).toBe(4);
    expect(r.feasible).toBe(true);
    // a path splits with one cut edge per boundary
    const path = csrFromEdges(12, Array.from({ length: 11 }, (_, i) => [i, i + 1] as [number, number]));
    const rp = partition(path, [new Float64Array(12).fill(1)], { k: 3, tolerancePct: 0, seed: 2, restarts: 10 });
    expect(rp.metrics.cutEdges).toBe(2);
    expectContiguous(path, rp.assignment, 3);
  });

  it('is deterministic for a seed and differs across seeds on a large enough instance', () => {
    const { graph } = randomGeometricGraph(500, 0.08, 5);
    const w = randomWeights(500, 1, 20, 9);
    const run = (seed: number): Int32Array => partition(graph, [w], { k: 7, seed, restarts: 4, timeBudgetMs: 60_000 }).assignment;
    expect(Array.from(run(42))).toEqual(Array.from(run(42)));
    expect(Array.from(run(42))).not.toEqual(Array.from(run(43)));
  }, 60_000);

  it('reports progress from 0 to 1, non-decreasing', () => {
    const { graph } = gridGraph(15, 15);
    const seen: number[] = [];
    partition(graph, [new Float64Array(225).fill(1)], { k: 5, onProgress: (f) => seen.push(f), restarts: 3 });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen[seen.length - 1]).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    for (const f of seen) expect(f).toBeGreaterThanOrEqual(0);
  });

  it('keeps pinned units and seed units in their grid', () => {
    const { graph } = gridGraph(16, 16);
    const w = randomWeights(256, 1, 5, 4);
    const locked = new Int32Array(256).fill(-1);
    locked[0] = 3;
    locked[1] = 3;
    locked[255] = 0;
    const seeds = new Int32Array([-1, 120, -1, -1, 17]);
    const r = partition(graph, [w], { k: 5, lockedUnits: locked, seedUnits: seeds, seed: 1, search: 'never' });
    expect(r.assignment[0]).toBe(3);
    expect(r.assignment[1]).toBe(3);
    expect(r.assignment[255]).toBe(0);
    expect(r.assignment[120]).toBe(1);
    expect(r.assignment[17]).toBe(4);
    expectContiguous(graph, r.assignment, 5);
    expect(maxDevPct(r.assignment, 5, w)).toBeLessThanOrEqual(3 + 1e-9);
  });

  it('leaves locked grids untouched and balances the others', () => {
    const { graph } = gridGraph(20, 20);
    const w = randomWeights(400, 1, 9, 5);
    const first = partition(graph, [w], { k: 8, seed: 1, search: 'never' }).assignment;
    const r = partition(graph, [w], { k: 8, seed: 9, initial: first, lockedGrids: [2, 5], search: 'never' });
    for (let u = 0; u < 400; u++) {
      if (first[u] === 2 || first[u] === 5) expect(r.assignment[u]).toBe(first[u]);
      else expect([2, 5]).not.toContain(r.assignment[u]);
    }
    expectContiguous(graph, r.assignment, 8);
    expect(r.feasible).toBe(true);
  });

  it('never lets a grid cross a hard boundary', () => {
    const { graph } = gridGraph(24, 10);
    const regions = new Int32Array(240);
    for (let u = 0; u < 240; u++) regions[u] = u % 24 < 12 ? 0 : 1; // left and right halves
    const w = new Float64Array(240).fill(1);
    const r = partition(graph, [w], { k: 6, regions, seed: 1, search: 'never' });
    const label = new Int32Array(6).fill(-1);
    for (let u = 0; u < 240; u++) {
      const g = r.assignment[u];
      if (label[g] === -1) label[g] = regions[u];
      expect(regions[u]).toBe(label[g]);
    }
    expectContiguous(graph, r.assignment, 6);
    expect(r.feasible).toBe(true);
  });

  it('respects a max diameter when it reports feasible', () => {
    const { graph, centroids } = gridGraph(20, 20);
    const w = new Float64Array(400).fill(1);
    const r = partition(graph, [w], { k: 8, seed: 1, maxDiameterKm: 12, geometry: { centroids }, search: 'never' });
    expect(r.metrics.maxDiameterKm).not.toBeNull();
    if (r.feasible) expect(r.metrics.maxDiameterKm!).toBeLessThanOrEqual(12);
    expectContiguous(graph, r.assignment, 8);
  });

  describe('infeasible requests name the constraint', () => {
    const { graph } = gridGraph(6, 6);
    const ones = new Float64Array(36).fill(1);
    it('k larger than the units', () => {
      expect(infeasibleField(() => partition(graph, [ones], { k: 37 }))).toBe('k');
    });
    it('a unit heavier than a grid may be', () => {
      const w = ones.slice();
      w[7] = 30;
      expect(infeasibleField(() => partition(graph, [w], { k: 4 }))).toBe('tolerancePct');
    });
    it('pinned units already over tolerance', () => {
      const locked = new Int32Array(36).fill(-1);
      for (let u = 0; u < 12; u++) locked[u] = 0; // 12 units for a mean of 9
      expect(infeasibleField(() => partition(graph, [ones], { k: 4, lockedUnits: locked }))).toBe('lockedUnits');
    });
    it('a disconnected graph with fewer grids than pieces', () => {
      const two = csrFromEdges(6, [[0, 1], [1, 2], [3, 4], [4, 5]]);
      expect(infeasibleField(() => partition(two, [new Float64Array(6).fill(1)], { k: 1 }))).toBe('graph');
    });
    it('a region too small for its share', () => {
      const regions = new Int32Array(36);
      regions[0] = 1; // a one-unit region cannot hold a grid of about 9 units
      expect(infeasibleField(() => partition(graph, [ones], { k: 4, regions }))).toBe('regions');
    });
    it('a seed unit pinned elsewhere', () => {
      const locked = new Int32Array(36).fill(-1);
      locked[5] = 1;
      expect(infeasibleField(() => partition(graph, [ones], { k: 4, lockedUnits: locked, seedUnits: new Int32Array([5]) }))).toBe('seedUnits');
    });
  });

  it('rejects malformed input with invalid_input', () => {
    const { graph } = gridGraph(3, 3);
    expect(() => partition(graph, [new Float64Array(8)], { k: 2 })).toThrow(/weights\[0\]/);
    expect(() => partition({ offsets: graph.offsets, targets: Int32Array.from(graph.targets, (v) => (v === 4 ? 99 : v)) }, [new Float64Array(9)], { k: 2 })).toThrow(/graph.targets/);
    expect(() => partition(graph, [new Float64Array(9).fill(1)], { k: 0 })).toThrow(/k:/);
  });
});

describe('partition: infeasible tolerance names the lower bound', () => {
  it('reports the best achievable max deviation per column when one unit outweighs a grid', () => {
    const { graph } = gridGraph(6, 6);
    const n = 36;
    const w1 = new Float64Array(n).fill(1);
    w1[14] = 30; // total 65, mean 16.25 for k = 4: this unit alone is 84.6% above the mean
    const w2 = new Float64Array(n).fill(2);
    try {
      partition(graph, [w1, w2], { k: 4, tolerancePct: 3 });
      throw new Error('expected an infeasible error');
    } catch (e) {
      expect(e).toBeInstanceOf(GeoError);
      expect((e as GeoError).field).toBe('tolerancePct');
      expect((e as Error).message).toMatch(/best achievable max deviation is 84\.6% in column 0, 0\.0% in column 1/);
    }
  });
});
