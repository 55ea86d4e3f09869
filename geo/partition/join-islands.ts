/**
 * Joins the connected components of a unit graph (islands, exclaves) into one, so a partition of
 * it can be contiguous: each component other than the largest gets one link ("ferry") from its
 * unit nearest to a unit outside it, smallest component first, until one component remains.
 * Cell graphs built from H3 neighbours have such islands (the Pearl River delta in Nansha).
 * O(n + m + Σ_small |C|·n) with C the components linked (islands are small).
 */
import { haversineM } from '../coords/haversine.ts';
import { check } from '../errors.ts';
import { validateGraph } from './graph.ts';
import type { CsrGraph } from './types.ts';

/**
 * Returns a new CSR graph with the added links (both directions) and the links themselves.
 * @param centroids interleaved `[lng, lat]` per unit.
 * @throws GeoError('invalid_input') for a malformed graph or centroid array.
 */
export function joinIslands(graph: CsrGraph, centroids: Float64Array): { graph: CsrGraph; links: Array<[number, number]> } {
  const n = validateGraph(graph);
  check(centroids.length === 2 * n, 'centroids', `needs 2·n = ${2 * n} numbers, got ${centroids.length}`);
  const { offsets, targets } = graph;
  // union-find over units, seeded with the existing edges
  const parent = new Int32Array(n);
  for (let u = 0; u < n; u++) parent[u] = u;
  const find = (u: number): number => {
    while (parent[u] !== u) {
      parent[u] = parent[parent[u]];
      u = parent[u];
    }
    return u;
  };
  for (let u = 0; u < n; u++) for (let i = offsets[u]; i < offsets[u + 1]; i++) {
    const a = find(u);
    const b = find(targets[i]);
    if (a !== b) parent[a] = b;
  }
  const links: Array<[number, number]> = [];
  for (;;) {
    const size = new Map<number, number>();
    for (let u = 0; u < n; u++) {
      const r = find(u);
      size.set(r, (size.get(r) ?? 0) + 1);
    }
    if (size.size <= 1) break;
    let small = -1;
    let smallSize = Infinity;
    for (const [r, s] of size) if (s < smallSize) {
      small = r;
      smallSize = s;
    }
    let best = Infinity;
    let bu = -1;
    let bv = -1;
    for (let u = 0; u < n; u++) {
      if (find(u) !== small) continue;
      for (let v = 0; v < n; v++) {
        if (find(v) === small) continue;
        const d = haversineM(centroids[2 * u], centroids[2 * u + 1], centroids[2 * v], centroids[2 * v + 1]);
        if (d < best) {
          best = d;
          bu = u;
          bv = v;
        }
      }
    }
    links.push([bu, bv]);
    parent[find(bu)] = find(bv);
  }
  if (links.length === 0) return { graph, links };
  const extra = new Int32Array(n);
  for (const [a, b] of links) {
    extra[a]++;
    extra[b]++;
  }
  const off = new Int32Array(n + 1);
  for (let u = 0; u < n; u++) off[u + 1] = off[u] + (offsets[u + 1] - offsets[u]) + extra[u];
  const tg = new Int32Array(off[n]);
  const fill = new Int32Array(n);
  for (let u = 0; u < n; u++) {
    tg.set(targets.subarray(offsets[u], offsets[u + 1]), off[u]);
    fill[u] = off[u] + offsets[u + 1] - offsets[u];
  }
  for (const [a, b] of links) {
    tg[fill[a]++] = b;
    tg[fill[b]++] = a;
  }
  return { graph: { offsets: off, targets: tg }, links };
}
