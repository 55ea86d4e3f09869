/**
 * Coarsening by heavy-edge matching (Karypis & Kumar 1998): visit units in random order, pair each
 * unmatched unit with the unmatched neighbour joined by the heaviest edge, and contract the pairs.
 * Pairs never cross zones, never join units pinned to different grids and never exceed
 * `maxWeight` in any column, so every coarse unit is a connected set of fine units that a single
 * grid may hold. One level costs O(n + m).
 */
import type { Level } from './graph.ts';
import type { Rng } from '../random.ts';
import { shuffleInPlace } from '../random.ts';

/**
 * Contracts one level.
 * @param maxWeight per column, the largest weight a coarse unit may carry.
 * @returns the coarse level and `cmap[u]`, the coarse unit of fine unit u.
 */
export function coarsenOnce(fine: Level, maxWeight: Float64Array, rng: Rng): { coarse: Level; cmap: Int32Array } {
  const { n, offsets, targets, ew, ncon, w, zone, lock } = fine;
  const match = new Int32Array(n).fill(-1);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  shuffleInPlace(rng, order);
  for (let oi = 0; oi < n; oi++) {
    const u = order[oi];
    if (match[u] >= 0) continue;
    let best = -1;
    let bestW = -1;
    let bestLoad = Infinity;
    for (let i = offsets[u], e = offsets[u + 1]; i < e; i++) {
      const v = targets[i];
      if (match[v] >= 0 || zone[v] !== zone[u] || lock[v] !== lock[u]) continue;
      let fits = true;
      let load = 0;
      for (let c = 0; c < ncon; c++) {
        const x = w[u * ncon + c] + w[v * ncon + c];
        if (x > maxWeight[c]) fits = false;
        load += maxWeight[c] > 0 ? x / maxWeight[c] : 0;
      }
      if (!fits) continue;
      // heaviest edge; among equal edges the lighter pair keeps coarse units even
      if (ew[i] > bestW || (ew[i] === bestW && load < bestLoad)) {
        best = v;
        bestW = ew[i];
        bestLoad = load;
      }
    }
    if (best >= 0) {
      match[u] = best;
      match[best] = u;
    } else match[u] = u;
  }
  // number coarse units in fine order so the result does not depend on the visit order beyond the matching
  const cmap = new Int32Array(n).fill(-1);
  let cn = 0;
  for (let u = 0; u < n; u++) {
    if (cmap[u] >= 0) continue;
    cmap[u] = cn;
    cmap[match[u]] = cn;
    cn++;
  }
  const cw = new Float64Array(cn * ncon);
  const czone = new Int32Array(cn);
  const clock = new Int32Array(cn);
  for (let u = 0; u < n; u++) {
    const cu = cmap[u];
    for (let c = 0; c < ncon; c++) cw[cu * ncon + c] += w[u * ncon + c];
    czone[cu] = zone[u];
    clock[cu] = lock[u];
  }
  // merge adjacency: `slot[cv]` is the position of coarse neighbour cv in the row being built
  const slot = new Int32Array(cn).fill(-1);
  const coff = new Int32Array(cn + 1);
  const ctg = new Int32Array(targets.length);
  const cew = new Float64Array(targets.length);
  let p = 0;
  let cu = 0;
  for (let u = 0; u < n; u++) {
    if (cmap[u] !== cu) continue; // visit each coarse unit once, at its first fine unit
    const rowStart = p;
    const members = match[u] === u ? 1 : 2;
    for (let k = 0; k < members; k++) {
      const x = k === 0 ? u : match[u];
      for (let i = offsets[x], e = offsets[x + 1]; i < e; i++) {
        const cv = cmap[targets[i]];
        if (cv === cu) continue;
        const s = slot[cv];
        if (s >= rowStart) cew[s] += ew[i];
        else {
          slot[cv] = p;
          ctg[p] = cv;
          cew[p++] = ew[i];
        }
      }
    }
    coff[++cu] = p;
  }
  const coarse: Level = {
    n: cn,
    offsets: coff,
    targets: ctg.slice(0, p),
    ew: cew.slice(0, p),
    ncon,
    w: cw,
    zone: czone,
    lock: clock,
  };
  return { coarse, cmap };
}
