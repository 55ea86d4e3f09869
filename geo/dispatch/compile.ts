/**
 * Compiles the dispatch model (ids, skills as strings, priorities, shifts) to the solver's Core.
 */
import { check } from '../errors.ts';
import { emptyCoreInput, finishCore } from './core.ts';
import type { Core } from './core.ts';
import { validateMatrix } from './matrix.ts';
import { DEFAULT_TARGETS, DEFAULT_WEIGHTS, PRIORITIES } from './model.ts';
import type { DispatchOptions, DispatchProblem, DispatchWeights, ResponseTargets } from './model.ts';

/** A compiled problem with the maps back to the caller's ids. */
export interface Compiled {
  problem: DispatchProblem;
  core: Core;
  targets: ResponseTargets;
  weights: DispatchWeights;
  /** Crew index of each job in the previous plan (−1: none), same as core.jobPrefVehicle. */
  previousCrew: Int32Array;
  /** Previous plan as job index sequences per crew (empty when none). */
  previousRoutes: number[][];
}

/** Unlimited capacity stand-in (fits Int32, leaves room for sums). */
const BIG_CAPACITY = 0x3fffffff;

/**
 * Validates the problem and builds the Core: one vehicle per crew (starting where its job under
 * way ends, when it has one), one job per open job; skills become bits (at most 31 distinct).
 * @throws GeoError `invalid_input` naming the bad field (duplicate id, location outside the
 * matrix, times not in whole seconds, bad priority, shift end before start, more than 31
 * skills, a weight that is not a whole number ≥ 0, a job both under way and open, unknown
 * crew or a job listed twice in `options.previous`).
 * O(n² log n + matrix size).
 */
export function compileDispatch(problem: DispatchProblem, options: DispatchOptions = {}): Compiled {
  const { jobs, crews, matrix } = problem;
  validateMatrix(matrix);
  check(Number.isSafeInteger(problem.now), 'now', `must be whole seconds, got ${problem.now}`);
  const targets: ResponseTargets = { ...DEFAULT_TARGETS, ...options.targets };
  const weights: DispatchWeights = { ...DEFAULT_WEIGHTS, ...options.weights };
  for (const p of PRIORITIES) check(targets[p] > 0, `targets.${p}`, `must be > 0 seconds, got ${targets[p]}`);
  const whole = (x: number): boolean => Number.isSafeInteger(x) && x >= 0;
  for (const p of PRIORITIES) {
    check(whole(weights.unserved[p]), `weights.unserved.${p}`, `must be a whole number ≥ 0, got ${weights.unserved[p]}`);
    check(whole(weights.response[p]), `weights.response.${p}`, `must be a whole number ≥ 0, got ${weights.response[p]}`);
  }
  for (const k of ['p1LateFixed', 'p1LatePerSecond', 'travelPerMeter', 'movePenalty'] as const) {
    check(whole(weights[k]), `weights.${k}`, `must be a whole number ≥ 0, got ${weights[k]}`);
  }
  const skillBit = new Map<string, number>();
  const maskOf = (skills: readonly string[] | undefined, field: string): number => {
    let m = 0;
    for (const s of skills ?? []) {
      let b = skillBit.get(s);
      if (b === undefined) {
        b = skillBit.size;
        check(b < 31, field, `at most 31 distinct skills are supported, "${s}" is the 32nd`);
        skillBit.set(s, b);
      }
      m |= 1 << b;
    }
    return m;
  };
  const jobIndex = new Map<string, number>();
  jobs.forEach((j, i) => {
    check(!jobIndex.has(j.id), `jobs[${i}].id`, `duplicate id "${j.id}"`);
    jobIndex.set(j.id, i);
  });
  const crewIndex = new Map<string, number>();
  crews.forEach((c, i) => {
    check(!crewIndex.has(c.id), `crews[${i}].id`, `duplicate id "${c.id}"`);
    crewIndex.set(c.id, i);
  });
  const ci = emptyCoreInput(matrix, jobs.length, crews.length);
  const n = matrix.size;
  jobs.forEach((j, i) => {
    check(Number.isInteger(j.location) && j.location >= 0 && j.location < n, `jobs[${i}].location`, `must be an index in [0, ${n}), got ${j.location}`);
    check(PRIORITIES.includes(j.priority), `jobs[${i}].priority`, `must be P1..P4, got ${j.priority}`);
    check(Number.isInteger(j.serviceSeconds) && j.serviceSeconds >= 0, `jobs[${i}].serviceSeconds`, `must be a whole number ≥ 0, got ${j.serviceSeconds}`);
    check(Number.isSafeInteger(j.reportedAt), `jobs[${i}].reportedAt`, `must be whole seconds, got ${j.reportedAt}`);
    const demand = j.demand ?? 0;
    check(Number.isInteger(demand) && demand >= 0, `jobs[${i}].demand`, `must be a whole number ≥ 0, got ${demand}`);
    ci.jobLoc[i] = j.location;
    ci.jobService[i] = j.serviceSeconds;
    ci.jobDemand[i] = demand;
    ci.jobSkills[i] = maskOf(j.skills, `jobs[${i}].skills`);
    if (j.timeWindow) {
      check(Number.isSafeInteger(j.timeWindow[0]) && Number.isSafeInteger(j.timeWindow[1]), `jobs[${i}].timeWindow`, `must be whole seconds, got [${j.timeWindow[0]}, ${j.timeWindow[1]}]`);
      check(j.timeWindow[0] <= j.timeWindow[1], `jobs[${i}].timeWindow`, `start ${j.timeWindow[0]} after end ${j.timeWindow[1]}`);
      ci.jobTwStart[i] = j.timeWindow[0];
      ci.jobTwEnd[i] = j.timeWindow[1];
    } else {
      ci.jobTwStart[i] = problem.now;
    }
    const p = PRIORITIES.indexOf(j.priority);
    ci.jobPriority[i] = p;
    ci.jobRelease[i] = j.reportedAt;
    ci.jobDue[i] = j.reportedAt + targets[j.priority];
    ci.jobWeight[i] = weights.response[j.priority];
    if (j.priority === 'P1') {
      ci.jobLateFixed[i] = weights.p1LateFixed;
      ci.jobLateWeight[i] = weights.p1LatePerSecond;
    }
    ci.jobUnassignedCost[i] = weights.unserved[j.priority];
  });
  crews.forEach((c, v) => {
    check(Number.isInteger(c.start) && c.start >= 0 && c.start < n, `crews[${v}].start`, `must be an index in [0, ${n}), got ${c.start}`);
    check(c.end === null || (Number.isInteger(c.end) && c.end >= 0 && c.end < n), `crews[${v}].end`, `must be null or an index in [0, ${n}), got ${c.end}`);
    check(Number.isSafeInteger(c.shift[0]) && Number.isSafeInteger(c.shift[1]), `crews[${v}].shift`, `must be whole seconds, got [${c.shift[0]}, ${c.shift[1]}]`);
    check(c.shift[0] <= c.shift[1], `crews[${v}].shift`, `start ${c.shift[0]} after end ${c.shift[1]}`);
    const cap = c.capacity ?? BIG_CAPACITY;
    check(Number.isInteger(cap) && cap >= 0, `crews[${v}].capacity`, `must be a whole number ≥ 0, got ${c.capacity}`);
    let start = c.start;
    let ready = Math.max(problem.now, c.shift[0]);
    if (c.current) {
      check(Number.isInteger(c.current.location) && c.current.location >= 0 && c.current.location < n, `crews[${v}].current.location`, `must be an index in [0, ${n}), got ${c.current.location}`);
      check(Number.isSafeInteger(c.current.busyUntil), `crews[${v}].current.busyUntil`, `must be whole seconds, got ${c.current.busyUntil}`);
      start = c.current.location;
      ready = Math.max(ready, c.current.busyUntil);
    }
    ci.vehStartLoc[v] = start;
    ci.vehEndLoc[v] = c.end ?? -1;
    ci.vehStart[v] = ready;
    ci.vehEnd[v] = c.shift[1];
    ci.vehSkills[v] = maskOf(c.skills, `crews[${v}].skills`);
    ci.vehCapacity[v] = Math.min(cap, BIG_CAPACITY);
  });
  ci.travelWeight = weights.travelPerMeter;
  ci.movePenalty = weights.movePenalty;
  const previousRoutes: number[][] = crews.map(() => []);
  const underWay = new Set(crews.flatMap((c) => (c.current ? [c.current.jobId] : [])));
  crews.forEach((c, v) => {
    check(!c.current || !jobIndex.has(c.current.jobId), `crews[${v}].current.jobId`, `job "${c.current?.jobId}" is under way and cannot also be open`);
  });
  for (const [k, entry] of (options.previous ?? []).entries()) {
    const v = crewIndex.get(entry.crewId);
    check(v !== undefined, `previous[${k}].crewId`, `unknown crew "${entry.crewId}"`);
    for (const id of entry.jobIds) {
      const j = jobIndex.get(id);
      // jobs finished or now under way have left the open list: not an error
      if (j === undefined || underWay.has(id)) continue;
      check(ci.jobPrefVehicle[j] < 0, `previous[${k}].jobIds`, `job "${id}" appears more than once in the previous plan`);
      ci.jobPrefVehicle[j] = v;
      previousRoutes[v].push(j);
    }
  }
  const core = finishCore(ci);
  return { problem, core, targets, weights, previousCrew: ci.jobPrefVehicle, previousRoutes };
}
