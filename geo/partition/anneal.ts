/**
 * Simulated annealing on single-unit boundary moves for small instances (up to a few thousand
 * units), where exact optima are within reach. The objective is
 *
 *   f = cut + λ·violation / tolerance
 *
 * (violation in tolerance widths), so the search may cross infeasible states while λ adapts: it
 * grows while the walk stays out of tolerance and shrinks while it stays feasible (the strategic
 * oscillation of tabu search for districting). Moves that would disconnect the donor grid or empty
 * it are never made. The best feasible assignment (lowest cut, within tolerance) is kept.
 * One iteration is O(deg + ncon) plus a bounded BFS when a move is accepted; a run of `iters`
 * iterations is O(iters · (deg + grid size)).
 */
import type { Rng } from '../random.ts';
import type { SearchContext } from './refine.ts';
import type { PartitionState } from './state.ts';

/** Tuning of one {@link anneal} run; temperatures and λ are in units of the mean edge weight. */
export interface AnnealParams {
  /** starting penalty per tolerance width of violation (default 2). */
  lambda?: number;
  /** start and end temperature (default 1.5 and 0.02). */
  temp0?: number;
  temp1?: number;
  /** only these units are tried (default all). */
  candidates?: Int32Array;
  /** return as soon as a feasible assignment is found. */
  stopWhenFeasible?: boolean;
}

/** Best solution seen by {@link anneal}. */
export interface AnnealBest {
  part: Int32Array;
  cut: number;
  viol: number;
}

/**
 * One annealing run from the current state (which it changes). Updates `best` in place when it
 * finds a feasible assignment with a lower cut (or a less violating one while none is feasible).
 * @param iters number of move attempts; stops earlier at the deadline.
 * @param tolScale smallest active tolerance as a fraction of the mean (violation unit).
 */
export function anneal(state: PartitionState, ctx: SearchContext, rng: Rng, iters: number, tolScale: number, best: AnnealBest, params: AnnealParams = {}): void {
  const { level, part, sizes, gridZone } = state;
  const { n, offsets, targets, ew, lock, zone } = level;
  let totalEw = 0;
  for (let i = 0; i < ew.length; i++) totalEw += ew[i];
  const avgEw = ew.length > 0 ? totalEw / ew.length : 1;
  const invTol = 1 / Math.max(tolScale, 1e-6);
  let lam = (params.lambda ?? 2) * avgEw;
  const lamMin = 0.01 * avgEw;
  const lamMax = 1000 * avgEw;
  const t0 = (params.temp0 ?? 1.5) * avgEw;
  const t1 = (params.temp1 ?? 0.02) * avgEw;
  const cand = params.candidates;
  const pool = cand ? cand.length : n;
  const cool = Math.pow(t1 / t0, 1 / Math.max(1, iters));
  let temp = t0;
  let infeasibleSteps = 0;
  let window = 0;
  for (let it = 0; it < iters; it++) {
    temp *= cool;
    if (++window === 500) {
      // strategic oscillation: push towards feasibility when stuck outside, relax when inside
      if (infeasibleSteps > 450) lam = Math.min(lamMax, lam * 1.5);
      else if (infeasibleSteps < 50) lam = Math.max(lamMin, lam / 1.2);
      infeasibleSteps = 0;
      window = 0;
    }
    if ((it & 0x3ff) === 0 && ctx.now() > ctx.deadline) return;
    if (state.badGrids > 0) infeasibleSteps++;
    const r = Math.floor(rng() * pool);
    const u = cand ? cand[r] : r;
    const deg = offsets[u + 1] - offsets[u];
    if (deg === 0 || lock[u] >= 0) continue;
    const ei = offsets[u] + Math.floor(rng() * deg);
    const v = targets[ei];
    const a = part[u];
    const b = part[v];
    if (a === b || zone[v] !== zone[u] || gridZone[b] !== zone[u] || sizes[a] <= 1) continue;
    const dcut = state.connection(u, a) - state.connection(u, b);
    const dv = state.deltaViolation(u, a, b);
    const df = dcut + lam * dv * invTol;
    if (df > 0 && rng() >= Math.exp(-df / temp)) continue;
    if (ctx.allowed && !ctx.allowed(u, b)) continue;
    if (!ctx.checker.staysConnected(offsets, targets, part, u)) continue;
    state.move(u, b);
    // while nothing is feasible, snapshot only on a clear drop of the violation (copies are O(n))
    if (state.badGrids === 0 ? best.viol > 0 || state.cut < best.cut - 1e-9 : best.viol > 0 && state.viol < best.viol * (n > 5000 ? 0.7 : 1)) {
      best.part.set(part);
      best.cut = state.cut;
      best.viol = state.badGrids === 0 ? 0 : state.viol;
      if (params.stopWhenFeasible && best.viol === 0) return;
    }
  }
}

/**
 * Perturbs the state with `steps` random connectivity-preserving boundary moves, ignoring the
 * objective (the "kick" of iterated local search). O(steps · (deg + grid size)).
 */
export function perturb(state: PartitionState, ctx: SearchContext, rng: Rng, steps: number): void {
  const { level, part, sizes, gridZone } = state;
  const { n, offsets, targets, lock, zone } = level;
  for (let s = 0, tries = 0; s < steps && tries < steps * 50; tries++) {
    const u = Math.floor(rng() * n);
    const deg = offsets[u + 1] - offsets[u];
    if (deg === 0 || lock[u] >= 0) continue;
    const v = targets[offsets[u] + Math.floor(rng() * deg)];
    const a = part[u];
    const b = part[v];
    if (a === b || zone[v] !== zone[u] || gridZone[b] !== zone[u] || sizes[a] <= 1) continue;
    if (ctx.allowed && !ctx.allowed(u, b)) continue;
    if (!ctx.checker.staysConnected(offsets, targets, part, u)) continue;
    state.move(u, b);
    s++;
  }
}
