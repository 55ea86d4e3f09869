/**
 * The compiled problem every search routine works on: jobs and vehicles as typed-array columns,
 * the matrix as flat Int32Arrays, and the cost weights. Both the dispatch model and Solomon
 * instances compile to this.
 *
 * Cost of a plan (integers stored in doubles; exact below 2^53):
 *   Σ over used vehicles  vehFixed[v]
 * + Σ over routes         travelWeight × distance
 * + Σ over served jobs    jobWeight[j] × (start_j − jobRelease[j])
 *                         + (start_j > jobDue[j] ? jobLateFixed[j] + jobLateWeight[j] × (start_j − jobDue[j]) : 0)
 *                         + (jobPrefVehicle[j] ≥ 0 and ≠ v ? movePenalty : 0)
 * + Σ over unserved jobs  jobUnassignedCost[j]
 * where start_j is the earliest feasible service start (waiting never pays: every time term is
 * non-decreasing in start_j).
 */
import { check } from '../errors.ts';
import type { CostMatrix } from './matrix.ts';

export interface Core {
  readonly nJobs: number;
  readonly nVehicles: number;
  readonly nLocs: number;
  /** Row-major nLocs × nLocs travel durations and distances. */
  readonly dur: Int32Array;
  readonly dist: Int32Array;

  // job columns, indexed by job 0..nJobs-1
  readonly jobLoc: Int32Array;
  readonly jobService: Int32Array;
  readonly jobDemand: Int32Array;
  /** Bit mask of required skills (bit k = skill k). */
  readonly jobSkills: Int32Array;
  /** Hard window on service start, [twStart, twEnd]. */
  readonly jobTwStart: Float64Array;
  readonly jobTwEnd: Float64Array;
  readonly jobRelease: Float64Array;
  readonly jobDue: Float64Array;
  readonly jobWeight: Float64Array;
  readonly jobLateWeight: Float64Array;
  readonly jobLateFixed: Float64Array;
  readonly jobUnassignedCost: Float64Array;
  /** Vehicle the job had in a previous plan (−1: none); leaving it costs movePenalty. */
  readonly jobPrefVehicle: Int32Array;
  /** 0 = P1 (most urgent) … 3 = P4; used by explanations and ordering only. */
  readonly jobPriority: Int32Array;

  // vehicle columns, indexed by vehicle 0..nVehicles-1
  readonly vehStartLoc: Int32Array;
  /** −1 = open route (no return leg). */
  readonly vehEndLoc: Int32Array;
  readonly vehSkills: Int32Array;
  readonly vehCapacity: Int32Array;
  /** Earliest departure (shift start, or when the job under way ends) and latest arrival at the end. */
  readonly vehStart: Float64Array;
  readonly vehEnd: Float64Array;
  readonly vehFixed: Float64Array;
  /** Vehicles with the same type id are interchangeable (same start, end, shift, skills, capacity, cost). */
  readonly vehType: Int32Array;

  readonly travelWeight: number;
  readonly movePenalty: number;
  /** False when every time term is zero (VRPTW): insertion costs are then O(1). */
  readonly timeCost: boolean;
  /** nJobs × nJobs: for job i, all jobs sorted by distance from i (i itself first). */
  readonly neighbors: Int32Array;
}

/** Mutable column set used while compiling; frozen into a Core by `finishCore`. */
export interface CoreInput {
  matrix: CostMatrix;
  jobLoc: Int32Array;
  jobService: Int32Array;
  jobDemand: Int32Array;
  jobSkills: Int32Array;
  jobTwStart: Float64Array;
  jobTwEnd: Float64Array;
  jobRelease: Float64Array;
  jobDue: Float64Array;
  jobWeight: Float64Array;
  jobLateWeight: Float64Array;
  jobLateFixed: Float64Array;
  jobUnassignedCost: Float64Array;
  jobPrefVehicle: Int32Array;
  jobPriority: Int32Array;
  vehStartLoc: Int32Array;
  vehEndLoc: Int32Array;
  vehSkills: Int32Array;
  vehCapacity: Int32Array;
  vehStart: Float64Array;
  vehEnd: Float64Array;
  vehFixed: Float64Array;
  travelWeight: number;
  movePenalty: number;
}

/** Allocates zeroed columns for `nJobs` jobs and `nVehicles` vehicles (no windows, no weights). O(n). */
export function emptyCoreInput(matrix: CostMatrix, nJobs: number, nVehicles: number): CoreInput {
  const jobTwEnd = new Float64Array(nJobs).fill(Number.POSITIVE_INFINITY);
  const jobDue = new Float64Array(nJobs).fill(Number.POSITIVE_INFINITY);
  return {
    matrix,
    jobLoc: new Int32Array(nJobs),
    jobService: new Int32Array(nJobs),
    jobDemand: new Int32Array(nJobs),
    jobSkills: new Int32Array(nJobs),
    jobTwStart: new Float64Array(nJobs),
    jobTwEnd,
    jobRelease: new Float64Array(nJobs),
    jobDue,
    jobWeight: new Float64Array(nJobs),
    jobLateWeight: new Float64Array(nJobs),
    jobLateFixed: new Float64Array(nJobs),
    jobUnassignedCost: new Float64Array(nJobs).fill(1e9),
    jobPrefVehicle: new Int32Array(nJobs).fill(-1),
    jobPriority: new Int32Array(nJobs),
    vehStartLoc: new Int32Array(nVehicles),
    vehEndLoc: new Int32Array(nVehicles),
    vehSkills: new Int32Array(nVehicles).fill(-1),
    vehCapacity: new Int32Array(nVehicles).fill(0x3fffffff),
    vehStart: new Float64Array(nVehicles),
    vehEnd: new Float64Array(nVehicles).fill(Number.POSITIVE_INFINITY),
    vehFixed: new Float64Array(nVehicles),
    travelWeight: 1,
    movePenalty: 0,
  };
}

/**
 * Validates the columns and freezes them into a Core: computes vehicle types, the neighbour
 * lists and whether any time-dependent cost exists.
 * @throws GeoError `invalid_input` for a location outside the matrix or a non-integer weight.
 * O(n² log n) for the neighbour lists.
 */
export function finishCore(c: CoreInput): Core {
  const m = c.matrix;
  const nLocs = m.size;
  const nJobs = c.jobLoc.length;
  const nVehicles = c.vehStartLoc.length;
  for (let j = 0; j < nJobs; j++) {
    check(c.jobLoc[j] >= 0 && c.jobLoc[j] < nLocs, `jobs[${j}].location`, `must be in [0, ${nLocs}), got ${c.jobLoc[j]}`);
    check(c.jobTwStart[j] <= c.jobTwEnd[j], `jobs[${j}].timeWindow`, `start ${c.jobTwStart[j]} after end ${c.jobTwEnd[j]}`);
  }
  for (let v = 0; v < nVehicles; v++) {
    check(c.vehStartLoc[v] >= 0 && c.vehStartLoc[v] < nLocs, `crews[${v}].start`, `must be in [0, ${nLocs}), got ${c.vehStartLoc[v]}`);
    check(c.vehEndLoc[v] >= -1 && c.vehEndLoc[v] < nLocs, `crews[${v}].end`, `must be in [-1, ${nLocs}), got ${c.vehEndLoc[v]}`);
  }
  let timeCost = false;
  for (let j = 0; j < nJobs; j++) {
    if (c.jobWeight[j] !== 0 || c.jobLateWeight[j] !== 0 || c.jobLateFixed[j] !== 0) timeCost = true;
  }
  // vehicle types: interchangeable vehicles share an id, so an empty route is tried once per type
  const vehType = new Int32Array(nVehicles);
  const typeKeys = new Map<string, number>();
  for (let v = 0; v < nVehicles; v++) {
    const key = `${c.vehStartLoc[v]}|${c.vehEndLoc[v]}|${c.vehSkills[v]}|${c.vehCapacity[v]}|${c.vehStart[v]}|${c.vehEnd[v]}|${c.vehFixed[v]}`;
    let t = typeKeys.get(key);
    if (t === undefined) {
      t = typeKeys.size;
      typeKeys.set(key, t);
    }
    vehType[v] = t;
  }
  // moving a job off its previous vehicle makes vehicles distinguishable
  for (let j = 0; j < nJobs; j++) {
    if (c.jobPrefVehicle[j] >= 0) {
      for (let v = 0; v < nVehicles; v++) vehType[v] = v;
      break;
    }
  }
  const neighbors = new Int32Array(nJobs * nJobs);
  const order = new Array<number>(nJobs);
  const dist = m.distances;
  for (let i = 0; i < nJobs; i++) {
    for (let k = 0; k < nJobs; k++) order[k] = k;
    const li = c.jobLoc[i] * nLocs;
    order.sort((a, b) => (a === i ? -1 : b === i ? 1 : dist[li + c.jobLoc[a]] - dist[li + c.jobLoc[b]] || a - b));
    for (let k = 0; k < nJobs; k++) neighbors[i * nJobs + k] = order[k];
  }
  return {
    nJobs,
    nVehicles,
    nLocs,
    dur: m.durations,
    dist: m.distances,
    jobLoc: c.jobLoc,
    jobService: c.jobService,
    jobDemand: c.jobDemand,
    jobSkills: c.jobSkills,
    jobTwStart: c.jobTwStart,
    jobTwEnd: c.jobTwEnd,
    jobRelease: c.jobRelease,
    jobDue: c.jobDue,
    jobWeight: c.jobWeight,
    jobLateWeight: c.jobLateWeight,
    jobLateFixed: c.jobLateFixed,
    jobUnassignedCost: c.jobUnassignedCost,
    jobPrefVehicle: c.jobPrefVehicle,
    jobPriority: c.jobPriority,
    vehStartLoc: c.vehStartLoc,
    vehEndLoc: c.vehEndLoc,
    vehSkills: c.vehSkills,
    vehCapacity: c.vehCapacity,
    vehStart: c.vehStart,
    vehEnd: c.vehEnd,
    vehFixed: c.vehFixed,
    vehType,
    travelWeight: c.travelWeight,
    movePenalty: c.movePenalty,
    timeCost,
    neighbors,
  };
}

/** Time-dependent cost of serving job j starting at time t (see the Core cost formula). O(1). */
export function jobTimeCost(core: Core, j: number, t: number): number {
  let c = core.jobWeight[j] * (t - core.jobRelease[j]);
  const due = core.jobDue[j];
  if (t > due) c += core.jobLateFixed[j] + core.jobLateWeight[j] * (t - due);
  return c;
}

/** True when vehicle v has every skill job j needs and enough capacity for it alone. O(1). */
export function canServe(core: Core, v: number, j: number): boolean {
  return (core.jobSkills[j] & ~core.vehSkills[v]) === 0 && core.jobDemand[j] <= core.vehCapacity[v];
}
