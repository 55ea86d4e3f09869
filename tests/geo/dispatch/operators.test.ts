// Each operator's computed gain must equal the cost difference after applying the move, and a
// move reported infeasible must indeed produce an infeasible plan.
import { describe, expect, it, vi } from 'vitest';
import { mulberry32, randomInt } from '../../../geo/random.ts';
import type { Rng } from '../../../geo/random.ts';
import type { Solution } from '../../../geo/dispatch/solution.ts';
import { relocateGain, applyRelocate } from '../../../geo/dispatch/operators/relocate.ts';
import { swapGain, applySwap } from '../../../geo/dispatch/operators/swap.ts';
import { twoOptStarGain, applyTwoOptStar } from '../../../geo/dispatch/operators/two-opt-star.ts';
import { orOptGain, applyOrOpt } from '../../../geo/dispatch/operators/or-opt.ts';
import { crossExchangeGain, applyCrossExchange } from '../../../geo/dispatch/operators/cross-exchange.ts';
import { twoOptGain, applyTwoOpt } from '../../../geo/dispatch/operators/two-opt.ts';
import { BEST, bestInsertionInRoute, insertionDelta } from '../../../geo/dispatch/insertion.ts';
import { removalGain } from '../../../geo/dispatch/evaluate.ts';
import { localSearch } from '../../../geo/dispatch/local-search.ts';
import { costFromScratch, randomCore, startingPlan } from './helpers.ts';

// property tests run many searches: allow for a machine shared with other jobs
vi.setConfig({ testTimeout: 60_000 });

type Move = { gain: (s: Solution) => number; apply: (s: Solution) => void } | null;

/** Non-empty route indices. */
function nonEmpty(s: Solution): number[] {
  const out: number[] = [];
  for (let r = 0; r < s.core.nVehicles; r++) if (s.len[r] > 0) out.push(r);
  return out;
}

/** Sorted list of planned jobs (duplicates would show). */
function plannedJobs(s: Solution): number[] {
  return s.routes().flat().sort((a, b) => a - b);
}

function pick<T>(rng: Rng, a: T[]): T {
  return a[randomInt(rng, a.length)];
}

const generators: Record<string, (s: Solution, rng: Rng) => Move> = {
  relocate(s, rng) {
    const rs = nonEmpty(s);
    const r1 = pick(rng, rs);
    const r2 = randomInt(rng, s.core.nVehicles); // may be an empty route
    if (r1 === r2) return null;
    const i = randomInt(rng, s.len[r1]);
    const j = randomInt(rng, s.len[r2] + 1);
    return { gain: (x) => relocateGain(x, r1, i, r2, j), apply: (x) => applyRelocate(x, r1, i, r2, j) };
  },
  swap(s, rng) {
    const rs = nonEmpty(s);
    if (rs.length < 2) return null;
    const r1 = pick(rng, rs);
    const r2 = pick(rng, rs);
    if (r1 === r2) return null;
    const i = randomInt(rng, s.len[r1]);
    const j = randomInt(rng, s.len[r2]);
    return { gain: (x) => swapGain(x, r1, i, r2, j), apply: (x) => applySwap(x, r1, i, r2, j) };
  },
  twoOptStar(s, rng) {
    const rs = nonEmpty(s);
    const r1 = pick(rng, rs);
    const r2 = randomInt(rng, s.core.nVehicles);
    if (r1 === r2) return null;
    const i = randomInt(rng, s.len[r1] + 1);
    const j = randomInt(rng, s.len[r2] + 1);
    return { gain: (x) => twoOptStarGain(x, r1, i, r2, j), apply: (x) => applyTwoOptStar(x, r1, i, r2, j) };
  },
  orOpt(s, rng) {
    const rs = nonEmpty(s).filter((r) => s.len[r] >= 2);
    if (rs.length === 0) return null;
    const r = pick(rng, rs);
    const m = s.len[r];
    const len = 1 + randomInt(rng, Math.min(3, m - 1));
    const i = randomInt(rng, m - len + 1);
    const to = randomInt(rng, m - len + 1);
    const rev = rng() < 0.5;
    return { gain: (x) => orOptGain(x, r, i, len, to, rev), apply: (x) => applyOrOpt(x, r, i, len, to, rev) };
  },
  crossExchange(s, rng) {
    const rs = nonEmpty(s);
    if (rs.length < 2) return null;
    const r1 = pick(rng, rs);
    const r2 = pick(rng, rs);
    if (r1 === r2) return null;
    const li = 1 + randomInt(rng, Math.min(3, s.len[r1]));
    const lj = randomInt(rng, Math.min(3, s.len[r2]) + 1);
    const i = randomInt(rng, s.len[r1] - li + 1);
    const j = randomInt(rng, s.len[r2] - lj + 1);
    return { gain: (x) => crossExchangeGain(x, r1, i, li, r2, j, lj), apply: (x) => applyCrossExchange(x, r1, i, li, r2, j, lj) };
  },
  twoOpt(s, rng) {
    const rs = nonEmpty(s).filter((r) => s.len[r] >= 2);
    if (rs.length === 0) return null;
    const r = pick(rng, rs);
    const i = randomInt(rng, s.len[r] - 1);
    const j = i + 1 + randomInt(rng, s.len[r] - i - 1);
    return { gain: (x) => twoOptGain(x, r, i, j), apply: (x) => applyTwoOpt(x, r, i, j) };
  },
};

describe.each(Object.keys(generators))('operator %s', (name) => {
  it.each([false, true])('gain equals the cost difference after applying (time costs: %s)', (timeCost) => {
    let finite = 0;
    let infeasible = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const core = randomCore(seed * 7919 + (timeCost ? 1 : 0), 30, 6, timeCost);
      const base = startingPlan(core);
      const rng = mulberry32(seed);
      for (let t = 0; t < 150; t++) {
        const mv = generators[name](base, rng);
        if (!mv) continue;
        const before = costFromScratch(base);
        const gain = mv.gain(base);
        const after = base.clone();
        mv.apply(after);
        // the move only rearranges: the same jobs are planned, each once
        expect(plannedJobs(after)).toEqual(plannedJobs(base));
        if (gain === -Infinity) {
          expect(after.isFeasible()).toBe(false);
          infeasible++;
        } else {
          expect(after.isFeasible()).toBe(true);
          expect(before - costFromScratch(after)).toBe(gain);
          finite++;
        }
      }
    }
    // the property must have been exercised both ways
    expect(finite).toBeGreaterThan(15);
    expect(infeasible).toBeGreaterThan(5);
  });
});

describe('insertion and removal', () => {
  it.each([false, true])('insertion delta equals the cost difference (time costs: %s)', (timeCost) => {
    let checked = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const core = randomCore(seed * 31 + 5, 30, 5, timeCost);
      const sol = startingPlan(core);
      const rng = mulberry32(seed);
      for (let t = 0; t < 40; t++) {
        // take a job out, then try to put it somewhere random
        const j = randomInt(rng, core.nJobs);
        const r0 = sol.routeOf[j];
        if (r0 < 0) continue;
        const gainOut = removalGain(sol, r0, sol.posOf[j], 1);
        const before = costFromScratch(sol);
        const out = sol.clone();
        out.removeRange(r0, sol.posOf[j], 1);
        const ok = out.updateRoute(r0);
        if (gainOut === -Infinity) {
          expect(ok).toBe(false);
          continue;
        }
        expect(before - costFromScratch(out)).toBe(gainOut - core.jobUnassignedCost[j]);
        const r = randomInt(rng, core.nVehicles);
        const k = randomInt(rng, out.len[r] + 1);
        const d = insertionDelta(out, j, r, k);
        const into = out.clone();
        into.insert(j, r, k);
        if (d === Infinity) expect(into.isFeasible()).toBe(false);
        else {
          expect(into.isFeasible()).toBe(true);
          expect(costFromScratch(into) - costFromScratch(out)).toBe(d - core.jobUnassignedCost[j]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe('best insertion in a route', () => {
  it.each([false, true])('equals the minimum insertion delta over all positions (time costs: %s)', (timeCost) => {
    let found = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const core = randomCore(seed * 101 + 3, 30, 5, timeCost);
      const sol = startingPlan(core);
      const rng = mulberry32(seed);
      for (let t = 0; t < 30; t++) {
        const j = randomInt(rng, core.nJobs);
        const r0 = sol.routeOf[j];
        const s = sol.clone();
        if (r0 >= 0) {
          s.removeRange(r0, sol.posOf[j], 1);
          if (!s.updateRoute(r0)) continue;
        }
        for (let r = 0; r < core.nVehicles; r++) {
          let min = Infinity;
          for (let k = 0; k <= s.len[r]; k++) min = Math.min(min, insertionDelta(s, j, r, k));
          bestInsertionInRoute(s, j, r, null, 0);
          expect(BEST.delta).toBe(min);
          if (min < Infinity) {
            expect(insertionDelta(s, j, r, BEST.index)).toBe(min);
            found++;
          }
        }
      }
    }
    expect(found).toBeGreaterThan(50);
  });
});

describe('local search', () => {
  it.each([false, true])('never worsens a plan, keeps it feasible and reaches a local optimum (time costs: %s)', (timeCost) => {
    let moves = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const core = randomCore(seed * 13 + 1, 40, 6, timeCost);
      const sol = startingPlan(core);
      const before = costFromScratch(sol);
      moves += localSearch(sol, 10, () => 0, Infinity);
      expect(sol.isFeasible()).toBe(true);
      expect(costFromScratch(sol)).toBeLessThanOrEqual(before);
      expect(costFromScratch(sol)).toBe(sol.totalCost());
      // a second descent finds nothing more
      expect(localSearch(sol, 10, () => 0, Infinity)).toBe(0);
    }
    expect(moves).toBeGreaterThan(0);
  });
});
