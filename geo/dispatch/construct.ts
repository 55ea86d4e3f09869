/**
 * Construction heuristic: regret-2 insertion. Repeatedly inserts the pending job whose best
 * insertion is most ahead of its best insertion in any other route (urgent, constrained jobs
 * first), at its cheapest position.
 */
import { BEST, bestInsertionInRoute } from './insertion.ts';
import { Solution } from './solution.ts';
import type { Core } from './core.ts';

/**
 * Builds a plan by regret-2 insertion, starting from `start` (a copy is made) or from an empty
 * plan. Jobs with `possible[j] = 0` are left unassigned. Per-route best insertions are cached
 * and only the changed route is re-evaluated after each insertion.
 * O(n · V · m) to fill the cache, then O(n · (n · m + V)) for the insertions.
 */
export function regretInsertion(core: Core, possible: Uint8Array, start?: Solution): Solution {
  const sol = start ? start.clone() : new Solution(core);
  const V = core.nVehicles;
  const pending: number[] = [];
  for (let i = 0; i < sol.nUnassigned; i++) if (possible[sol.unassigned[i]]) pending.push(sol.unassigned[i]);
  pending.sort((a, b) => a - b);
  const n = core.nJobs;
  // cache[j * V + r]: cheapest insertion delta of job j into route r; idx: its seq index
  const cache = new Float64Array(n * V);
  const idx = new Int32Array(n * V);
  const evalRoute = (j: number, r: number): void => {
    bestInsertionInRoute(sol, j, r, null, 0);
    cache[j * V + r] = BEST.delta;
    idx[j * V + r] = BEST.index;
  };
  for (const j of pending) for (let r = 0; r < V; r++) evalRoute(j, r);
  while (pending.length > 0) {
    let pick = -1;
    let pickRegret = -Infinity;
    let pickCost = Infinity;
    let pickRoute = -1;
    for (let p = 0; p < pending.length; p++) {
      const j = pending[p];
      let b1 = Infinity;
      let b2 = Infinity;
      let r1 = -1;
      for (let r = 0; r < V; r++) {
        const d = cache[j * V + r];
        if (d < b1) {
          b2 = b1;
          b1 = d;
          r1 = r;
        } else if (d < b2) b2 = d;
      }
      if (r1 < 0) continue;
      const regret = b2 === Infinity ? 1e300 : b2 - b1;
      if (regret > pickRegret || (regret === pickRegret && b1 < pickCost)) {
        pick = p;
        pickRegret = regret;
        pickCost = b1;
        pickRoute = r1;
      }
    }
    if (pick < 0) break; // nothing left fits anywhere
    const j = pending[pick];
    pending[pick] = pending[pending.length - 1];
    pending.pop();
    sol.insert(j, pickRoute, idx[j * V + pickRoute]);
    for (const q of pending) evalRoute(q, pickRoute);
  }
  return sol;
}

/**
 * possible[j] = 1 when some vehicle can serve job j alone (skills, capacity, window, shift),
 * the precondition for ever serving it. O(n · V).
 */
export function possibleJobs(core: Core): Uint8Array {
  const out = new Uint8Array(core.nJobs);
  const empty = new Solution(core);
  for (let j = 0; j < core.nJobs; j++) {
    for (let r = 0; r < core.nVehicles; r++) {
      bestInsertionInRoute(empty, j, r, null, 0);
      if (BEST.index >= 0) {
        out[j] = 1;
        break;
      }
    }
  }
  return out;
}
