/**
 * Local search: first-improvement descent over the six operators on granular neighbourhoods
 * (job u is tried next to its K nearest jobs only), until no operator improves or the deadline.
 */
import { relocateGain, applyRelocate } from './operators/relocate.ts';
import { swapGain, applySwap } from './operators/swap.ts';
import { twoOptStarGain, applyTwoOptStar } from './operators/two-opt-star.ts';
import { orOptGain, applyOrOpt, OR_OPT_MAX } from './operators/or-opt.ts';
import { crossExchangeGain, applyCrossExchange, CROSS_MAX } from './operators/cross-exchange.ts';
import { twoOptGain, applyTwoOpt } from './operators/two-opt.ts';
import type { Solution } from './solution.ts';

const MIN_GAIN = 0.5; // costs are integers: a gain below 1 is no gain

/**
 * Tries every operator around job u (assigned) and its neighbour w; applies the first improving
 * move. @returns true when a move was applied. O(m) per candidate.
 */
function improveAround(sol: Solution, u: number, w: number): boolean {
  const r1 = sol.routeOf[u];
  const r2 = sol.routeOf[w];
  if (r1 < 0 || r2 < 0) return false;
  const i = sol.posOf[u];
  const j = sol.posOf[w];
  if (r1 !== r2) {
    for (let jj = j; jj <= j + 1; jj++) {
      if (relocateGain(sol, r1, i, r2, jj) > MIN_GAIN) {
        applyRelocate(sol, r1, i, r2, jj);
        return true;
      }
    }
    if (swapGain(sol, r1, i, r2, j) > MIN_GAIN) {
      applySwap(sol, r1, i, r2, j);
      return true;
    }
    // u followed by w's successor, and u's predecessor followed by w
    if (twoOptStarGain(sol, r1, i + 1, r2, j + 1) > MIN_GAIN) {
      applyTwoOptStar(sol, r1, i + 1, r2, j + 1);
      return true;
    }
    if (twoOptStarGain(sol, r1, i, r2, j) > MIN_GAIN) {
      applyTwoOptStar(sol, r1, i, r2, j);
      return true;
    }
    const m1 = sol.len[r1];
    const m2 = sol.len[r2];
    for (let li = 1; li <= CROSS_MAX && i + li <= m1; li++) {
      for (let lj = 0; lj <= CROSS_MAX && j + lj <= m2; lj++) {
        if (li === 1 && lj <= 1) continue; // relocate and swap cover these
        if (crossExchangeGain(sol, r1, i, li, r2, j, lj) > MIN_GAIN) {
          applyCrossExchange(sol, r1, i, li, r2, j, lj);
          return true;
        }
      }
    }
    return false;
  }
  const m = sol.len[r1];
  for (let len = 1; len <= OR_OPT_MAX && i + len <= m; len++) {
    if (j >= i && j < i + len) continue;
    const wr = j < i ? j : j - len; // w's index once the segment is out
    for (let to = wr; to <= wr + 1; to++) {
      for (let rv = 0; rv < (len > 1 ? 2 : 1); rv++) {
        const rev = rv === 1;
        if (orOptGain(sol, r1, i, len, to, rev) > MIN_GAIN) {
          applyOrOpt(sol, r1, i, len, to, rev);
          return true;
        }
      }
    }
  }
  const a = Math.min(i, j);
  const b = Math.max(i, j);
  if (b > a && twoOptGain(sol, r1, a, b) > MIN_GAIN) {
    applyTwoOpt(sol, r1, a, b);
    return true;
  }
  return false;
}

/**
 * Improves `sol` in place until no move among relocate, swap, 2-opt*, cross-exchange, or-opt
 * and 2-opt around each job's `k` nearest neighbours improves, or `now() ≥ deadline`.
 * Relocation into an empty route of each vehicle type is tried too.
 * @returns the number of moves applied. O(passes · n · k · m).
 */
export function localSearch(sol: Solution, k: number, now: () => number, deadline: number): number {
  const c = sol.core;
  const n = c.nJobs;
  const K = Math.min(k + 1, n);
  let moves = 0;
  let improved = true;
  while (improved) {
    improved = false;
    for (let u = 0; u < n; u++) {
      if ((u & 7) === 0 && now() >= deadline) return moves;
      if (sol.routeOf[u] < 0) continue;
      for (let q = 1; q < K; q++) {
        const w = c.neighbors[u * n + q];
        if (improveAround(sol, u, w)) {
          moves++;
          improved = true;
          break;
        }
      }
      // a route of its own (e.g. a crew idle nearby)
      const r1 = sol.routeOf[u];
      if (r1 < 0) continue;
      for (let r = 0; r < c.nVehicles; r++) {
        if (sol.len[r] !== 0 || r === r1) continue;
        if (relocateGain(sol, r1, sol.posOf[u], r, 0) > MIN_GAIN) {
          applyRelocate(sol, r1, sol.posOf[u], r, 0);
          moves++;
          improved = true;
          break;
        }
      }
    }
  }
  return moves;
}
