/**
 * 2-opt*: exchange the tails of two routes (route r1 keeps its first i jobs and takes r2's jobs
 * from index j on; r2 keeps its first j jobs and takes r1's tail).
 */
import { SCRATCH, ensureScratch, sequenceCost } from '../evaluate.ts';
import type { Solution } from '../solution.ts';

/** Lengths of the two candidate routes written by `build` (module-level: no allocation). */
const LEN = { a: 0, b: 0 };

/** Writes r1[0..i) + r2[j..] into a and r2[0..j) + r1[i..] into b; lengths into LEN. */
function build(sol: Solution, r1: number, i: number, r2: number, j: number): void {
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
  LEN.a = i + m2 - j;
  LEN.b = j + m1 - i;
}

/**
 * Exact cost decrease of the tail exchange at cut points i (0..len[r1]) and j (0..len[r2]),
 * r1 ≠ r2; −Infinity when infeasible. O(m).
 */
export function twoOptStarGain(sol: Solution, r1: number, i: number, r2: number, j: number): number {
  build(sol, r1, i, r2, j);
  const c1 = sequenceCost(sol.core, r1, SCRATCH.a, LEN.a);
  if (c1 === Infinity) return -Infinity;
  const c2 = sequenceCost(sol.core, r2, SCRATCH.b, LEN.b);
  if (c2 === Infinity) return -Infinity;
  return sol.routeCost[r1] + sol.routeCost[r2] - c1 - c2;
}

/** Applies the 2-opt* move (see twoOptStarGain). O(m). */
export function applyTwoOptStar(sol: Solution, r1: number, i: number, r2: number, j: number): void {
  build(sol, r1, i, r2, j);
  sol.seq[r1].set(SCRATCH.a.subarray(0, LEN.a));
  sol.len[r1] = LEN.a;
  sol.seq[r2].set(SCRATCH.b.subarray(0, LEN.b));
  sol.len[r2] = LEN.b;
  sol.updateRoute(r1);
  sol.updateRoute(r2);
}
