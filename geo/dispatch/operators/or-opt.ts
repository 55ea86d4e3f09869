/**
 * Or-opt: move a segment of 1–3 consecutive jobs to another position of the same route,
 * optionally reversed.
 */
import { SCRATCH, ensureScratch, sequenceCost } from '../evaluate.ts';
import type { Solution } from '../solution.ts';

/** Longest segment or-opt moves. */
export const OR_OPT_MAX = 3;

/**
 * Writes route r with the segment [i, i+len) removed and reinserted before index `to` of the
 * remaining sequence (0..m−len), reversed if asked, into SCRATCH.a. O(m).
 */
function build(sol: Solution, r: number, i: number, len: number, to: number, reverse: boolean): number {
  const m = sol.len[r];
  ensureScratch(m);
  const s = sol.seq[r];
  const a = SCRATCH.a;
  let n = 0;
  let rest = 0; // index in the remaining sequence
  for (let k = 0; k <= m; k++) {
    if (k < m && k >= i && k < i + len) continue;
    if (rest === to) {
      for (let q = 0; q < len; q++) a[n++] = s[reverse ? i + len - 1 - q : i + q];
    }
    if (k === m) break;
    a[n++] = s[k];
    rest++;
  }
  return n;
}

/**
 * Exact cost decrease of moving segment [i, i+len) of route r to index `to` of the remaining
 * jobs (0..m−len), reversed when `reverse`; −Infinity when infeasible. O(m).
 */
export function orOptGain(sol: Solution, r: number, i: number, len: number, to: number, reverse: boolean): number {
  const n = build(sol, r, i, len, to, reverse);
  const cost = sequenceCost(sol.core, r, SCRATCH.a, n);
  return cost === Infinity ? -Infinity : sol.routeCost[r] - cost;
}

/** Applies the or-opt move (see orOptGain). O(m). */
export function applyOrOpt(sol: Solution, r: number, i: number, len: number, to: number, reverse: boolean): void {
  const n = build(sol, r, i, len, to, reverse);
  sol.seq[r].set(SCRATCH.a.subarray(0, n));
  sol.updateRoute(r);
}
