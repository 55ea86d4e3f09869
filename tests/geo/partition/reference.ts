/** Plain reference computations the partitioner and the editor are checked against. */
import type { CsrGraph } from '../../../geo/partition/types.ts';

/** Number of connected pieces of grid g (units with part = g), by plain BFS; `skip` is left out. */
export function piecesOf(graph: CsrGraph, part: Int32Array, g: number, skip = -1): number {
  const n = part.length;
  const seen = new Uint8Array(n);
  let pieces = 0;
  for (let s = 0; s < n; s++) {
    if (part[s] !== g || s === skip || seen[s]) continue;
    pieces++;
    const stack = [s];
    seen[s] = 1;
    while (stack.length > 0) {
      const u = stack.pop()!;
      for (let i = graph.offsets[u]; i < graph.offsets[u + 1]; i++) {
        const v = graph.targets[i];
        if (part[v] === g && v !== skip && !seen[v]) {
          seen[v] = 1;
          stack.push(v);
        }
      }
    }
  }
  return pieces;
}

/** Max |load − mean| / mean in percent for one column. */
export function maxDevPct(part: Int32Array, k: number, w: Float64Array): number {
  const loads = new Float64Array(k);
  let total = 0;
  for (let u = 0; u < part.length; u++) {
    loads[part[u]] += w[u];
    total += w[u];
  }
  const mean = total / k;
  let worst = 0;
  for (let g = 0; g < k; g++) worst = Math.max(worst, Math.abs(loads[g] - mean) / mean);
  return worst * 100;
}

/** Undirected edges between different grids. */
export function cutEdges(graph: CsrGraph, part: Int32Array): number {
  let c = 0;
  for (let u = 0; u < part.length; u++) for (let i = graph.offsets[u]; i < graph.offsets[u + 1]; i++) if (part[graph.targets[i]] !== part[u]) c++;
  return c / 2;
}
