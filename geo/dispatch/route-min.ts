/**
 * Route minimisation (the vehicles-first phase): repeatedly empty the shortest route and let
 * SISR, limited to one route fewer, reinsert its jobs; keep the plan whenever every job fits.
 */
import type { Rng } from '../random.ts';
import { defaultSisrParams, ruinAndRecreate } from './ruin-recreate.ts';
import type { Solution } from './solution.ts';

/**
 * Returns a plan with as few routes as found before `deadline` (or within `maxIterations` SISR
 * iterations in all), serving at least as many jobs as `start` (which is not modified).
 * O(attempts · SISR run).
 */
export function minimizeRoutes(start: Solution, rng: Rng, possible: Uint8Array, now: () => number, deadline: number, maxIterations = Infinity): Solution {
  const c = start.core;
  const best = start.clone();
  const target = start.nUnassigned;
  let failures = 0;
  let itLeft = maxIterations;
  while (now() < deadline - 1 && itLeft >= 1) {
    const used = best.usedVehicles();
    if (used <= 1) break;
    const cand = best.clone();
    // the shortest route (ties and repeated failures: another short one at random)
    let pick = -1;
    for (let r = 0; r < c.nVehicles; r++) {
      if (cand.len[r] === 0) continue;
      if (pick < 0 || cand.len[r] < cand.len[pick] || (cand.len[r] === cand.len[pick] && rng() < 0.5)) pick = r;
    }
    if (failures > 0) {
      const nonEmpty: number[] = [];
      for (let r = 0; r < c.nVehicles; r++) if (cand.len[r] > 0) nonEmpty.push(r);
      nonEmpty.sort((a, b) => cand.len[a] - cand.len[b]);
      pick = nonEmpty[Math.floor(rng() * Math.min(3, nonEmpty.length))];
    }
    cand.removeRange(pick, 0, cand.len[pick]);
    cand.updateRoute(pick);
    const candBest = cand.clone();
    const p = defaultSisrParams(c.nJobs, c.nVehicles);
    p.possible = possible;
    p.now = now;
    p.maxRoutes = used - 1;
    p.stopAtUnassigned = target;
    p.tempStart = 1;
    p.tempEnd = 1;
    const remaining = deadline - now();
    p.timeBudgetMs = Math.max(1, Math.min(remaining, Math.max(remaining / 3, 50)));
    p.maxIterations = Number.isFinite(itLeft) ? Math.max(1, Math.floor(Math.max(itLeft / 3, Math.min(itLeft, 100)))) : Infinity;
    itLeft -= ruinAndRecreate(cand, candBest, rng, p).iterations;
    if (candBest.nUnassigned <= target && candBest.usedVehicles() < used) {
      best.copyFrom(candBest);
      failures = 0;
    } else {
      failures++;
    }
  }
  return best;
}
