/**
 * Public API of the dispatch optimizer (what the server calls):
 * - `planDispatch(problem, options)` plans crews to open faults (pass `options.previous` to
 *   re-optimise from the current plan); `greedyDispatch` is the nearest-crew baseline.
 * - `checkDispatchRoutes(problem, routes)` vets any plan, including a dispatcher's manual one.
 * - Solomon benchmark helpers: `parseSolomon`, `vrptwCore`, `solveCore`, `checkVrptw`.
 */
export { planDispatch, summarize } from './plan.ts';
export { greedyDispatch } from './greedy.ts';
export { checkDispatchRoutes, checkVrptw } from './check.ts';
export type { CheckResult, DispatchCheckResult } from './check.ts';
export { COST_FACTOR, euclideanMatrix, validateMatrix } from './matrix.ts';
export type { CostMatrix } from './matrix.ts';
export { DEFAULT_TARGETS, DEFAULT_WEIGHTS, PRIORITIES } from './model.ts';
export type * from './model.ts';
export { parseSolomon, vrptwCore, vrptwDistance } from './solomon.ts';
export type { VrptwInstance } from './solomon.ts';
export { solveCore } from './solve.ts';
export type { SolveOptions, SolveStats } from './solve.ts';
