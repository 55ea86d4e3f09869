/**
 * The internal weighted graph the partitioner works on at every level of the multilevel scheme,
 * and the helpers that build it: input validation, zones (connected pieces of one hard-boundary
 * region), induced subgraphs.
 */
import { check } from '../errors.ts';
import type { CsrGraph } from './types.ts';

/** A (possibly coarsened) graph with everything the search needs, all in typed arrays. */
export interface Level {
  n: number;
  /** CSR adjacency, both directions stored. */
  offsets: Int32Array;
  targets: Int32Array;
  /** weight of each CSR entry (the number of fine edges it stands for, or the caller's weights). */
  ew: Float64Array;
  /** number of weight columns. */
  ncon: number;
  /** unit weights interleaved: `w[u * ncon + c]`. */
  w: Float64Array;
  /** zone of each unit: a connected piece of one hard-boundary region; grids never span zones. */
  zone: Int32Array;
  /** grid a unit is pinned to, or -1. */
  lock: Int32Array;
}

/**
 * Validates a CSR graph: offsets monotone and in range, targets in range, no self loops.
 * Symmetry is the caller's promise (checking it costs a sort). O(n + m).
 * @throws GeoError('invalid_input') naming `graph.offsets` or `graph.targets`.
 */
export function validateGraph(graph: CsrGraph): number {
  const { offsets, targets } = graph;
  check(offsets instanceof Int32Array && offsets.length >= 1, 'graph.offsets', 'must be an Int32Array of length n + 1');
  check(targets instanceof Int32Array, 'graph.targets', 'must be an Int32Array');
  const n = offsets.length - 1;
  check(offsets[0] === 0 && offsets[n] === targets.length, 'graph.offsets', `must start at 0 and end at targets.length (${targets.length}), got ${offsets[0]}..${offsets[n]}`);
  for (let u = 0; u < n; u++) {
    const a = offsets[u];
    const b = offsets[u + 1];
    check(b >= a, 'graph.offsets', `must be non-decreasing, offsets[${u + 1}] = ${b} < ${a}`);
    for (let i = a; i < b; i++) {
      const v = targets[i];
      check(v >= 0 && v < n && v !== u, 'graph.targets', `entry ${i} of unit ${u} is ${v}, must be another unit in [0, ${n})`);
    }
  }
  return n;
}

/**
 * Labels zones: connected components of the graph keeping only edges whose two ends carry the
 * same region label (all edges when `regions` is undefined). O(n + m).
 * @returns zone per unit and the number of zones.
 */
export function computeZones(offsets: Int32Array, targets: Int32Array, regions: Int32Array | undefined): { zone: Int32Array; count: number } {
  const n = offsets.length - 1;
  const zone = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  let count = 0;
  for (let s = 0; s < n; s++) {
    if (zone[s] !== -1) continue;
    const z = count++;
    zone[s] = z;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    while (head < tail) {
      const u = queue[head++];
      const r = regions ? regions[u] : 0;
      for (let i = offsets[u], e = offsets[u + 1]; i < e; i++) {
        const v = targets[i];
        if (zone[v] !== -1) continue;
        if (regions && regions[v] !== r) continue;
        zone[v] = z;
        queue[tail++] = v;
      }
    }
  }
  return { zone, count };
}

/**
 * The subgraph induced by the units with `keep[u] = 1`. O(n + m).
 * @returns the subgraph's CSR and `local → original` unit indices (`toOriginal`), plus
 *   `original → local` (`toLocal`, -1 for dropped units).
 */
export function inducedSubgraph(offsets: Int32Array, targets: Int32Array, ew: Float64Array, keep: Uint8Array): { offsets: Int32Array; targets: Int32Array; ew: Float64Array; toOriginal: Int32Array; toLocal: Int32Array } {
  const n = offsets.length - 1;
  const toLocal = new Int32Array(n).fill(-1);
  let m = 0;
  for (let u = 0; u < n; u++) if (keep[u]) toLocal[u] = m++;
  const toOriginal = new Int32Array(m);
  for (let u = 0; u < n; u++) if (keep[u]) toOriginal[toLocal[u]] = u;
  const subOffsets = new Int32Array(m + 1);
  let edges = 0;
  for (let i = 0; i < m; i++) {
    const u = toOriginal[i];
    for (let j = offsets[u], e = offsets[u + 1]; j < e; j++) if (keep[targets[j]]) edges++;
    subOffsets[i + 1] = edges;
  }
  const subTargets = new Int32Array(edges);
  const subEw = new Float64Array(edges);
  let p = 0;
  for (let i = 0; i < m; i++) {
    const u = toOriginal[i];
    for (let j = offsets[u], e = offsets[u + 1]; j < e; j++) {
      const v = targets[j];
      if (!keep[v]) continue;
      subTargets[p] = toLocal[v];
      subEw[p++] = ew[j];
    }
  }
  return { offsets: subOffsets, targets: subTargets, ew: subEw, toOriginal, toLocal };
}
