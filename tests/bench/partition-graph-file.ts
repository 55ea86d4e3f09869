/**
 * Reads a districting graph in networkx JSON (the format of Validi & Buchanan's county dual graphs,
 * see `/work/shared/bench/SOURCES.md`): `{nodes: [{id, TOTPOP, C_X, C_Y, area, …}], adjacency:
 * [[{id, shared_perim}, …], …]}` (adjacency format) or `{nodes, links: [{source, target}]}`
 * (node-link format). Units keep the file's node order.
 */
import { readFileSync } from 'node:fs';
import type { CsrGraph, UnitGeometry } from '../../geo/partition/types.ts';

export interface DistrictingGraph {
  ids: Array<string | number>;
  graph: CsrGraph;
  population: Float64Array;
  geometry: UnitGeometry;
}

const POP_KEYS = ['TOTPOP', 'POP10', 'P0010001', 'population', 'pop', 'POP'];

/** Parses the file; self loops and duplicate edges are dropped, edges made symmetric. O(n + m). */
export function readDistrictingGraph(file: string): DistrictingGraph {
  const data = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: Array<Record<string, unknown>>;
    adjacency?: Array<Array<{ id: string | number; shared_perim?: number }>>;
    links?: Array<{ source: string | number; target: string | number; shared_perim?: number }>;
  };
  const nodes = data.nodes;
  const n = nodes.length;
  const ids = nodes.map((x, i) => (x.id ?? i) as string | number);
  const index = new Map<string, number>();
  ids.forEach((id, i) => index.set(String(id), i));
  const popKey = POP_KEYS.find((key) => typeof nodes[0]?.[key] === 'number');
  if (!popKey) throw new Error(`${file}: no population field (${POP_KEYS.join(', ')})`);
  const population = Float64Array.from(nodes, (x) => Number(x[popKey]));
  const edges = new Map<number, number>(); // key min·n + max → shared perimeter
  const add = (a: number, b: number, per: number): void => {
    if (a === b || a < 0 || b < 0) return;
    const key = Math.min(a, b) * n + Math.max(a, b);
    if (!edges.has(key)) edges.set(key, per);
  };
  if (data.adjacency) {
    data.adjacency.forEach((row, a) => row.forEach((e) => add(a, index.get(String(e.id)) ?? -1, e.shared_perim ?? 0)));
  } else if (data.links) {
    for (const l of data.links) add(index.get(String(l.source)) ?? -1, index.get(String(l.target)) ?? -1, l.shared_perim ?? 0);
  } else throw new Error(`${file}: neither "adjacency" nor "links"`);
  const deg = new Int32Array(n);
  for (const key of edges.keys()) {
    deg[Math.floor(key / n)]++;
    deg[key % n]++;
  }
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + deg[i];
  const fill = offsets.slice(0, n);
  const targets = new Int32Array(offsets[n]);
  const shared = new Float64Array(offsets[n]);
  for (const [key, per] of edges) {
    const a = Math.floor(key / n);
    const b = key % n;
    shared[fill[a]] = per;
    targets[fill[a]++] = b;
    shared[fill[b]] = per;
    targets[fill[b]++] = a;
  }
  const geometry: UnitGeometry = {};
  if (typeof nodes[0]?.C_X === 'number' && typeof nodes[0]?.C_Y === 'number') {
    geometry.centroids = new Float64Array(2 * n);
    nodes.forEach((x, i) => {
      geometry.centroids![2 * i] = Number(x.C_X);
      geometry.centroids![2 * i + 1] = Number(x.C_Y);
    });
  }
  return { ids, graph: { offsets, targets }, population, geometry };
}
