// Small random instances for the dispatch property tests (seeded, so failures reproduce).
import { mulberry32, randomInt } from '../../../geo/random.ts';
import type { Rng } from '../../../geo/random.ts';
import { emptyCoreInput, finishCore } from '../../../geo/dispatch/core.ts';
import type { Core } from '../../../geo/dispatch/core.ts';
import { euclideanMatrix } from '../../../geo/dispatch/matrix.ts';
import type { CostMatrix } from '../../../geo/dispatch/matrix.ts';
import type { Solution } from '../../../geo/dispatch/solution.ts';
import { possibleJobs, regretInsertion } from '../../../geo/dispatch/construct.ts';
import type { DispatchProblem, Priority } from '../../../geo/dispatch/model.ts';

/** A random planar matrix over `n` points in a 100 × 100 square (factor 10, time = distance). */
export function randomMatrix(rng: Rng, n: number): CostMatrix {
  const xs = Array.from({ length: n }, () => rng() * 100);
  const ys = Array.from({ length: n }, () => rng() * 100);
  return euclideanMatrix(xs, ys, 10, 1);
}

/**
 * A random Core: nJobs jobs, nVeh vehicles from 1–2 depots, some windows, demands, skills and,
 * when `timeCost`, response-time weights and P1-style lateness.
 */
export function randomCore(seed: number, nJobs: number, nVeh: number, timeCost: boolean): Core {
  const rng = mulberry32(seed);
  const depots = 2;
  const m = randomMatrix(rng, nJobs + depots);
  const ci = emptyCoreInput(m, nJobs, nVeh);
  const horizon = 4000;
  for (let j = 0; j < nJobs; j++) {
    ci.jobLoc[j] = depots + j;
    ci.jobService[j] = 20 + randomInt(rng, 40);
    ci.jobDemand[j] = 1 + randomInt(rng, 9);
    ci.jobSkills[j] = rng() < 0.2 ? 1 << randomInt(rng, 3) : 0;
    if (rng() < 0.6) {
      const a = randomInt(rng, horizon - 600);
      ci.jobTwStart[j] = a;
      ci.jobTwEnd[j] = a + 200 + randomInt(rng, 800);
    }
    if (timeCost) {
      ci.jobRelease[j] = -randomInt(rng, 300);
      ci.jobWeight[j] = 1 + randomInt(rng, 8);
      ci.jobDue[j] = ci.jobRelease[j] + 500 + randomInt(rng, 1500);
      if (rng() < 0.3) {
        ci.jobLateFixed[j] = 100_000;
        ci.jobLateWeight[j] = 50;
      }
      ci.jobPriority[j] = randomInt(rng, 4);
      ci.jobUnassignedCost[j] = 1e9 * (4 - ci.jobPriority[j]);
    }
  }
  for (let v = 0; v < nVeh; v++) {
    const d = randomInt(rng, depots);
    ci.vehStartLoc[v] = d;
    ci.vehEndLoc[v] = rng() < 0.2 ? -1 : d;
    ci.vehCapacity[v] = 30 + randomInt(rng, 40);
    ci.vehSkills[v] = randomInt(rng, 8);
    ci.vehStart[v] = randomInt(rng, 200);
    ci.vehEnd[v] = horizon;
    ci.vehFixed[v] = timeCost ? 0 : 1000;
  }
  ci.travelWeight = timeCost ? 2 : 1;
  return finishCore(ci);
}

/** A feasible, fairly full plan for `core` (regret insertion). */
export function startingPlan(core: Core): Solution {
  return regretInsertion(core, possibleJobs(core));
}

/** Total cost recomputed from scratch (every route re-evaluated). */
export function costFromScratch(sol: Solution): number {
  const s = sol.clone();
  for (let r = 0; r < s.core.nVehicles; r++) s.updateRoute(r);
  let unassigned = 0;
  for (let i = 0; i < s.nUnassigned; i++) unassigned += s.core.jobUnassignedCost[s.unassigned[i]];
  let c = unassigned;
  for (let r = 0; r < s.core.nVehicles; r++) c += s.routeCost[r];
  return c;
}

/**
 * A small dispatch problem on a line: location i is i km east of location 0, travel 1 km/min.
 * Crews and jobs are given by the caller.
 */
export function lineMatrix(n: number): CostMatrix {
  const durations = new Int32Array(n * n);
  const distances = new Int32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      durations[i * n + j] = Math.abs(i - j) * 60;
      distances[i * n + j] = Math.abs(i - j) * 1000;
    }
  }
  return { size: n, durations, distances };
}

/** A random dispatch problem: `nJobs` faults, `nCrews` crews on a random planar matrix (seconds, meters). */
export function randomDispatchProblem(seed: number, nJobs: number, nCrews: number): DispatchProblem {
  const rng = mulberry32(seed);
  const nLoc = nJobs + nCrews + 1;
  const xs = Array.from({ length: nLoc }, () => rng() * 20_000);
  const ys = Array.from({ length: nLoc }, () => rng() * 20_000);
  const matrix = euclideanMatrix(xs, ys, 1, 8); // meters, 8 m/s
  const pr: Priority[] = ['P1', 'P2', 'P3', 'P4'];
  const jobs = Array.from({ length: nJobs }, (_, i) => ({
    id: `J${i}`,
    location: i,
    serviceSeconds: 600 + randomInt(rng, 1800),
    priority: pr[randomInt(rng, 4)],
    reportedAt: -randomInt(rng, 1800),
    skills: rng() < 0.2 ? ['hv'] : [],
  }));
  const crews = Array.from({ length: nCrews }, (_, v) => ({
    id: `C${v}`,
    start: nJobs + v,
    end: nJobs + nCrews,
    shift: [0, 8 * 3600] as [number, number],
    skills: rng() < 0.5 ? ['hv'] : [],
  }));
  return { now: 0, jobs, crews, matrix };
}
