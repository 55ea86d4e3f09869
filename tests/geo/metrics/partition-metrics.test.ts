import { describe, expect, it } from 'vitest';
import { haversineM } from '../../../geo/coords/haversine.ts';
import { computePartitionMetrics, diameterKm, hexagonPerimeter, polsbyPopper } from '../../../geo/metrics/index.ts';
import { mulberry32 } from '../../../geo/random.ts';
import { csrFromEdges, gridGraph } from '../partition/graphs.ts';

describe('partition metrics', () => {
  it('counts cut edges, deviation and non-contiguous grids on a hand-made case', () => {
    // path 0-1-2-3-4-5, grids [0,0,1,1,0,2]: grid 0 is in two pieces
    const g = csrFromEdges(6, [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5]]);
    const w = new Float64Array([1, 1, 2, 2, 1, 3]);
    const m = computePartitionMetrics(g, new Int32Array([0, 0, 1, 1, 0, 2]), 3, [w]);
    expect(m.cutEdges).toBe(3);
    expect(m.nonContiguous).toBe(1);
    // loads 3, 4, 3, mean 10/3: worst |4 − 10/3| / (10/3) = 20%
    expect(m.maxDevPct[0]).toBeCloseTo(20, 9);
    expect(m.polsbyPopperMean).toBeNull();
    expect(m.maxDiameterKm).toBeNull();
  });

  it('counts an empty grid as non-contiguous', () => {
    const g = csrFromEdges(3, [[0, 1], [1, 2]]);
    const m = computePartitionMetrics(g, new Int32Array([0, 0, 0]), 2, [new Float64Array([1, 1, 1])]);
    expect(m.nonContiguous).toBe(1);
    expect(m.maxDevPct[0]).toBeCloseTo(100, 9);
  });

  it('Polsby-Popper of 2×2 unit squares is π/4, of a 1×4 strip 4π/100', () => {
    const { graph } = gridGraph(4, 4);
    const areas = new Float64Array(16).fill(1);
    const perimeters = new Float64Array(16).fill(4);
    const shared = new Float64Array(graph.targets.length).fill(1);
    // four 2×2 blocks
    const blocks = Int32Array.from({ length: 16 }, (_, u) => ((u % 4) >> 1) + 2 * (Math.floor(u / 4) >> 1));
    const m = computePartitionMetrics(graph, blocks, 4, [areas], { areas, perimeters, sharedBoundary: shared });
    expect(m.polsbyPopperMean).toBeCloseTo(Math.PI / 4, 12);
    // four rows
    const rows = Int32Array.from({ length: 16 }, (_, u) => Math.floor(u / 4));
    const r = computePartitionMetrics(graph, rows, 4, [areas], { areas, perimeters, sharedBoundary: shared });
    expect(r.polsbyPopperMin).toBeCloseTo((4 * Math.PI * 4) / 100, 12);
    expect(polsbyPopper(1, 0)).toBe(0);
  });

  it('estimates a regular hexagon perimeter from its area', () => {
    const s = 2;
    const area = ((3 * Math.sqrt(3)) / 2) * s * s;
    expect(hexagonPerimeter(area)).toBeCloseTo(6 * s, 12);
  });

  it('diameter equals the brute-force largest pairwise distance', () => {
    const rng = mulberry32(9);
    for (let t = 0; t < 20; t++) {
      const m = 2 + Math.floor(rng() * 60);
      const c = new Float64Array(2 * m);
      for (let i = 0; i < m; i++) {
        c[2 * i] = 113 + rng() * 0.6;
        c[2 * i + 1] = 22.6 + rng() * 0.9;
      }
      let brute = 0;
      for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) brute = Math.max(brute, haversineM(c[2 * i], c[2 * i + 1], c[2 * j], c[2 * j + 1]));
      const units = Array.from({ length: m }, (_, i) => i);
      expect(diameterKm(c, units)).toBeCloseTo(brute / 1000, 6);
    }
    expect(diameterKm(new Float64Array([113, 23]), [0])).toBe(0);
  });
});
