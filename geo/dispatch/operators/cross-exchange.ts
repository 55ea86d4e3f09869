/**
 * Cross-exchange: swap a segment of 1–3 jobs of one route with a segment of 0–3 jobs of another
 * (Taillard et al. 1997); segments keep their orientation.
 */
import { SCRATCH, ensureScratch, sequenceCost } from '../evaluate.ts';
import type { Solution } from '../solution.ts';

/** Longest segment cross-exchange moves. */
export const CROSS_MAX = 3;

function splice(dst: Int32Array, s: Int32Array, m: number, i: number, li: number, o: Int32Array, j: number, lj: number): number {
  let n = 0;
  for (let k = 0; k < i; k++) dst[n++] = s[k];
  for (let k = 0; k < lj; k++) dst[n++] = o[j + k];
  for (let k = i + li; k < m; k++) dst[n++] = s[k];
  return n;
}

/**
 * Exact cost decrease of exchanging segment [i, i+li) of route r1 with [j, j+lj) of route r2
 * (r1 ≠ r2); −Infinity when infeasible. O(m).
 */
export function crossExchangeGain(sol: Solution, r1: number, i: number, li: number, r2: number, j: number, lj: number): number {
  const m1 = sol.len[r1];
  const m2 = sol.len[r2];
  ensureScratch(m1 + m2);
  const la = splice(SCRATCH.a, sol.seq[r1], m1, i, li, sol.seq[r2], j, lj);
  const c1 = sequenceCost(sol.core, r1, SCRATCH.a, la);
  if (c1 === Infinity) return -Infinity;
  const lb = splice(SCRATCH.b, sol.seq[r2], m2, j, lj, sol.seq[r1], i, li);
  const c2 = sequenceCost(sol.core, r2, SCRATCH.b, lb);
  if (c2 === Infinity) return -Infinity;
  return sol.routeCost[r1] + sol.routeCost[r2] - c1 - c2;
}

/** Applies the cross-exchange move (see crossExchangeGain). O(m). */
export function applyCrossExchange(sol: Solution, r1: number, i: number, li: number, r2: number, j: number, lj: number): void {
  const m1 = sol.len[r1];
  const m2 = sol.len[r2];
  ensureScratch(m1 + m2);
  const la = splice(SCRATCH.a, sol.seq[r1], m1, i, li, sol.seq[r2], j, lj);
  const lb = splice(SCRATCH.b, sol.seq[r2], m2, j, lj, sol.seq[r1], i, li);
  sol.seq[r1].set(SCRATCH.a.subarray(0, la));
  sol.len[r1] = la;
  sol.seq[r2].set(SCRATCH.b.subarray(0, lb));
  sol.len[r2] = lb;
  sol.updateRoute(r1);
  sol.updateRoute(r2);
}
