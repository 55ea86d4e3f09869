/**
 * Cost and feasibility of inserting one job into a route, in O(1) from the route's earliest/latest
 * start arrays (plus O(suffix) for the time-dependent terms when the Core has any).
 */
import { jobTimeCost } from './core.ts';
import type { Rng } from '../random.ts';
import type { Solution } from './solution.ts';

/**
 * Cost change of inserting unassigned job j into route r before seq index k (0..len[r]),
 * or +Infinity when infeasible (skills, capacity, time windows, shift).
 * O(1) for VRPTW costs; O(m − k) when time-dependent costs exist.
 */
export function insertionDelta(sol: Solution, j: number, r: number, k: number): number {
  const c = sol.core;
  if ((c.jobSkills[j] & ~c.vehSkills[r]) !== 0) return Infinity;
  if (sol.load[r] + c.jobDemand[j] > c.vehCapacity[r]) return Infinity;
  return positionDelta(sol, j, r, k);
}

/** insertionDelta without the skill and capacity checks (the caller did them). */
function positionDelta(sol: Solution, j: number, r: number, k: number): number {
  const c = sol.core;
  const N = c.nLocs;
  const m = sol.len[r];
  const s = sol.seq[r];
  const early = sol.early[r];
  const lj = c.jobLoc[j];
  let prevLoc: number;
  let dep: number;
  if (k === 0) {
    prevLoc = c.vehStartLoc[r];
    dep = early[0];
  } else {
    const p = s[k - 1];
    prevLoc = c.jobLoc[p];
    dep = early[k] + c.jobService[p];
  }
  let st = dep + c.dur[prevLoc * N + lj];
  if (st < c.jobTwStart[j]) st = c.jobTwStart[j];
  if (st > c.jobTwEnd[j]) return Infinity;
  const after = st + c.jobService[j];
  let nextLoc: number;
  let nextStart: number;
  if (k === m) {
    nextLoc = c.vehEndLoc[r];
    nextStart = nextLoc >= 0 ? after + c.dur[lj * N + nextLoc] : after;
  } else {
    const nj = s[k];
    nextLoc = c.jobLoc[nj];
    nextStart = after + c.dur[lj * N + nextLoc];
    if (nextStart < c.jobTwStart[nj]) nextStart = c.jobTwStart[nj];
  }
  if (nextStart > sol.late[r][k + 1]) return Infinity;
  let delta: number;
  if (nextLoc >= 0) {
    delta = c.dist[prevLoc * N + lj] + c.dist[lj * N + nextLoc] - (m > 0 ? c.dist[prevLoc * N + nextLoc] : 0);
  } else {
    delta = c.dist[prevLoc * N + lj];
  }
  delta *= c.travelWeight;
  if (m === 0) delta += c.vehFixed[r];
  const pv = c.jobPrefVehicle[j];
  if (pv >= 0 && pv !== r) delta += c.movePenalty;
  if (c.timeCost) {
    delta += jobTimeCost(c, j, st);
    // later jobs shift until a wait absorbs the delay
    let t = after;
    let loc = lj;
    for (let i = k; i < m; i++) {
      const jj = s[i];
      const l = c.jobLoc[jj];
      let ns = t + c.dur[loc * N + l];
      if (ns < c.jobTwStart[jj]) ns = c.jobTwStart[jj];
      const old = early[i + 1];
      if (ns === old) break;
      delta += jobTimeCost(c, jj, ns) - jobTimeCost(c, jj, old);
      t = ns + c.jobService[jj];
      loc = l;
    }
  }
  return delta;
}

/** Service start job j would get if inserted into route r before index k (no feasibility check). O(1). */
export function insertionStart(sol: Solution, j: number, r: number, k: number): number {
  const c = sol.core;
  const N = c.nLocs;
  let prevLoc: number;
  let dep: number;
  if (k === 0) {
    prevLoc = c.vehStartLoc[r];
    dep = sol.early[r][0];
  } else {
    const p = sol.seq[r][k - 1];
    prevLoc = c.jobLoc[p];
    dep = sol.early[r][k] + c.jobService[p];
  }
  const st = dep + c.dur[prevLoc * N + c.jobLoc[j]];
  return st < c.jobTwStart[j] ? c.jobTwStart[j] : st;
}

/** Result slots of `bestInsertionInRoute` (module-level to avoid allocation). */
export const BEST = { delta: Infinity, index: -1 };

/**
 * Positions left before the next blink. Blinks are i.i.d. per position with probability p, so
 * the gap between two is geometric: one random draw per blink instead of one per position.
 */
let blinkCountdown = -1;
let blinkRate = -1;

/** Forgets the blink countdown, so that a search run depends only on its own rng. O(1). */
export function resetBlinks(): void {
  blinkRate = -1;
  blinkCountdown = -1;
}

function nextBlinkGap(rng: Rng, p: number): number {
  return Math.floor(Math.log(1 - rng()) / Math.log(1 - p));
}

/**
 * Cheapest feasible insertion of job j into route r over all positions; each position is skipped
 * with probability `blink` (SISR's blinks; 0 for none). Positions that cannot beat `bound` are
 * skipped: with time-dependent costs, j's own time cost at the departure from the previous stop
 * is a lower bound on the delta, and it only grows along the route (travel detours are taken
 * as ≥ 0, true on matrices closed under shortest paths). Writes BEST.delta / BEST.index
 * (Infinity / −1 when none beats the bound). O(m) for VRPTW costs.
 */
export function bestInsertionInRoute(sol: Solution, j: number, r: number, rng: Rng | null, blink: number, bound = Infinity): void {
  BEST.delta = Infinity;
  BEST.index = -1;
  const c = sol.core;
  if ((c.jobSkills[j] & ~c.vehSkills[r]) !== 0) return;
  if (sol.load[r] + c.jobDemand[j] > c.vehCapacity[r]) return;
  const m = sol.len[r];
  const early = sol.early[r];
  const s = sol.seq[r];
  const twEnd = c.jobTwEnd[j];
  let best = bound;
  let fixed = m === 0 ? c.vehFixed[r] : 0;
  const pv = c.jobPrefVehicle[j];
  if (pv >= 0 && pv !== r) fixed += c.movePenalty;
  if (!c.timeCost) {
    bestInsertionVrptw(sol, j, r, rng, blink, best, fixed);
    return;
  }
  for (let k = 0; k <= m; k++) {
    // service start is non-decreasing along the route: once a position starts after j's window, stop
    if (k > 0 && early[k] > twEnd) break;
    const dep = k === 0 ? early[0] : early[k] + c.jobService[s[k - 1]];
    const lb = fixed + jobTimeCost(c, j, dep > c.jobTwStart[j] ? dep : c.jobTwStart[j]);
    if (lb >= best) break;
    if (rng !== null && blink > 0 && blinked(rng, blink)) continue;
    const d = positionDelta(sol, j, r, k);
    if (d < best) {
      best = d;
      BEST.delta = d;
      BEST.index = k;
    }
  }
}

/** Advances the blink countdown; true when this position blinks. */
function blinked(rng: Rng, blink: number): boolean {
  if (blinkRate !== blink) {
    blinkRate = blink;
    blinkCountdown = nextBlinkGap(rng, blink);
  }
  if (blinkCountdown-- === 0) {
    blinkCountdown = nextBlinkGap(rng, blink);
    return true;
  }
  return false;
}

/**
 * bestInsertionInRoute for costs without time terms, reading the per-position location,
 * departure and ready-time columns directly (the search's hottest loop). Same results as
 * positionDelta over every position.
 */
function bestInsertionVrptw(sol: Solution, j: number, r: number, rng: Rng | null, blink: number, bound: number, fixed: number): void {
  const c = sol.core;
  const N = c.nLocs;
  const dur = c.dur;
  const dist = c.dist;
  const m = sol.len[r];
  const early = sol.early[r];
  const late = sol.late[r];
  const locs = sol.locs[r];
  const dep = sol.dep[r];
  const ready = sol.ready[r];
  const lj = c.jobLoc[j];
  const rowJ = lj * N;
  const twS = c.jobTwStart[j];
  const twE = c.jobTwEnd[j];
  const svc = c.jobService[j];
  const tw = c.travelWeight;
  let best = bound;
  for (let k = 0; k <= m; k++) {
    if (k > 0 && early[k] > twE) break;
    if (rng !== null && blink > 0 && blinked(rng, blink)) continue;
    const a = locs[k];
    const rowA = a * N;
    let st = dep[k] + dur[rowA + lj];
    if (st < twS) st = twS;
    if (st > twE) continue;
    const b = locs[k + 1];
    let d: number;
    if (b >= 0) {
      let ns = st + svc + dur[rowJ + b];
      if (ns < ready[k + 1]) ns = ready[k + 1];
      if (ns > late[k + 1]) continue;
      d = dist[rowA + lj] + dist[rowJ + b] - (m > 0 ? dist[rowA + b] : 0);
    } else {
      if (st + svc > late[k + 1]) continue;
      d = dist[rowA + lj];
    }
    d = d * tw + fixed;
    if (d < best) {
      best = d;
      BEST.delta = d;
      BEST.index = k;
    }
  }
}
