import { describe, expect, it } from 'vitest';
import { geometricBisection } from '../../../geo/partition/geometric.ts';
import type { Level } from '../../../geo/partition/graph.ts';
import { partition } from '../../../geo/partition/partition.ts';
import { gridGraph } from './graphs.ts';
import { cutEdges, maxDevPct, piecesOf } from './reference.ts';

/**
 * Two columns that concentrate in different places, as customers (housing in the west) and load
 * (an industrial park in the north-east) do in a city: balancing their sum leaves each column far
 * off.
 */
function twoCentres(w: number, h: number): { customers: Float64Array; load: Float64Array } {
  const customers = new Float64Array(w * h);
  const load = new Float64Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const u = y * w + x;
      customers[u] = 1 + 20 * Math.exp(-((x - 0.2 * w) ** 2 + (y - 0.5 * h) ** 2) / (0.06 * w * h));
      load[u] = 1 + 30 * Math.exp(-((x - 0.75 * w) ** 2 + (y - 0.2 * h) ** 2) / (0.04 * w * h));
    }
  }
  return { customers, load };
}

function levelOf(graph: { offsets: Int32Array; targets: Int32Array }, cols: Float64Array[]): Level {
  const n = graph.offsets.length - 1;
  const w = new Float64Array(n * cols.length);
  for (let u = 0; u < n; u++) cols.forEach((c, j) => (w[u * cols.length + j] = c[u]));
  return { n, offsets: graph.offsets, targets: graph.targets, ew: new Float64Array(graph.targets.length).fill(1), ncon: cols.length, w, zone: new Int32Array(n), lock: new Int32Array(n).fill(-1) };
}

describe('geometricBisection', () => {
  const W = 60;
  const H = 60;
  const { graph, centroids } = gridGraph(W, H);
  const { customers, load } = twoCentres(W, H);
  const n = W * H;

  it('gives every grid one connected piece with both columns near the mean', () => {
    const k = 8;
    const vec = new Float64Array(2 * n);
    const tc = customers.reduce((a, b) => a + b, 0);
    const tl = load.reduce((a, b) => a + b, 0);
    for (let u = 0; u < n; u++) {
      vec[2 * u] = (customers[u] * k) / tc;
      vec[2 * u + 1] = (load[u] * k) / tl;
    }
    const part = new Int32Array(n).fill(-1);
    const nodes = Int32Array.from({ length: n }, (_, i) => i);
    const done = geometricBisection(levelOf(graph, [customers, load]), nodes, [0, 1, 2, 3, 4, 5, 6, 7], centroids, vec, 2, 0.03, part);
    expect(done).toBe(true);
    expect(part.every((g) => g >= 0 && g < k)).toBe(true);
    for (let g = 0; g < k; g++) expect(piecesOf(graph, part, g)).toBe(1);
    expect(maxDevPct(part, k, customers)).toBeLessThan(3);
    expect(maxDevPct(part, k, load)).toBeLessThan(3);
  });

  it('stops and says so when the deadline has passed', () => {
    const part = new Int32Array(n).fill(-1);
    const nodes = Int32Array.from({ length: n }, (_, i) => i);
    const vec = new Float64Array(2 * n).fill(1 / n);
    expect(geometricBisection(levelOf(graph, [customers, load]), nodes, [0, 1, 2], centroids, vec, 2, 0.03, part, 0)).toBe(false);
  });
});

describe('partition with two columns that concentrate apart', () => {
  const W = 60;
  const H = 60;
  const { graph, centroids } = gridGraph(W, H);
  const { customers, load } = twoCentres(W, H);

  it('balances both columns contiguously when it knows the centroids', () => {
    const k = 8;
    const r = partition(graph, [customers, load], { k, tolerancePct: 3, seed: 3, timeBudgetMs: 20_000, search: 'never', geometry: { centroids } });
    for (let g = 0; g < k; g++) expect(piecesOf(graph, r.assignment, g)).toBe(1);
    expect(maxDevPct(r.assignment, k, customers)).toBeLessThanOrEqual(3 + 1e-9);
    expect(maxDevPct(r.assignment, k, load)).toBeLessThanOrEqual(3 + 1e-9);
    expect(r.feasible).toBe(true);
    expect(r.metrics.cutEdges).toBe(cutEdges(graph, r.assignment));
  }, 60_000);

  it('is at least as balanced with the centroids as without (the better start is kept)', () => {
    const k = 8;
    const worst = (a: Int32Array): number => Math.max(maxDevPct(a, k, customers), maxDevPct(a, k, load));
    const withGeo = partition(graph, [customers, load], { k, tolerancePct: 1, seed: 3, timeBudgetMs: 20_000, search: 'never', geometry: { centroids } });
    const without = partition(graph, [customers, load], { k, tolerancePct: 1, seed: 3, timeBudgetMs: 20_000, search: 'never' });
    expect(worst(withGeo.assignment)).toBeLessThanOrEqual(worst(without.assignment) + 1e-9);
  }, 60_000);
});
