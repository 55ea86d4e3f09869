import { describe, expect, it } from 'vitest';
import { mulberry32, randomInt } from '../../../geo/random.ts';
import { computePartitionMetrics } from '../../../geo/metrics/partition-metrics.ts';
import { PartitionEditor } from '../../../geo/partition/editor.ts';
import { partition } from '../../../geo/partition/partition.ts';
import type { PartitionMetrics } from '../../../geo/partition/types.ts';
import { gridGraph, randomGeometricGraph, randomWeights } from './graphs.ts';
import { maxDevPct, piecesOf } from './reference.ts';

function expectSameMetrics(a: PartitionMetrics, b: PartitionMetrics): void {
  expect(a.k).toBe(b.k);
  expect(a.cutEdges).toBe(b.cutEdges);
  expect(a.nonContiguous).toBe(b.nonContiguous);
  a.maxDevPct.forEach((x, c) => expect(x).toBeCloseTo(b.maxDevPct[c], 7));
  for (const key of ['polsbyPopperMean', 'polsbyPopperMin', 'maxDiameterKm'] as const) {
    if (b[key] === null) expect(a[key]).toBeNull();
    else expect(a[key]!).toBeCloseTo(b[key]!, 7);
  }
}

describe('PartitionEditor', () => {
  const { graph, centroids } = randomGeometricGraph(600, 0.07, 21);
  const n = 600;
  const w1 = randomWeights(n, 1, 9, 1);
  const w2 = randomWeights(n, 0, 40, 2);
  const areas = randomWeights(n, 5, 15, 3).map((x) => x / 10);
  const geometry = { areas, centroids };
  const k = 9;
  const start = partition(graph, [w1, w2], { k, seed: 1, search: 'never' }).assignment;

  it('keeps sums and metrics equal to a full recomputation over random move sequences', () => {
    const ed = new PartitionEditor({ graph, weights: [w1, w2], k, assignment: start, geometry });
    const rng = mulberry32(77);
    for (let batch = 0; batch < 30; batch++) {
      for (let i = 0; i < 25; i++) {
        // mostly boundary moves (to a neighbour's grid), sometimes a jump anywhere
        const u = randomInt(rng, n);
        const deg = graph.offsets[u + 1] - graph.offsets[u];
        const to = rng() < 0.8 && deg > 0 ? ed.gridOf(graph.targets[graph.offsets[u] + randomInt(rng, deg)]) : randomInt(rng, k);
        ed.move(u, to);
      }
      const ref = computePartitionMetrics(graph, ed.assignment, k, [w1, w2], geometry);
      expectSameMetrics(ed.metrics(), ref);
      for (let g = 0; g < k; g++) {
        const st = ed.gridStats(g);
        let s1 = 0;
        let s2 = 0;
        let cnt = 0;
        for (let u = 0; u < n; u++) if (ed.assignment[u] === g) {
          s1 += w1[u];
          s2 += w2[u];
          cnt++;
        }
        expect(st.units).toBe(cnt);
        expect(st.loads[0]).toBeCloseTo(s1, 9);
        expect(st.loads[1]).toBeCloseTo(s2, 9);
        expect(st.contiguous).toBe(piecesOf(graph, ed.assignment, g) === 1);
      }
    }
  });

  it('wouldSplit agrees with a plain component count', () => {
    const ed = new PartitionEditor({ graph, weights: [w1], k, assignment: start });
    let splits = 0;
    for (let u = 0; u < n; u++) {
      const g = ed.gridOf(u);
      const expected = piecesOf(graph, ed.assignment, g, u) > piecesOf(graph, ed.assignment, g);
      expect(ed.wouldSplit(u)).toBe(expected);
      if (expected) splits++;
    }
    expect(splits).toBeGreaterThan(0); // the check is exercised both ways
    expect(() => ed.wouldSplit(0, (ed.gridOf(0) + 1) % k)).toThrow(/fromGrid/);
  });

  it('undoes moves by moving units back to the returned grid', () => {
    const ed = new PartitionEditor({ graph, weights: [w1, w2], k, assignment: start, geometry });
    const before = ed.metrics();
    const rng = mulberry32(5);
    const undo: Array<[number, number]> = [];
    for (let i = 0; i < 200; i++) {
      const u = randomInt(rng, n);
      undo.push([u, ed.move(u, randomInt(rng, k))]);
    }
    for (let i = undo.length - 1; i >= 0; i--) ed.move(undo[i][0], undo[i][1]);
    expect(Array.from(ed.assignment)).toEqual(Array.from(start));
    expectSameMetrics(ed.metrics(), before);
  });

  it('rebalances chosen grids, leaving the others untouched', () => {
    const g20 = gridGraph(30, 30);
    const m = 900;
    const w = randomWeights(m, 1, 9, 8);
    const base = partition(g20.graph, [w], { k: 12, seed: 2, search: 'never' }).assignment;
    const ed = new PartitionEditor({ graph: g20.graph, weights: [w], k: 12, assignment: base });
    // push 40 units of grid 0's neighbours into grid 0 (a planner over-enlarging a grid)
    const chosen = new Set<number>([0]);
    let pushed = 0;
    for (let pass = 0; pass < 10 && pushed < 40; pass++) {
      for (let u = 0; u < m && pushed < 40; u++) {
        if (ed.gridOf(u) === 0) continue;
        for (let i = g20.graph.offsets[u]; i < g20.graph.offsets[u + 1]; i++) {
          if (ed.gridOf(g20.graph.targets[i]) === 0 && !ed.wouldSplit(u)) {
            chosen.add(ed.gridOf(u));
            ed.move(u, 0);
            pushed++;
            break;
          }
        }
      }
    }
    const grids = [...chosen];
    const before = Int32Array.from(ed.assignment);
    const moves = ed.rebalance(grids, { tolerancePct: 3 });
    expect(moves.length).toBeGreaterThan(0);
    for (const mv of moves) {
      expect(grids).toContain(mv.from);
      expect(grids).toContain(mv.to);
      expect(before[mv.unit]).toBe(mv.from);
    }
    // the chosen grids are balanced around their own mean and contiguous
    const sub = grids.map((g) => ed.gridStats(g).loads[0]);
    const mean = sub.reduce((a, b) => a + b, 0) / sub.length;
    for (const x of sub) expect(Math.abs(x - mean) / mean).toBeLessThanOrEqual(0.03 + 1e-9);
    for (const g of grids) expect(piecesOf(g20.graph, ed.assignment, g)).toBe(1);
    for (let u = 0; u < m; u++) if (!chosen.has(before[u])) expect(ed.assignment[u]).toBe(before[u]);
    expect(maxDevPct(ed.assignment, 12, w)).toBeGreaterThanOrEqual(0);
  });
});
