/** Test graphs: square grids and random geometric graphs, in CSR form with seeded weights. */
import { mulberry32 } from '../../../geo/random.ts';
import type { CsrGraph } from '../../../geo/partition/types.ts';

/** CSR from an undirected edge list (each edge once). */
export function csrFromEdges(n: number, edges: Array<[number, number]>): CsrGraph {
  const deg = new Int32Array(n);
  for (const [a, b] of edges) {
    deg[a]++;
    deg[b]++;
  }
  const offsets = new Int32Array(n + 1);
  for (let u = 0; u < n; u++) offsets[u + 1] = offsets[u] + deg[u];
  const fill = offsets.slice(0, n);
  const targets = new Int32Array(offsets[n]);
  for (const [a, b] of edges) {
    targets[fill[a]++] = b;
    targets[fill[b]++] = a;
  }
  return { offsets, targets };
}

/** A w × h 4-neighbour grid; unit id = y·w + x; centroids ~1 km apart near Guangzhou. */
export function gridGraph(w: number, h: number): { graph: CsrGraph; centroids: Float64Array } {
  const edges: Array<[number, number]> = [];
  const centroids = new Float64Array(2 * w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const u = y * w + x;
      if (x + 1 < w) edges.push([u, u + 1]);
      if (y + 1 < h) edges.push([u, u + w]);
      centroids[2 * u] = 113.3 + x * 0.0098;
      centroids[2 * u + 1] = 23.1 + y * 0.009;
    }
  }
  return { graph: csrFromEdges(w * h, edges), centroids };
}

/**
 * n random points in the unit square joined when closer than `radius`, plus the edges of a chain
 * through the points sorted by x so the graph is connected.
 */
export function randomGeometricGraph(n: number, radius: number, seed: number): { graph: CsrGraph; centroids: Float64Array } {
  const rng = mulberry32(seed);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    xs[i] = rng();
    ys[i] = rng();
  }
  const seen = new Set<number>();
  const edges: Array<[number, number]> = [];
  const add = (a: number, b: number): void => {
    const key = Math.min(a, b) * n + Math.max(a, b);
    if (a === b || seen.has(key)) return;
    seen.add(key);
    edges.push([a, b]);
  };
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if ((xs[i] - xs[j]) ** 2 + (ys[i] - ys[j]) ** 2 < radius * radius) add(i, j);
  const byX = Array.from({ length: n }, (_, i) => i).sort((a, b) => xs[a] - xs[b]);
  for (let i = 0; i + 1 < n; i++) add(byX[i], byX[i + 1]);
  const centroids = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    centroids[2 * i] = 113 + xs[i] * 0.5;
    centroids[2 * i + 1] = 23 + ys[i] * 0.5;
  }
  return { graph: csrFromEdges(n, edges), centroids };
}

/** A weight column of integers in [lo, hi] (seeded). */
export function randomWeights(n: number, lo: number, hi: number, seed: number): Float64Array {
  const rng = mulberry32(seed);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = lo + Math.floor(rng() * (hi - lo + 1));
  return w;
}
