/**
 * The dispatch entry point: compile, solve (from the previous plan when re-optimising), and
 * report routes, assignments with explanations, unassigned jobs with reasons, and what changed.
 */
import { compileDispatch } from './compile.ts';
import type { Compiled } from './compile.ts';
import { explainAssignment, unassignedReason } from './explain.ts';
import type { Assignment, CrewRoute, DispatchOptions, DispatchPlan, DispatchProblem, PlanSummary, UnassignedJob } from './model.ts';
import { PRIORITIES } from './model.ts';
import { planChanges, previousSolution } from './reoptimize.ts';
import { solveCore } from './solve.ts';
import type { Solution } from './solution.ts';

/** Weights of the reported priority-weighted response time (P1 8, P2 4, P3 2, P4 1). */
export const REPORT_WEIGHTS = [8, 4, 2, 1];

/**
 * Plans crews to open jobs. With `options.previous` it re-optimises: the search starts from the
 * previous plan, moving a job to another crew costs `weights.movePenalty`, jobs under way stay
 * with their crews (they are `crew.current`, never in `jobs`), and `changes` lists what moved.
 * Deterministic for a seed when `maxIterations` ends the search before `timeLimitMs`.
 * @throws GeoError `invalid_input` for a malformed problem (see compileDispatch).
 * O(iterations · c̄ · (n + V)) within `timeLimitMs` (default 1000 ms).
 */
export function planDispatch(problem: DispatchProblem, options: DispatchOptions = {}): DispatchPlan {
  const comp = compileDispatch(problem, options);
  const initial = options.previous ? previousSolution(comp) : undefined;
  const { solution, stats } = solveCore(comp.core, {
    seed: options.seed,
    timeLimitMs: options.timeLimitMs,
    maxIterations: options.maxIterations,
    now: options.now,
    initial,
  });
  return buildPlan(comp, solution, { iterations: stats.iterations, ms: stats.ms }, options.previous !== undefined);
}

/**
 * Turns a Solution into the caller's plan: stops with arrival/start/end times, assignments with
 * explanations, unassigned jobs with reasons, changes (when `withChanges`) and the summary.
 * O(n · V · m) for the explanations.
 */
export function buildPlan(comp: Compiled, sol: Solution, stats: { iterations: number; ms: number }, withChanges: boolean): DispatchPlan {
  const { core, problem, targets } = comp;
  const N = core.nLocs;
  const crewIds = problem.crews.map((c) => c.id);
  const routes: CrewRoute[] = [];
  const assignments: Assignment[] = [];
  for (let v = 0; v < core.nVehicles; v++) {
    const crew = problem.crews[v];
    const stops: CrewRoute['stops'] = [];
    if (crew.current) {
      stops.push({ jobId: crew.current.jobId, arrival: problem.now, start: problem.now, end: crew.current.busyUntil, underWay: true });
    }
    let loc = core.vehStartLoc[v];
    let t = core.vehStart[v];
    let travelSeconds = 0;
    let travelMeters = 0;
    for (let k = 0; k < sol.len[v]; k++) {
      const j = sol.seq[v][k];
      const l = core.jobLoc[j];
      travelSeconds += core.dur[loc * N + l];
      travelMeters += core.dist[loc * N + l];
      const arrival = t + core.dur[loc * N + l];
      const start = sol.early[v][k + 1];
      t = start + core.jobService[j];
      stops.push({ jobId: problem.jobs[j].id, arrival, start, end: t, underWay: false });
      loc = l;
      const job = problem.jobs[j];
      const response = start - job.reportedAt;
      assignments.push({
        jobId: job.id,
        crewId: crew.id,
        priority: job.priority,
        eta: start,
        responseSeconds: response,
        onTime: response <= targets[job.priority],
        explanation: explainAssignment(sol, j, crewIds),
      });
    }
    const end = core.vehEndLoc[v];
    if (sol.len[v] > 0 && end >= 0) {
      travelSeconds += core.dur[loc * N + end];
      travelMeters += core.dist[loc * N + end];
      t += core.dur[loc * N + end];
    }
    routes.push({ crewId: crew.id, stops, travelSeconds, travelMeters, endAt: sol.len[v] > 0 ? t : core.vehStart[v] });
  }
  const unassigned: UnassignedJob[] = [];
  for (let i = 0; i < sol.nUnassigned; i++) {
    const j = sol.unassigned[i];
    const { reason, detail } = unassignedReason(core, j);
    unassigned.push({ jobId: problem.jobs[j].id, priority: problem.jobs[j].priority, reason, detail });
  }
  unassigned.sort((a, b) => (a.jobId < b.jobId ? -1 : a.jobId > b.jobId ? 1 : 0));
  return {
    routes,
    assignments,
    unassigned,
    changes: withChanges ? planChanges(comp, sol) : [],
    summary: summarize(assignments, unassigned, routes),
    cost: sol.totalCost(),
    stats,
  };
}

/**
 * Served/unserved counts, P1 on-time count (an unserved P1 counts as late), priority-weighted
 * mean response over served jobs, travel. O(n).
 */
export function summarize(assignments: readonly Assignment[], unassigned: readonly UnassignedJob[], routes: readonly CrewRoute[]): PlanSummary {
  let wSum = 0;
  let wResp = 0;
  let p1Total = 0;
  let p1OnTime = 0;
  for (const a of assignments) {
    const w = REPORT_WEIGHTS[PRIORITIES.indexOf(a.priority)];
    wSum += w;
    wResp += w * a.responseSeconds;
    if (a.priority === 'P1') {
      p1Total++;
      if (a.onTime) p1OnTime++;
    }
  }
  for (const u of unassigned) if (u.priority === 'P1') p1Total++;
  return {
    served: assignments.length,
    unserved: unassigned.length,
    p1Total,
    p1OnTime,
    weightedResponseSeconds: wSum > 0 ? wResp / wSum : 0,
    travelMeters: routes.reduce((s, r) => s + r.travelMeters, 0),
  };
}
