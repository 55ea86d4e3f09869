/**
 * Explanations: why a job went to its crew (ETA, the next best crews, why an earlier-arriving
 * crew was not chosen) and why a job could not be planned.
 */
import { canServe } from './core.ts';
import type { Core } from './core.ts';
import { insertionDelta, insertionStart } from './insertion.ts';
import type { Explanation, NotChosenReason, UnassignedReason } from './model.ts';
import type { Solution } from './solution.ts';

/** Earliest service start crew v could give job j if sent there first, or NaN if it cannot start it in its window. O(1). */
function directStart(core: Core, v: number, j: number): number {
  const st = Math.max(core.vehStart[v] + core.dur[core.vehStartLoc[v] * core.nLocs + core.jobLoc[j]], core.jobTwStart[j]);
  return st <= core.jobTwEnd[j] ? st : NaN;
}

/** True when crew v can serve j first and still be back (at its end) before its shift ends. O(1). */
function fitsShiftAlone(core: Core, v: number, j: number): boolean {
  const st = directStart(core, v, j);
  if (Number.isNaN(st)) return false;
  const end = core.vehEndLoc[v];
  const back = st + core.jobService[j] + (end >= 0 ? core.dur[core.jobLoc[j] * core.nLocs + end] : 0);
  return back <= core.vehEnd[v];
}

/**
 * Explains the assignment of job j (assigned in `sol`): its ETA, the two other crews that could
 * take it earliest within their own plans, and up to three crews that could have reached it
 * earlier if sent straight there, each with the reason it was not chosen.
 * @param crewIds crew id per vehicle index. O(V · m).
 */
export function explainAssignment(sol: Solution, j: number, crewIds: readonly string[]): Explanation {
  const core = sol.core;
  const r = sol.routeOf[j];
  const eta = sol.early[r][sol.posOf[j] + 1];
  const alternatives: { crewId: string; eta: number }[] = [];
  const better: { crewId: string; eta: number; reason: NotChosenReason }[] = [];
  for (let v = 0; v < core.nVehicles; v++) {
    if (v === r) continue;
    // best ETA when fitted into v's current plan
    let bestEta = Infinity;
    for (let k = 0; k <= sol.len[v]; k++) {
      if (insertionDelta(sol, j, v, k) === Infinity) continue;
      const st = insertionStart(sol, j, v, k);
      if (st < bestEta) bestEta = st;
    }
    if (bestEta < Infinity) alternatives.push({ crewId: crewIds[v], eta: bestEta });
    const direct = Math.max(core.vehStart[v] + core.dur[core.vehStartLoc[v] * core.nLocs + core.jobLoc[j]], core.jobTwStart[j]);
    if (direct >= eta) continue;
    let reason: NotChosenReason;
    if ((core.jobSkills[j] & ~core.vehSkills[v]) !== 0) reason = 'skill';
    else if (core.jobDemand[j] + (sol.len[v] > 0 ? sol.load[v] : 0) > core.vehCapacity[v]) reason = 'capacity';
    else if (!fitsShiftAlone(core, v, j)) reason = 'shift_end';
    else {
      let higher = false;
      for (let k = 0; k < sol.len[v]; k++) if (core.jobPriority[sol.seq[v][k]] < core.jobPriority[j]) higher = true;
      reason = higher ? 'busy_higher_priority' : 'busy_better_plan';
    }
    better.push({ crewId: crewIds[v], eta: direct, reason });
  }
  alternatives.sort((a, b) => a.eta - b.eta || (a.crewId < b.crewId ? -1 : 1));
  better.sort((a, b) => a.eta - b.eta || (a.crewId < b.crewId ? -1 : 1));
  return { eta, alternatives: alternatives.slice(0, 2), betterEtaNotChosen: better.slice(0, 3) };
}

/**
 * Why job j cannot be (or was not) planned: no crew with its skills, none of those with the
 * capacity, none able to start it in its window and return before its shift ends, or (feasible
 * alone) every suitable crew's time went to more valuable jobs. O(V).
 */
export function unassignedReason(core: Core, j: number): { reason: UnassignedReason; detail: string } {
  let skilled = 0;
  let withCapacity = 0;
  for (let v = 0; v < core.nVehicles; v++) {
    if ((core.jobSkills[j] & ~core.vehSkills[v]) !== 0) continue;
    skilled++;
    if (!canServe(core, v, j)) continue;
    withCapacity++;
    if (fitsShiftAlone(core, v, j)) {
      return { reason: 'crews_busy', detail: 'suitable crews exist but their time is planned for more valuable jobs' };
    }
  }
  if (core.nVehicles === 0) return { reason: 'no_skill', detail: 'no crew is available' };
  if (skilled === 0) return { reason: 'no_skill', detail: 'no crew has every required skill' };
  if (withCapacity === 0) return { reason: 'capacity', detail: `none of the ${skilled} crews with the skills has the capacity` };
  return { reason: 'outside_shift', detail: `none of the ${withCapacity} suitable crews can start it in its window and return before its shift ends` };
}
