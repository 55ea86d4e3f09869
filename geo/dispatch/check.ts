/**
 * Independent solution checkers. They share no code with the solver: they recompute every route
 * from the raw instance data in double precision and return the first violation found.
 */
import type { VrptwInstance } from './solomon.ts';

/** What a checker found: `valid` with no reason, or the first violation. */
export interface CheckResult {
  valid: boolean;
  /** Machine-readable kind of the first violation. */
  kind?: 'unknown_customer' | 'duplicate' | 'missing' | 'capacity' | 'time_window' | 'depot' | 'fleet';
  /** Human-readable description naming the route and customer. */
  reason?: string;
}

const EPS = 1e-6;

/**
 * Checks a VRPTW plan given as routes of customer numbers (1..n; the depot, 0, may appear only
 * as the first and last element of a route): every customer exactly once, load ≤ capacity,
 * service starts within [ready, due] (waiting allowed), return to the depot by its due date,
 * at most `inst.vehicles` non-empty routes. Times in double precision with a 1e-6 tolerance.
 * Never throws. O(n).
 */
export function checkVrptw(inst: VrptwInstance, routes: readonly (readonly number[])[]): CheckResult {
  const n = inst.x.length - 1;
  const seen = new Uint8Array(n + 1);
  let used = 0;
  for (let r = 0; r < routes.length; r++) {
    let route = routes[r];
    // tolerate explicit depot endpoints, nothing else
    if (route.length > 0 && route[0] === 0) route = route.slice(1);
    if (route.length > 0 && route[route.length - 1] === 0) route = route.slice(0, -1);
    if (route.length === 0) continue;
    used++;
    let load = 0;
    let t = inst.ready[0];
    let prev = 0;
    for (const c of route) {
      if (c === 0) return { valid: false, kind: 'depot', reason: `route ${r} visits the depot in the middle` };
      if (!Number.isInteger(c) || c < 0 || c > n) return { valid: false, kind: 'unknown_customer', reason: `route ${r}: no customer ${c}` };
      if (seen[c]) return { valid: false, kind: 'duplicate', reason: `customer ${c} is visited more than once (again in route ${r})` };
      seen[c] = 1;
      load += inst.demand[c];
      t += Math.hypot(inst.x[prev] - inst.x[c], inst.y[prev] - inst.y[c]);
      if (t < inst.ready[c]) t = inst.ready[c];
      if (t > inst.due[c] + EPS) {
        return { valid: false, kind: 'time_window', reason: `route ${r}: service at customer ${c} starts at ${t.toFixed(3)} after its due date ${inst.due[c]}` };
      }
      t += inst.service[c];
      prev = c;
    }
    if (load > inst.capacity + EPS) return { valid: false, kind: 'capacity', reason: `route ${r}: load ${load} exceeds capacity ${inst.capacity}` };
    t += Math.hypot(inst.x[prev] - inst.x[0], inst.y[prev] - inst.y[0]);
    if (t > inst.due[0] + EPS) {
      return { valid: false, kind: 'depot', reason: `route ${r}: returns to the depot at ${t.toFixed(3)} after it closes at ${inst.due[0]}` };
    }
  }
  for (let c = 1; c <= n; c++) if (!seen[c]) return { valid: false, kind: 'missing', reason: `customer ${c} is not visited` };
  if (used > inst.vehicles) return { valid: false, kind: 'fleet', reason: `${used} routes but only ${inst.vehicles} vehicles` };
  return { valid: true };
}
