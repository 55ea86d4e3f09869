/**
 * 2-opt*: exchange the tails of two routes (route r1 keeps its first i jobs and takes r2's jobs
 * from index j on; r2 keeps its first j jobs and takes r1's tail).
 */
import { SCRATCH, ensureScratch, sequenceCost } from '../evaluate.ts';
import type { Solution } from '../solution.ts';

/** Writes r1[0..i) + r2[j..] into a and r2[0..j) + r1[i..] into b; returns their lengths. */
function build(sol: Solution, r1: number, i: number, r2: number, j: number): [number, number] {
  const m1 = sol.len[r1];
  const m2 = sol.len[r2];
  ensureScratch(m1 + m2);
  const a = SCRATCH.a;
  const b = SCRATCH.b;
  const s1 = sol.seq[r1];
  const s2 = sol.seq[r2];
  a.set(s1.subarray(0, i));
  a.set(s2.subarray(j, m2), i);
  b.set(s2.subarray(0, j));
  b.set(s1.subarray(i, m1), j);
  return [i + m2 - j, j + m1 - i];
}

/**
 * Exact cost decrease of the tail exchange at cut points i (0..len[r1]) and j (0..len[r2]),
 * r1 ≠ r2; −Infinity when infeasible. O(m).
 */
export function twoOptStarGain(sol: Solution, r1: number, i: number, r2: number, j: number): number {
  const [la, lb] = build(sol, r1, i, r2, j);
  const c1 = sequenceCost(sol.core, r1, SCRATCH.a, la);
  if (c1 === Infinity) return -Infinity;
  const c2 = sequenceCost(sol.core, r2, SCRATCH.b, lb);
  if (c2 === Infinity) return -Infinity;
  return sol.routeCost[r1] + sol.routeCost[r2] - c1 - c2;
}

/** Applies the 2-opt* move (see twoOptStarGain). O(m). */
export function applyTwoOptStar(sol: Solution, r1: number, i: number, r2: number, j: number): void {
  const [la, lb] = build(sol, r1, i, r2, j);
  const a = SCRATCH.a.slice(0, la);
  const b = SCRATCH.b.slice(0, lb);
  sol.seq[r1].set(a);
  sol.len[r1] = la;
  sol.seq[r2].set(b);
  sol.len[r2] = lb;
  sol.updateRoute(r1);
  sol.updateRoute(r2);
}
