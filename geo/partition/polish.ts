/**
 * Balance repair for assignments that greedy moves cannot fix: when units are coarse compared with
 * the tolerance, or the weight columns pull in different directions, a feasible assignment may
 * need chains of moves through out-of-tolerance states. This runs short, cold annealing runs with a
 * heavy imbalance penalty restricted to the units of the grids within `hops` grid-adjacency steps
 * of an out-of-tolerance grid, widening the neighbourhood each round (1 to 4 steps, then again). Before each round, pairwise
 * swaps across the border of an out-of-tolerance grid fine-tune loads that single moves overshoot.
 * One round is O(m) to find the neighbourhood plus O(iterations · (deg + grid size)).
 */
import type { Rng } from '../random.ts';
import { violation } from './balance.ts';
import { anneal } from './anneal.ts';
import type { AnnealBest } from './anneal.ts';
import type { SearchContext } from './refine.ts';
import type { PartitionState } from './state.ts';

/**
 * Tries to bring every grid within tolerance, up to `rounds` rounds; leaves the best assignment
 * found (feasible if any) in `state`.
 * @returns true when the state ends within tolerance.
 */
export function polishBalance(state: PartitionState, ctx: SearchContext, rng: Rng, tolScale: number, rounds: number): boolean {
  const { level, part, k, bounds, loads } = state;
  const { n, offsets, targets } = level;
  const ncon = level.ncon;
  for (let round = 0; round < rounds && state.badGrids > 0 && ctx.now() < ctx.deadline; round++) {
    swapRepair(state, ctx, 20);
    if (state.badGrids === 0) break;
    // grids within `hops` steps of an out-of-tolerance grid
    const hops = 1 + (round % 4);
    const inHood = new Uint8Array(k);
    for (let g = 0; g < k; g++) if (violation(bounds, loads, g * ncon) > 1e-12) inHood[g] = 1;
    for (let h = 0; h < hops; h++) {
      const next = inHood.slice();
      for (let u = 0; u < n; u++) {
        if (!inHood[part[u]]) continue;
        for (let i = offsets[u], e = offsets[u + 1]; i < e; i++) next[part[targets[i]]] = 1;
      }
      inHood.set(next);
    }
    const cand: number[] = [];
    for (let u = 0; u < n; u++) if (inHood[part[u]]) cand.push(u);
    if (cand.length === 0) break;
    const best: AnnealBest = { part: part.slice(), cut: state.cut, viol: state.viol };
    anneal(state, ctx, rng, Math.min(3_000_000, 60 * cand.length * (1 + (round % 4))), tolScale, best, {
      candidates: Int32Array.from(cand),
      lambda: 4,
      temp0: 1.5,
      temp1: 0.05,
      stopWhenFeasible: false,
    });
    // keep the end state when it beats the snapshot (snapshots are sparse on large graphs)
    const endBetter = state.badGrids === 0 ? best.viol > 0 || state.cut <= best.cut : best.viol > 0 && state.viol < best.viol;
    if (!endBetter) {
      part.set(best.part);
      state.recompute();
    }
  }
  return state.badGrids === 0;
}

/**
 * Swap repair: for each out-of-tolerance grid a and each neighbouring grid b, tries every single
 * move and every exchange of a border unit of a with a border unit of b, and makes the one that
 * lowers the violation most (fewest new cut edges on ties). Repeats up to `rounds` times.
 * O(rounds · (m + Σ border_a · border_b · ncon)).
 */
export function swapRepair(state: PartitionState, ctx: SearchContext, rounds: number): void {
  const { level, part, k, bounds, loads, sizes, gridZone } = state;
  const { n, offsets, targets, ncon, w, lock, zone } = level;
  const la = new Float64Array(ncon);
  const lb = new Float64Array(ncon);
  for (let round = 0; round < rounds && state.badGrids > 0 && ctx.now() < ctx.deadline; round++) {
    const bad = new Uint8Array(k);
    for (let g = 0; g < k; g++) if (violation(bounds, loads, g * ncon) > 1e-12) bad[g] = 1;
    // border units: key a·k + b → units of a touching b, for a or b out of tolerance
    const border = new Map<number, number[]>();
    for (let u = 0; u < n; u++) {
      const a = part[u];
      if (lock[u] >= 0) continue;
      for (let i = offsets[u], e = offsets[u + 1]; i < e; i++) {
        const b = part[targets[i]];
        if (b === a || (!bad[a] && !bad[b]) || zone[targets[i]] !== zone[u] || gridZone[b] !== zone[u]) continue;
        const key = a * k + b;
        let list = border.get(key);
        if (!list) border.set(key, (list = []));
        if (list[list.length - 1] !== u) list.push(u);
      }
    }
    let improved = false;
    for (let a = 0; a < k; a++) {
      if (!bad[a] || violation(bounds, loads, a * ncon) <= 1e-12) continue;
      let bestDv = -1e-12;
      let bestDc = Infinity;
      let bu = -1;
      let bv = -1;
      let bb = -1;
      for (const [key, us] of border) {
        if (Math.floor(key / k) !== a) continue;
        const b = key % k;
        const vs = border.get(b * k + a) ?? [];
        const base = violation(bounds, loads, a * ncon) + violation(bounds, loads, b * ncon);
        // ui = -1 means "no unit from a", vi = -1 means "no unit from b"
        for (let ui = -1; ui < us.length; ui++) {
          const u = ui >= 0 ? us[ui] : -1;
          if (u >= 0 && sizes[a] <= 1) continue;
          for (let vi = -1; vi < vs.length; vi++) {
            const v = vi >= 0 ? vs[vi] : -1;
            if (u < 0 && v < 0) continue;
            for (let c = 0; c < ncon; c++) {
              const d = (u >= 0 ? w[u * ncon + c] : 0) - (v >= 0 ? w[v * ncon + c] : 0);
              la[c] = loads[a * ncon + c] - d;
              lb[c] = loads[b * ncon + c] + d;
            }
            const dv = violation(bounds, la, 0) + violation(bounds, lb, 0) - base;
            if (dv > bestDv + 1e-12) continue;
            const dc = (u >= 0 ? state.connection(u, a) - state.connection(u, b) : 0) + (v >= 0 ? state.connection(v, b) - state.connection(v, a) : 0);
            if (dv < bestDv - 1e-12 || dc < bestDc) {
              bestDv = dv;
              bestDc = dc;
              bu = u;
              bv = v;
              bb = b;
            }
          }
        }
      }
      if (bb < 0) continue;
      if (tryExchange(state, ctx, a, bb, bu, bv)) improved = true;
    }
    if (!improved) break;
  }
}

/** Moves u from a to b and then v from b to a, keeping both grids connected; undoes on failure. */
function tryExchange(state: PartitionState, ctx: SearchContext, a: number, b: number, u: number, v: number): boolean {
  const { part, sizes } = state;
  const { offsets, targets } = state.level;
  if (u >= 0) {
    // border lists are from the start of the round: u must still touch b
    if (part[u] !== a || sizes[a] <= 1 || state.connection(u, b) <= 0 || !ctx.checker.staysConnected(offsets, targets, part, u)) return false;
    if (ctx.allowed && !ctx.allowed(u, b)) return false;
    state.move(u, b);
  }
  if (v >= 0) {
    const ok = part[v] === b && sizes[b] > 1 && state.connection(v, a) > 0 && (!ctx.allowed || ctx.allowed(v, a)) && ctx.checker.staysConnected(offsets, targets, part, v);
    if (!ok) {
      if (u >= 0) state.move(u, a);
      return false;
    }
    state.move(v, a);
  }
  return true;
}
