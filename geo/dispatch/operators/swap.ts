/**
 * Swap: exchange two jobs between two routes, each taking the other's position.
 */
import { SCRATCH, ensureScratch, sequenceCost } from '../evaluate.ts';
import type { Solution } from '../solution.ts';

/**
 * Exact cost decrease of exchanging the job at seq index i of route r1 with the job at index j
 * of route r2 (r1 ≠ r2); −Infinity when infeasible. O(m).
 */
export function swapGain(sol: Solution, r1: number, i: number, r2: number, j: number): number {
  const c = sol.core;
  const m1 = sol.len[r1];
  const m2 = sol.len[r2];
  ensureScratch(Math.max(m1, m2));
  const a = SCRATCH.a;
  const b = SCRATCH.b;
  a.set(sol.seq[r1].subarray(0, m1));
  a[i] = sol.seq[r2][j];
  const c1 = sequenceCost(c, r1, a, m1);
  if (c1 === Infinity) return -Infinity;
  b.set(sol.seq[r2].subarray(0, m2));
  b[j] = sol.seq[r1][i];
  const c2 = sequenceCost(c, r2, b, m2);
  if (c2 === Infinity) return -Infinity;
  return sol.routeCost[r1] + sol.routeCost[r2] - c1 - c2;
}

/** Applies the swap move (see swapGain). O(m). */
export function applySwap(sol: Solution, r1: number, i: number, r2: number, j: number): void {
  const u = sol.seq[r1][i];
  const v = sol.seq[r2][j];
  sol.seq[r1][i] = v;
  sol.seq[r2][j] = u;
  sol.updateRoute(r1);
  sol.updateRoute(r2);
}
