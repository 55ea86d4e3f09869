/**
 * A plan under search: one route per vehicle with forward/backward time-window slack arrays, so
 * that inserting a job anywhere is checked in O(1) (Savelsbergh's earliest/latest start times).
 */
import type { Core } from './core.ts';
import { jobTimeCost } from './core.ts';

/**
 * Route positions: position 0 is the vehicle's start, positions 1..m are the jobs `seq[r][0..m-1]`,
 * position m+1 is the vehicle's end.
 */
export class Solution {
  readonly core: Core;
  /** seq[r][k]: k-th job of route r, for k < len[r]. Capacity nJobs. */
  readonly seq: Int32Array[];
  readonly len: Int32Array;
  /** early[r][i]: earliest service start at position i (0: departure, m+1: arrival at the end). */
  readonly early: Float64Array[];
  /** late[r][i]: latest service start at position i that keeps positions i..m+1 feasible. */
  readonly late: Float64Array[];
  /** locs[r][i]: matrix location at position i (end: −1 for an open route). */
  readonly locs: Int32Array[];
  /** dep[r][i]: earliest departure from position i (service start + service time). */
  readonly dep: Float64Array[];
  /** ready[r][i]: earliest allowed service start at position i (−∞ at the start and end). */
  readonly ready: Float64Array[];
  readonly load: Int32Array;
  /** Route distance (unweighted units) and route cost (see Core), 0 for an empty route. */
  readonly distSum: Float64Array;
  readonly routeCost: Float64Array;
  /** Route of each job (−1: unassigned) and its index in seq. */
  readonly routeOf: Int32Array;
  readonly posOf: Int32Array;
  /** Unassigned jobs (first `nUnassigned` entries) and each job's index in that list (−1: assigned). */
  readonly unassigned: Int32Array;
  readonly unIndex: Int32Array;
  nUnassigned = 0;
  /** Σ jobUnassignedCost over unassigned jobs. */
  unassignedCost = 0;

  constructor(core: Core) {
    this.core = core;
    const n = core.nJobs;
    const V = core.nVehicles;
    this.seq = [];
    this.early = [];
    this.late = [];
    this.locs = [];
    this.dep = [];
    this.ready = [];
    for (let r = 0; r < V; r++) {
      this.seq.push(new Int32Array(Math.max(1, n)));
      this.early.push(new Float64Array(n + 2));
      this.late.push(new Float64Array(n + 2));
      this.locs.push(new Int32Array(n + 2));
      this.dep.push(new Float64Array(n + 2));
      this.ready.push(new Float64Array(n + 2));
    }
    this.len = new Int32Array(V);
    this.load = new Int32Array(V);
    this.distSum = new Float64Array(V);
    this.routeCost = new Float64Array(V);
    this.routeOf = new Int32Array(n).fill(-1);
    this.posOf = new Int32Array(n).fill(-1);
    this.unassigned = new Int32Array(n);
    this.unIndex = new Int32Array(n).fill(-1);
    for (let j = 0; j < n; j++) this.addUnassigned(j);
    for (let r = 0; r < V; r++) this.updateRoute(r);
  }

  /** Total plan cost (see Core). O(V). */
  totalCost(): number {
    let c = this.unassignedCost;
    for (let r = 0; r < this.core.nVehicles; r++) c += this.routeCost[r];
    return c;
  }

  /** Number of non-empty routes. O(V). */
  usedVehicles(): number {
    let k = 0;
    for (let r = 0; r < this.core.nVehicles; r++) if (this.len[r] > 0) k++;
    return k;
  }

  /** Σ route distances in matrix units. O(V). */
  totalDistance(): number {
    let d = 0;
    for (let r = 0; r < this.core.nVehicles; r++) d += this.distSum[r];
    return d;
  }

  /** Marks job j unassigned (it must not be in a route). O(1). */
  addUnassigned(j: number): void {
    this.unIndex[j] = this.nUnassigned;
    this.unassigned[this.nUnassigned++] = j;
    this.unassignedCost += this.core.jobUnassignedCost[j];
    this.routeOf[j] = -1;
    this.posOf[j] = -1;
  }

  /** Removes job j from the unassigned list (swap-remove). O(1). */
  takeUnassigned(j: number): void {
    const i = this.unIndex[j];
    const last = this.unassigned[--this.nUnassigned];
    this.unassigned[i] = last;
    this.unIndex[last] = i;
    this.unIndex[j] = -1;
    this.unassignedCost -= this.core.jobUnassignedCost[j];
  }

  /** Inserts unassigned job j into route r before index k of seq (0..len) and updates the route. O(m). */
  insert(j: number, r: number, k: number): void {
    this.takeUnassigned(j);
    const s = this.seq[r];
    const m = this.len[r];
    s.copyWithin(k + 1, k, m);
    s[k] = j;
    this.len[r] = m + 1;
    this.updateRoute(r);
  }

  /**
   * Removes `count` jobs starting at seq index `from` of route r into the unassigned list.
   * Does NOT update the route's arrays: call `updateRoute(r)` after the last removal. O(m).
   */
  removeRange(r: number, from: number, count: number): void {
    const s = this.seq[r];
    const m = this.len[r];
    for (let k = from; k < from + count; k++) this.addUnassigned(s[k]);
    s.copyWithin(from, from + count, m);
    this.len[r] = m - count;
  }

  /** Replaces route r's sequence by `jobs` (all must be unassigned or already in r) and updates it. O(m). */
  setRoute(r: number, jobs: ArrayLike<number>): void {
    const s = this.seq[r];
    for (let k = 0; k < this.len[r]; k++) this.addUnassigned(s[k]);
    for (let k = 0; k < jobs.length; k++) {
      this.takeUnassigned(jobs[k]);
      s[k] = jobs[k];
    }
    this.len[r] = jobs.length;
    this.updateRoute(r);
  }

  /**
   * Recomputes route r's positions, earliest/latest start arrays, load, distance and cost.
   * @returns true when the route satisfies every time window, shift, skill and capacity. O(m).
   */
  updateRoute(r: number): boolean {
    const c = this.core;
    const N = c.nLocs;
    const s = this.seq[r];
    const m = this.len[r];
    const early = this.early[r];
    const late = this.late[r];
    const locs = this.locs[r];
    const dep = this.dep[r];
    const ready = this.ready[r];
    let t = c.vehStart[r];
    let loc = c.vehStartLoc[r];
    early[0] = t;
    locs[0] = loc;
    dep[0] = t;
    ready[0] = Number.NEGATIVE_INFINITY;
    let dist = 0;
    let timeC = 0;
    let load = 0;
    let pen = 0;
    let ok = true;
    for (let k = 0; k < m; k++) {
      const j = s[k];
      const l = c.jobLoc[j];
      const arr = t + c.dur[loc * N + l];
      const st = arr > c.jobTwStart[j] ? arr : c.jobTwStart[j];
      early[k + 1] = st;
      if (st > c.jobTwEnd[j]) ok = false;
      if ((c.jobSkills[j] & ~c.vehSkills[r]) !== 0) ok = false;
      if (c.timeCost) timeC += jobTimeCost(c, j, st);
      dist += c.dist[loc * N + l];
      load += c.jobDemand[j];
      const pv = c.jobPrefVehicle[j];
      if (pv >= 0 && pv !== r) pen += c.movePenalty;
      t = st + c.jobService[j];
      loc = l;
      locs[k + 1] = l;
      dep[k + 1] = t;
      ready[k + 1] = c.jobTwStart[j];
      this.routeOf[j] = r;
      this.posOf[j] = k;
    }
    const end = c.vehEndLoc[r];
    if (end >= 0) {
      t += c.dur[loc * N + end];
      dist += c.dist[loc * N + end];
    }
    early[m + 1] = t;
    locs[m + 1] = end;
    dep[m + 1] = t;
    ready[m + 1] = Number.NEGATIVE_INFINITY;
    if (t > c.vehEnd[r]) ok = false;
    if (load > c.vehCapacity[r]) ok = false;
    // backward pass: latest start at each position
    let lt = c.vehEnd[r];
    late[m + 1] = lt;
    let next = end;
    for (let k = m - 1; k >= 0; k--) {
      const j = s[k];
      const l = c.jobLoc[j];
      const travel = next >= 0 ? c.dur[l * N + next] : 0;
      const bound = lt - travel - c.jobService[j];
      lt = bound < c.jobTwEnd[j] ? bound : c.jobTwEnd[j];
      late[k + 1] = lt;
      next = l;
    }
    late[0] = m > 0 ? lt - c.dur[c.vehStartLoc[r] * N + next] : lt - (end >= 0 ? c.dur[c.vehStartLoc[r] * N + end] : 0);
    this.load[r] = load;
    this.distSum[r] = m > 0 ? dist : 0;
    this.routeCost[r] = m > 0 ? c.vehFixed[r] + c.travelWeight * dist + timeC + pen : 0;
    return ok;
  }

  /** True when every route is feasible (recomputed from scratch). O(n + V). */
  isFeasible(): boolean {
    for (let r = 0; r < this.core.nVehicles; r++) if (!this.updateRoute(r)) return false;
    return true;
  }

  /** Copies route r (sequence and arrays) from `o`, fixing routeOf/posOf of its jobs. O(m). */
  copyRouteFrom(o: Solution, r: number): void {
    const m = o.len[r];
    this.len[r] = m;
    // plain loops: subarray() would allocate a view per call in the search's hottest path
    const s = this.seq[r];
    const os = o.seq[r];
    for (let k = 0; k < m; k++) {
      const j = os[k];
      s[k] = j;
      this.routeOf[j] = r;
      this.posOf[j] = k;
      this.unIndex[j] = -1;
    }
    const e = this.early[r];
    const oe = o.early[r];
    const l = this.late[r];
    const ol = o.late[r];
    const lc = this.locs[r];
    const olc = o.locs[r];
    const d = this.dep[r];
    const od = o.dep[r];
    const rd = this.ready[r];
    const ord = o.ready[r];
    for (let i = 0; i < m + 2; i++) {
      e[i] = oe[i];
      l[i] = ol[i];
      lc[i] = olc[i];
      d[i] = od[i];
      rd[i] = ord[i];
    }
    this.load[r] = o.load[r];
    this.distSum[r] = o.distSum[r];
    this.routeCost[r] = o.routeCost[r];
  }

  /** Copies the unassigned list from `o` (routes must be copied too for consistency). O(u). */
  copyUnassignedFrom(o: Solution): void {
    this.nUnassigned = o.nUnassigned;
    this.unassignedCost = o.unassignedCost;
    for (let i = 0; i < o.nUnassigned; i++) {
      const j = o.unassigned[i];
      this.unassigned[i] = j;
      this.unIndex[j] = i;
      this.routeOf[j] = -1;
      this.posOf[j] = -1;
    }
  }

  /** Makes this an exact copy of `o`. O(n + V). */
  copyFrom(o: Solution): void {
    for (let r = 0; r < this.core.nVehicles; r++) this.copyRouteFrom(o, r);
    this.copyUnassignedFrom(o);
  }

  /** A deep copy. O(V·n) memory. */
  clone(): Solution {
    const s = new Solution(this.core);
    s.copyFrom(this);
    return s;
  }

  /** The routes as plain arrays of job indices. O(n). */
  routes(): number[][] {
    const out: number[][] = [];
    for (let r = 0; r < this.core.nVehicles; r++) out.push(Array.from(this.seq[r].subarray(0, this.len[r])));
    return out;
  }
}
