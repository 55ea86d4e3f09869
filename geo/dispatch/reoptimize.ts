/**
 * Re-optimisation support: the previous plan as a starting point (minus jobs that closed or are
 * now under way, repaired where it no longer fits), and the list of what changed.
 */
import type { Compiled } from './compile.ts';
import type { PlanChange } from './model.ts';
import { Solution } from './solution.ts';

/**
 * The previous plan as a Solution on the new Core. Where a previous route no longer fits (a crew
 * is busy longer, a shift ends), jobs are dropped from its end until it does; the search then
 * reinserts them. O(Σ m²) worst case.
 */
export function previousSolution(comp: Compiled): Solution {
  const sol = new Solution(comp.core);
  comp.previousRoutes.forEach((jobs, v) => {
    const seq = [...jobs];
    while (seq.length > 0) {
      sol.setRoute(v, seq);
      if (sol.updateRoute(v)) return;
      seq.pop();
    }
    sol.setRoute(v, []);
  });
  return sol;
}

/**
 * Differences between the previous plan and `sol`, by job: newly assigned, moved to another
 * crew, dropped, or kept on its crew at another place in the sequence. O(n).
 */
export function planChanges(comp: Compiled, sol: Solution): PlanChange[] {
  const { core, problem } = comp;
  const prevPos = new Int32Array(core.nJobs).fill(-1);
  const prevRank = new Map<number, number[]>();
  comp.previousRoutes.forEach((jobs, v) => {
    jobs.forEach((j, k) => (prevPos[j] = k));
    prevRank.set(v, jobs);
  });
  const changes: PlanChange[] = [];
  for (let j = 0; j < core.nJobs; j++) {
    const before = comp.previousCrew[j];
    const after = sol.routeOf[j];
    const id = problem.jobs[j].id;
    const from = before >= 0 ? problem.crews[before].id : null;
    const to = after >= 0 ? problem.crews[after].id : null;
    if (before < 0 && after < 0) continue;
    if (before < 0) changes.push({ jobId: id, kind: 'assigned', fromCrewId: null, toCrewId: to });
    else if (after < 0) changes.push({ jobId: id, kind: 'unassigned', fromCrewId: from, toCrewId: null });
    else if (before !== after) changes.push({ jobId: id, kind: 'reassigned', fromCrewId: from, toCrewId: to });
    else {
      // same crew: did its predecessor change?
      const prev = prevRank.get(before) ?? [];
      const k = prevPos[j];
      const prevBefore = k > 0 ? prev[k - 1] : -1;
      const p = sol.posOf[j];
      const nowBefore = p > 0 ? sol.seq[after][p - 1] : -1;
      if (prevBefore !== nowBefore) changes.push({ jobId: id, kind: 'resequenced', fromCrewId: from, toCrewId: to });
    }
  }
  return changes;
}
