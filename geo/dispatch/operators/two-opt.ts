/**
 * Intra-route 2-opt: reverse the segment [i, j] of one route.
 */
import { SCRATCH, ensureScratch, sequenceCost } from '../evaluate.ts';
import type { Solution } from '../solution.ts';

function build(sol: Solution, r: number, i: number, j: number): number {
  const m = sol.len[r];
  ensureScratch(m);
  const s = sol.seq[r];
  const a = SCRATCH.a;
  for (let k = 0; k < m; k++) a[k] = k >= i && k <= j ? s[i + j - k] : s[k];
  return m;
}

/**
 * Exact cost decrease of reversing seq indices i..j (i < j) of route r; −Infinity when
 * infeasible. O(m).
 */
export function twoOptGain(sol: Solution, r: number, i: number, j: number): number {
  const m = build(sol, r, i, j);
  const cost = sequenceCost(sol.core, r, SCRATCH.a, m);
  return cost === Infinity ? -Infinity : sol.routeCost[r] - cost;
}

/** Applies the reversal (see twoOptGain). O(m). */
export function applyTwoOpt(sol: Solution, r: number, i: number, j: number): void {
  const m = build(sol, r, i, j);
  sol.seq[r].set(SCRATCH.a.subarray(0, m));
  sol.updateRoute(r);
}
