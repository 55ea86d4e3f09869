/**
 * The baseline a dispatcher would use by hand: take jobs by priority then report time, and send
 * each to the crew that can start it soonest after finishing what it already has.
 */
import { compileDispatch } from './compile.ts';
import { insertionDelta, insertionStart } from './insertion.ts';
import type { DispatchOptions, DispatchPlan, DispatchProblem } from './model.ts';
import { buildPlan } from './plan.ts';
import { Solution } from './solution.ts';

/**
 * Nearest-available-crew greedy: jobs in order (priority, reportedAt, id); each is appended to
 * the end of the route of the crew with the earliest feasible service start (skills, capacity,
 * window, return before shift end); jobs no crew can take stay unassigned.
 * @throws GeoError `invalid_input` for a malformed problem. O(n · V + n log n).
 */
export function greedyDispatch(problem: DispatchProblem, options: DispatchOptions = {}): DispatchPlan {
  const now = options.now ?? (() => performance.now());
  const t0 = now();
  const comp = compileDispatch(problem, options);
  const core = comp.core;
  const sol = new Solution(core);
  const order = problem.jobs.map((_, i) => i);
  order.sort((a, b) => core.jobPriority[a] - core.jobPriority[b] || core.jobRelease[a] - core.jobRelease[b] || (problem.jobs[a].id < problem.jobs[b].id ? -1 : 1));
  for (const j of order) {
    let bestV = -1;
    let bestEta = Infinity;
    for (let v = 0; v < core.nVehicles; v++) {
      const k = sol.len[v];
      if (insertionDelta(sol, j, v, k) === Infinity) continue;
      const eta = insertionStart(sol, j, v, k);
      if (eta < bestEta) {
        bestEta = eta;
        bestV = v;
      }
    }
    if (bestV >= 0) sol.insert(j, bestV, sol.len[bestV]);
  }
  return buildPlan(comp, sol, { iterations: 0, ms: now() - t0 }, false);
}
