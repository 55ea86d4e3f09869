/**
 * The search driver: regret construction, optional route minimisation, SISR ruin-and-recreate
 * with simulated annealing, and a final local-search descent, within a time budget.
 */
import { mulberry32 } from '../random.ts';
import { check } from '../errors.ts';
import type { Core } from './core.ts';
import { possibleJobs, regretInsertion } from './construct.ts';
import { localSearch } from './local-search.ts';
import { defaultSisrParams, ruinAndRecreate } from './ruin-recreate.ts';
import type { SisrParams } from './ruin-recreate.ts';
import type { Solution } from './solution.ts';
import { minimizeRoutes } from './route-min.ts';

export interface SolveOptions {
  /** Seed of the mulberry32 stream driving every random choice. Default 1. */
  seed?: number;
  /** Wall-clock budget in ms for the whole solve. Default 1000. */
  timeLimitMs?: number;
  /**
   * Cap on ruin-and-recreate iterations. With a cap that ends the run before the time budget,
   * the result is identical for the same seed on any machine. Default: none (time-bound).
   */
  maxIterations?: number;
  /** Share of the budget spent removing routes first (vehicles-then-distance objective). Default 0. */
  routeMinShare?: number;
  /** Start from this plan (e.g. the previous dispatch plan) instead of an empty one. */
  initial?: Solution;
  /** Clock in ms (injectable for tests). Default performance.now. */
  now?: () => number;
  /** Overrides of the SISR parameters (temperatures are multiples of the start plan's cost per arc). */
  sisr?: Partial<Pick<SisrParams, 'avgRemoved' | 'maxString' | 'blink' | 'tempStart' | 'tempEnd' | 'granularK'>>;
}

export interface SolveStats {
  iterations: number;
  improvements: number;
  localSearchMoves: number;
  ms: number;
}

/**
 * Solves the compiled problem. Jobs no vehicle can serve alone stay unassigned. Deterministic
 * for a seed when `maxIterations` binds before `timeLimitMs`.
 * @throws GeoError `invalid_input` for a non-positive time limit.
 * O(iterations · c̄ · (n + V)) plus the construction, O(n² · V).
 */
export function solveCore(core: Core, opts: SolveOptions = {}): { solution: Solution; possible: Uint8Array; stats: SolveStats } {
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  const budget = opts.timeLimitMs ?? 1000;
  check(budget > 0, 'timeLimitMs', `must be > 0, got ${budget}`);
  const rng = mulberry32(opts.seed ?? 1);
  const possible = possibleJobs(core);
  const sol = regretInsertion(core, possible, opts.initial);
  const best = sol.clone();
  const stats: SolveStats = { iterations: 0, improvements: 0, localSearchMoves: 0, ms: 0 };
  const deadline = t0 + budget;
  const share = opts.routeMinShare ?? 0;
  let maxRoutes = core.nVehicles;
  if (share > 0) {
    const rmBudget = (deadline - now()) * share;
    const rmIterations = opts.maxIterations !== undefined ? Math.floor(opts.maxIterations * share) : Infinity;
    const reduced = minimizeRoutes(sol, rng, possible, now, now() + rmBudget, rmIterations);
    if (reduced.usedVehicles() < sol.usedVehicles() && reduced.nUnassigned <= sol.nUnassigned) {
      sol.copyFrom(reduced);
      best.copyFrom(reduced);
    }
    maxRoutes = best.usedVehicles();
  }
  // temperatures relative to the start plan's travel cost per arc (lateness and unserved
  // penalties would blow the scale up; response-time terms follow travel closely)
  const arcs = core.nJobs - sol.nUnassigned + sol.usedVehicles();
  const avgArc = arcs > 0 ? Math.max(1, (core.travelWeight * sol.totalDistance()) / arcs) : 1;
  const p = defaultSisrParams(core.nJobs, core.nVehicles);
  p.tempStart = (opts.sisr?.tempStart ?? 1) * avgArc;
  p.tempEnd = (opts.sisr?.tempEnd ?? 0.02) * avgArc;
  // dispatch plans have short routes and costs that react to every shift in time: ruin less
  p.avgRemoved = opts.sisr?.avgRemoved ?? (core.timeCost ? 4 : 10);
  if (opts.sisr?.maxString !== undefined) p.maxString = opts.sisr.maxString;
  if (opts.sisr?.blink !== undefined) p.blink = opts.sisr.blink;
  // recreate tries the routes of a job's 20 nearest jobs: as good per iteration on Solomon-type
  // instances and about 40 % cheaper (route minimisation keeps the full scan)
  p.granularK = opts.sisr?.granularK ?? 20;
  p.possible = possible;
  p.now = now;
  p.maxRoutes = maxRoutes;
  // small problems converge long before the deadline: stop when the search has stalled (large
  // enough never to cut the cooling of a 100-customer run short on a fast machine)
  p.stallIterations = Math.max(2000, 1000 * core.nJobs);
  let anyPossible = false;
  for (let j = 0; j < core.nJobs; j++) if (possible[j]) anyPossible = true;
  if (!anyPossible) p.maxIterations = 0;
  // keep a slice of the budget for the final descent
  const lsReserve = Math.min(0.05 * budget, 100);
  p.timeBudgetMs = Math.max(1, deadline - lsReserve - now());
  if (opts.maxIterations !== undefined && anyPossible) p.maxIterations = opts.maxIterations;
  const st = ruinAndRecreate(sol, best, rng, p);
  stats.iterations = st.iterations;
  stats.improvements = st.improvements;
  stats.localSearchMoves = localSearch(best, 20, opts.maxIterations !== undefined ? () => 0 : now, opts.maxIterations !== undefined ? Infinity : deadline);
  stats.ms = now() - t0;
  return { solution: best, possible, stats };
}
