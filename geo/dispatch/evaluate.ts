/**
 * Exact evaluation of candidate routes for the local-search operators: the cost of a job
 * sequence on a vehicle (same formula as Solution.updateRoute) and the gain of removing a segment.
 */
import { jobTimeCost } from './core.ts';
import type { Core } from './core.ts';
import type { Solution } from './solution.ts';

/**
 * Cost of serving `seq[0..len)` with vehicle v (see Core), or +Infinity when a skill, capacity,
 * time window or shift end is violated. O(len).
 */
export function sequenceCost(core: Core, v: number, seq: Int32Array, len: number): number {
  if (len === 0) return 0;
  const N = core.nLocs;
  let t = core.vehStart[v];
  let loc = core.vehStartLoc[v];
  let dist = 0;
  let timeC = 0;
  let load = 0;
  let pen = 0;
  const vs = core.vehSkills[v];
  for (let k = 0; k < len; k++) {
    const j = seq[k];
    if ((core.jobSkills[j] & ~vs) !== 0) return Infinity;
    const l = core.jobLoc[j];
    let st = t + core.dur[loc * N + l];
    if (st < core.jobTwStart[j]) st = core.jobTwStart[j];
    if (st > core.jobTwEnd[j]) return Infinity;
    if (core.timeCost) timeC += jobTimeCost(core, j, st);
    dist += core.dist[loc * N + l];
    load += core.jobDemand[j];
    const pv = core.jobPrefVehicle[j];
    if (pv >= 0 && pv !== v) pen += core.movePenalty;
    t = st + core.jobService[j];
    loc = l;
  }
  if (load > core.vehCapacity[v]) return Infinity;
  const end = core.vehEndLoc[v];
  if (end >= 0) {
    t += core.dur[loc * N + end];
    dist += core.dist[loc * N + end];
  }
  if (t > core.vehEnd[v]) return Infinity;
  return core.vehFixed[v] + core.travelWeight * dist + timeC + pen;
}

/** Two scratch sequences the operators build candidates in (grown on demand, reused). */
export const SCRATCH = { a: new Int32Array(64), b: new Int32Array(64) };

/** Ensures both scratch sequences hold at least `n` entries. O(n) when growing. */
export function ensureScratch(n: number): void {
  if (SCRATCH.a.length < n) {
    SCRATCH.a = new Int32Array(n * 2);
    SCRATCH.b = new Int32Array(n * 2);
  }
}

/**
 * Cost decrease of removing `count` jobs starting at seq index `from` of route r, or −Infinity
 * when the shortened route is infeasible (possible only without the triangle inequality).
 * O(1) for VRPTW costs (from the slack arrays), O(m) with time-dependent costs.
 */
export function removalGain(sol: Solution, r: number, from: number, count: number): number {
  const c = sol.core;
  const m = sol.len[r];
  if (c.timeCost || c.movePenalty > 0) {
    ensureScratch(m);
    const a = SCRATCH.a;
    const s = sol.seq[r];
    let n = 0;
    for (let k = 0; k < m; k++) if (k < from || k >= from + count) a[n++] = s[k];
    const cost = sequenceCost(c, r, a, n);
    return cost === Infinity ? -Infinity : sol.routeCost[r] - cost;
  }
  if (count === m) return sol.routeCost[r];
  const N = c.nLocs;
  const s = sol.seq[r];
  const prevLoc = from === 0 ? c.vehStartLoc[r] : c.jobLoc[s[from - 1]];
  const dep = from === 0 ? sol.early[r][0] : sol.early[r][from] + c.jobService[s[from - 1]];
  const last = from + count; // seq index of the job after the segment (m: the end)
  const nextLoc = last === m ? c.vehEndLoc[r] : c.jobLoc[s[last]];
  let ns = dep + (nextLoc >= 0 ? c.dur[prevLoc * N + nextLoc] : 0);
  if (last < m && ns < c.jobTwStart[s[last]]) ns = c.jobTwStart[s[last]];
  if (ns > sol.late[r][last + 1]) return -Infinity;
  let removed = 0;
  let loc = prevLoc;
  for (let k = from; k < last; k++) {
    const l = c.jobLoc[s[k]];
    removed += c.dist[loc * N + l];
    loc = l;
  }
  removed += nextLoc >= 0 ? c.dist[loc * N + nextLoc] : 0;
  const added = nextLoc >= 0 ? c.dist[prevLoc * N + nextLoc] : 0;
  return c.travelWeight * (removed - added);
}
