/**
 * Greedy boundary refinement that never disconnects a grid (the k-way "greedy refinement" of
 * METIS, made connectivity-preserving). Each pass visits the units in a fixed random order; a unit
 * on a grid boundary moves to the neighbouring grid with the best gain when the gain is positive:
 *
 *   gain = −Δcut − λ·Δviolation − μ·Δspread   (μ = 0 once every grid is within tolerance)
 *
 * where `violation` is the out-of-tolerance load and `spread` the squared deviation from the mean
 * (it lets load flow across grids that are all at their limit). A move that would raise the
 * violation is never taken, and λ doubles after every pass that ends out of tolerance, so balance
 * wins over cut edges step by step. Before a move, a bounded BFS checks that the donor grid stays
 * connected. One pass is O(m + moved·grid size) in the worst case, O(m) in practice on planar
 * graphs.
 */
import type { ConnectivityChecker } from './connectivity.ts';
import type { PartitionState } from './state.ts';

/** What a refinement or search needs besides the state. */
export interface SearchContext {
  checker: ConnectivityChecker;
  /** performance.now() at which to stop. */
  deadline: number;
  /** clock in ms. */
  now: () => number;
  /** optional extra constraint (max diameter): may unit u join grid g. */
  allowed?: (u: number, g: number) => boolean;
}

/**
 * Runs refinement passes on `state` until a pass finds nothing, `maxPasses` passes, or the
 * deadline. `order` is the visiting order of the units (a permutation of [0, n)).
 * @returns the number of moves made.
 */
export function refine(state: PartitionState, ctx: SearchContext, order: Int32Array, maxPasses: number, strict = false): number {
  const { level, part, sizes, gridZone } = state;
  const { n, offsets, targets, ew, lock, zone } = level;
  // cut units per unit of violation: a typical unit's weight is k/n of a mean
  let totalEw = 0;
  for (let i = 0; i < ew.length; i++) totalEw += ew[i];
  const avgDeg = n > 0 ? totalEw / n : 1;
  let lam = 0.5 * avgDeg * Math.max(1, n / state.k);
  const lamCap = lam * 4096;
  const candG = new Int32Array(64);
  const candW = new Float64Array(64);
  let moves = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    const balancing = state.badGrids > 0 && !strict;
    const mu = balancing ? lam : 0;
    let passMoves = 0;
    const forward = (pass & 1) === 0;
    for (let oi = 0; oi < n; oi++) {
      const u = order[forward ? oi : n - 1 - oi];
      if (lock[u] >= 0) continue;
      const a = part[u];
      // distinct neighbouring grids and the edge weight into each
      let nc = 0;
      let connA = 0;
      for (let i = offsets[u], e = offsets[u + 1]; i < e; i++) {
        const v = targets[i];
        const g = part[v];
        if (g === a) {
          connA += ew[i];
          continue;
        }
        if (zone[v] !== zone[u] || gridZone[g] !== zone[u]) continue;
        let j = 0;
        while (j < nc && candG[j] !== g) j++;
        if (j === nc) {
          if (nc === candG.length) continue;
          candG[nc] = g;
          candW[nc++] = 0;
        }
        candW[j] += ew[i];
      }
      if (nc === 0 || sizes[a] <= 1) continue;
      let best = -1;
      let bestGain = 1e-9;
      for (let j = 0; j < nc; j++) {
        const b = candG[j];
        const dv = state.deltaViolation(u, a, b);
        if (dv > 1e-12 || (strict && !state.keepsEachColumn(u, a, b))) continue;
        let gain = candW[j] - connA - lam * dv;
        if (mu > 0) gain -= mu * state.deltaSpread(u, a, b);
        if (gain > bestGain && (!ctx.allowed || ctx.allowed(u, b))) {
          bestGain = gain;
          best = b;
        }
      }
      if (best < 0) continue;
      if (!ctx.checker.staysConnected(offsets, targets, part, u)) continue;
      state.move(u, best);
      passMoves++;
    }
    moves += passMoves;
    const outOfBand = state.badGrids > 0;
    if (outOfBand) lam *= 2;
    if ((passMoves === 0 && !(outOfBand && lam <= lamCap)) || ctx.now() > ctx.deadline) break;
  }
  return moves;
}
