/**
 * Directed graph in CSR form built from a RoadNetwork and its edge weights: the arcs leaving node u
 * are offsets[u] .. offsets[u+1]-1. Weights are integer deciseconds (see profile.ts).
 */
import { DIR_BACKWARD, DIR_FORWARD, type RoadNetwork } from './network.ts';

export interface Graph {
  n: number;
  /** CSR row starts, length n + 1 */
  offsets: Int32Array;
  /** arc head node */
  targets: Int32Array;
  /** arc weight, deciseconds */
  weights: Int32Array;
  /** arc length, metres */
  lengths: Float64Array;
  /** arc → edge · 2 + (1 when the arc runs the edge target → source) */
  arcEdge: Int32Array;
}

/**
 * Builds the CSR graph of allowed travel directions. With `reverse`, every arc is flipped (arcs
 * entering u are listed at u), for searches towards a target. O(nodes + edges).
 */
export function buildGraph(net: RoadNetwork, weights: Int32Array, reverse = false): Graph {
  const n = net.nodeCount;
  const offsets = new Int32Array(n + 1);
  const each = (fn: (from: number, to: number, e: number, back: number) => void): void => {
    for (let e = 0; e < net.edgeCount; e++) {
      const s = net.edgeSource[e];
      const t = net.edgeTarget[e];
      if (net.edgeDir[e] & DIR_FORWARD) {
        if (reverse) fn(t, s, e, 0);
        else fn(s, t, e, 0);
      }
      if (net.edgeDir[e] & DIR_BACKWARD) {
        if (reverse) fn(s, t, e, 1);
        else fn(t, s, e, 1);
      }
    }
  };
  each((from) => offsets[from + 1]++);
  for (let i = 0; i < n; i++) offsets[i + 1] += offsets[i];
  const m = offsets[n];
  const targets = new Int32Array(m);
  const ws = new Int32Array(m);
  const lengths = new Float64Array(m);
  const arcEdge = new Int32Array(m);
  const fill = offsets.slice(0, n);
  each((from, to, e, back) => {
    const a = fill[from]++;
    targets[a] = to;
    ws[a] = weights[e];
    lengths[a] = net.edgeLength[e];
    arcEdge[a] = 2 * e + back;
  });
  return { n, offsets, targets, weights: ws, lengths, arcEdge };
}
