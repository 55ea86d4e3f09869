/**
 * Relocate: move one job from its route to a position in another route.
 */
import { insertionDelta } from '../insertion.ts';
import { removalGain } from '../evaluate.ts';
import type { Solution } from '../solution.ts';

/**
 * Exact cost decrease of moving the job at seq index i of route r1 into route r2 before index j
 * (0..len[r2]); −Infinity when infeasible. Requires r1 ≠ r2.
 * O(1) for VRPTW costs, O(m) with time-dependent costs.
 */
export function relocateGain(sol: Solution, r1: number, i: number, r2: number, j: number): number {
  const u = sol.seq[r1][i];
  const add = insertionDelta(sol, u, r2, j);
  if (add === Infinity) return -Infinity;
  const rem = removalGain(sol, r1, i, 1);
  return rem - add;
}

/** Applies the relocate move (see relocateGain). O(m). */
export function applyRelocate(sol: Solution, r1: number, i: number, r2: number, j: number): void {
  const u = sol.seq[r1][i];
  sol.removeRange(r1, i, 1);
  sol.updateRoute(r1);
  sol.insert(u, r2, j);
}
