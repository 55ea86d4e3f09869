/**
 * Ruin and recreate with slack induction by string removals (SISR, Christiaens & Vanden Berghe,
 * Transportation Science 2020): remove a few strings of consecutive jobs from routes near a
 * random seed job, reinsert them greedily in a random order with "blinks" (each position skipped
 * with a small probability), accept with simulated annealing.
 */
import { randomInt } from '../random.ts';
import type { Rng } from '../random.ts';
import { bestInsertionInRoute, BEST, resetBlinks } from './insertion.ts';
import type { Solution } from './solution.ts';

export interface SisrParams {
  /** Average number of removed jobs per ruin (c̄ in the paper). */
  avgRemoved: number;
  /** Longest string removed from one route (L^max). */
  maxString: number;
  /** Probability of a split string (a kept sub-string inside the removed one). */
  splitRate: number;
  /** Probability of growing the kept sub-string by one more job. */
  splitDepth: number;
  /** Probability of skipping an insertion position. */
  blink: number;
  /** Simulated-annealing temperature at the start and end, in cost units. */
  tempStart: number;
  tempEnd: number;
  /** Iteration cap; when finite the cooling schedule follows iterations, otherwise elapsed time. */
  maxIterations: number;
  /** Time budget in ms, measured with `now`. */
  timeBudgetMs: number;
  now: () => number;
  /** At most this many non-empty routes (vehicles) in accepted plans. */
  maxRoutes: number;
  /** possible[j] = 0 for jobs no vehicle can serve: never tried. */
  possible: Uint8Array;
  /** Stop as soon as the best plan has at most this many unassigned jobs (−1: never). */
  stopAtUnassigned: number;
  /** Stop after this many iterations without a new best plan. */
  stallIterations: number;
  /**
   * With costs without time terms, try a job only in routes holding one of its `granularK`
   * nearest jobs (and in empty routes); 0 tries every route.
   */
  granularK: number;
}

/** Default SISR parameters (the paper's c̄ = 10, L^max = 10, blink 1 %). */
export function defaultSisrParams(nJobs: number, nVehicles: number): SisrParams {
  return {
    avgRemoved: 10,
    maxString: 10,
    splitRate: 0.5,
    splitDepth: 0.5,
    blink: 0.01,
    tempStart: 1,
    tempEnd: 0.01,
    maxIterations: Number.POSITIVE_INFINITY,
    timeBudgetMs: 1000,
    now: () => performance.now(),
    maxRoutes: nVehicles,
    possible: new Uint8Array(nJobs).fill(1),
    stopAtUnassigned: -1,
    stallIterations: Number.POSITIVE_INFINITY,
    granularK: 0,
  };
}

/** Statistics of one run. */
export interface SisrStats {
  iterations: number;
  accepted: number;
  improvements: number;
}

const ORDER_WEIGHTS = [4, 4, 2, 1, 2, 2, 1, 3]; // random, demand, far, close, tw length, tw start, tw end, priority

/**
 * Scratch state for one SISR run: sort keys per order, stamps and lists (allocated once).
 */
class Scratch {
  readonly keys: Float64Array; // keys[o * n + j]: sort key of job j for order o (ascending)
  readonly list: Int32Array;
  readonly routeStamp: Int32Array;
  readonly touched: Int32Array;
  nTouched = 0;
  readonly typeStamp: Int32Array;
  /** candStamp[r] = the job counter when route r is a candidate for the current job. */
  readonly candStamp: Int32Array;
  /** Current iteration's route stamp and the per-job vehicle-type stamp. */
  stamp = 0;
  typeCounter = 0;
  readonly orderTotal: number;

  constructor(sol: Solution) {
    const c = sol.core;
    const n = c.nJobs;
    this.keys = new Float64Array(8 * n);
    const depot = c.nVehicles > 0 ? c.vehStartLoc[0] : 0;
    for (let j = 0; j < n; j++) {
      const d = c.dist[depot * c.nLocs + c.jobLoc[j]];
      this.keys[1 * n + j] = -c.jobDemand[j];
      this.keys[2 * n + j] = -d;
      this.keys[3 * n + j] = d;
      const tl = c.jobTwEnd[j] - c.jobTwStart[j];
      this.keys[4 * n + j] = Number.isFinite(tl) ? tl : 1e300;
      this.keys[5 * n + j] = c.jobTwStart[j];
      this.keys[6 * n + j] = Number.isFinite(c.jobTwEnd[j]) ? -c.jobTwEnd[j] : -1e300;
      this.keys[7 * n + j] = c.jobPriority[j];
    }
    this.list = new Int32Array(n);
    this.routeStamp = new Int32Array(c.nVehicles);
    this.touched = new Int32Array(c.nVehicles);
    this.typeStamp = new Int32Array(c.nVehicles);
    this.candStamp = new Int32Array(c.nVehicles);
    this.orderTotal = ORDER_WEIGHTS.reduce((a, b) => a + b, 0);
  }

  touch(r: number): void {
    if (this.routeStamp[r] !== this.stamp) {
      this.routeStamp[r] = this.stamp;
      this.touched[this.nTouched++] = r;
    }
  }
}

/**
 * Removes strings of jobs around a random seed job (SISR ruin). Routes it changes are recorded in
 * `sc.touched`. `ref` must equal `work` on entry (used to undo a removal that breaks a route on a
 * matrix without the triangle inequality). O(c̄ · m + n).
 */
function ruin(work: Solution, ref: Solution, rng: Rng, p: SisrParams, sc: Scratch): void {
  const c = work.core;
  const n = c.nJobs;
  const nAssigned = n - work.nUnassigned;
  if (nAssigned === 0) return;
  const used = work.usedVehicles();
  const avg = nAssigned / used;
  const lsMax = Math.min(p.maxString, avg);
  const ksMax = (4 * p.avgRemoved) / (1 + lsMax) - 1;
  const ks = Math.floor(rng() * ksMax) + 1;
  let seed = randomInt(rng, n);
  for (let tries = 0; work.routeOf[seed] < 0 && tries < 4 * n; tries++) seed = randomInt(rng, n);
  if (work.routeOf[seed] < 0) return;
  let ruined = 0;
  const base = seed * n;
  for (let idx = 0; idx < n && ruined < ks; idx++) {
    const j = c.neighbors[base + idx];
    const r = work.routeOf[j];
    if (r < 0 || sc.routeStamp[r] === sc.stamp) continue;
    const m = work.len[r];
    const ltMax = Math.min(m, lsMax);
    const lt = Math.floor(rng() * ltMax) + 1;
    const pos = work.posOf[j];
    if (rng() >= p.splitRate || lt >= m) {
      const lo = Math.max(0, pos - lt + 1);
      const hi = Math.min(pos, m - lt);
      const start = lo + randomInt(rng, hi - lo + 1);
      work.removeRange(r, start, lt);
    } else {
      let kept = 1;
      while (lt + kept < m && rng() < p.splitDepth) kept++;
      const total = lt + kept;
      const lo = Math.max(0, pos - total + 1);
      const hi = Math.min(pos, m - total);
      const start = lo + randomInt(rng, hi - lo + 1);
      const off = randomInt(rng, lt + 1); // kept jobs: [start + off, start + off + kept)
      // remove the tail piece first so the head indices stay valid
      const tail = lt - off;
      if (tail > 0) work.removeRange(r, start + off + kept, tail);
      if (off > 0) work.removeRange(r, start, off);
    }
    sc.touch(r);
    ruined++;
    if (!work.updateRoute(r)) {
      // removal broke a window (no triangle inequality): put the route back
      const s = ref.seq[r];
      for (let k = 0; k < ref.len[r]; k++) if (work.unIndex[s[k]] >= 0) work.takeUnassigned(s[k]);
      work.copyRouteFrom(ref, r);
    }
  }
}

/**
 * Reinserts every unassigned (possible) job at its cheapest position with blinks, in one of
 * SISR's random orders. O(u · (n + V)).
 */
function recreate(work: Solution, rng: Rng, p: SisrParams, sc: Scratch): void {
  const c = work.core;
  const n = c.nJobs;
  let cnt = 0;
  for (let i = 0; i < work.nUnassigned; i++) {
    const j = work.unassigned[i];
    if (p.possible[j]) sc.list[cnt++] = j;
  }
  if (cnt === 0) return;
  const list = sc.list;
  for (let i = cnt - 1; i > 0; i--) {
    const k = randomInt(rng, i + 1);
    const t = list[i];
    list[i] = list[k];
    list[k] = t;
  }
  let pick = rng() * sc.orderTotal;
  let order = 0;
  while (pick >= ORDER_WEIGHTS[order]) pick -= ORDER_WEIGHTS[order++];
  if (order > 0) {
    // stable insertion sort on the shuffled order, so ties stay random (lists are short)
    const keys = sc.keys;
    const off = order * n;
    for (let i = 1; i < cnt; i++) {
      const j = list[i];
      const kj = keys[off + j];
      let k = i - 1;
      while (k >= 0 && keys[off + list[k]] > kj) {
        list[k + 1] = list[k];
        k--;
      }
      list[k + 1] = j;
    }
  }
  let used = work.usedVehicles();
  const V = c.nVehicles;
  const K = Math.min(p.granularK, n - 1);
  const granular = K > 0 && !c.timeCost;
  for (let i = 0; i < cnt; i++) {
    const j = list[i];
    let bestD = Infinity;
    let bestR = -1;
    let bestK = -1;
    const typeStampValue = ++sc.typeCounter;
    if (granular) {
      const base = j * n;
      for (let q = 1; q <= K; q++) {
        const r = work.routeOf[c.neighbors[base + q]];
        if (r >= 0) sc.candStamp[r] = typeStampValue;
      }
    }
    for (let r = 0; r < V; r++) {
      if (work.len[r] === 0) {
        if (used >= p.maxRoutes) continue;
        const t = c.vehType[r];
        if (sc.typeStamp[t] === typeStampValue) continue;
        sc.typeStamp[t] = typeStampValue;
      } else if (granular && sc.candStamp[r] !== typeStampValue) continue;
      bestInsertionInRoute(work, j, r, rng, p.blink, bestD);
      if (BEST.delta < bestD) {
        bestD = BEST.delta;
        bestR = r;
        bestK = BEST.index;
      }
    }
    if (bestR >= 0) {
      if (work.len[bestR] === 0) used++;
      work.insert(j, bestR, bestK);
      sc.touch(bestR);
    }
  }
}

/**
 * Runs SISR from `cur` (modified in place to the last accepted plan); `best` receives the best
 * plan seen if it is cheaper than `best` on entry. Deterministic for a given rng state when the
 * iteration cap, not the time budget, ends the run.
 * O(iterations · c̄ · (n + V)).
 */
export function ruinAndRecreate(cur: Solution, best: Solution, rng: Rng, p: SisrParams): SisrStats {
  const work = cur.clone();
  const sc = new Scratch(cur);
  resetBlinks();
  let curCost = cur.totalCost();
  let bestCost = best.totalCost();
  if (curCost < bestCost) {
    best.copyFrom(cur);
    bestCost = curCost;
  }
  const t0 = p.now();
  const stats: SisrStats = { iterations: 0, accepted: 0, improvements: 0 };
  const ratio = p.tempEnd / p.tempStart;
  let progress = 0;
  const capped = Number.isFinite(p.maxIterations);
  let lastImprovement = 0;
  for (let it = 0; it < p.maxIterations; it++) {
    if (it - lastImprovement > p.stallIterations) break;
    if ((it & 15) === 0) {
      const el = (p.now() - t0) / p.timeBudgetMs;
      if (el >= 1) break;
      // with an iteration cap the schedule follows iterations only, so the clock cannot change
      // the result (it can only end the run)
      if (!capped) progress = el;
    }
    if (capped) progress = it / p.maxIterations;
    const T = p.tempStart * Math.pow(ratio, progress);
    sc.stamp = it + 1;
    sc.nTouched = 0;
    ruin(work, cur, rng, p, sc);
    recreate(work, rng, p, sc);
    stats.iterations++;
    const cost = work.totalCost();
    let overRoutes = false;
    if (p.maxRoutes < cur.core.nVehicles && work.usedVehicles() > p.maxRoutes) overRoutes = true;
    if (!overRoutes && cost < curCost - T * Math.log(1 - rng())) {
      for (let i = 0; i < sc.nTouched; i++) cur.copyRouteFrom(work, sc.touched[i]);
      cur.copyUnassignedFrom(work);
      curCost = cost;
      stats.accepted++;
      if (cost < bestCost) {
        best.copyFrom(cur);
        bestCost = cost;
        stats.improvements++;
        lastImprovement = it;
        if (best.nUnassigned <= p.stopAtUnassigned) break;
      }
    } else {
      for (let i = 0; i < sc.nTouched; i++) work.copyRouteFrom(cur, sc.touched[i]);
      work.copyUnassignedFrom(cur);
    }
  }
  return stats;
}

