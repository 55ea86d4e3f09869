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

/** What the dispatch checker found. */
export interface DispatchCheckResult {
  valid: boolean;
  kind?: 'unknown_job' | 'unknown_crew' | 'duplicate' | 'skill' | 'capacity' | 'time_window' | 'shift' | 'frozen' | 'missing';
  reason?: string;
}

/**
 * Checks crew routes (ordered job ids per crew, without the job under way) against a dispatch
 * problem, recomputing times from the matrix: every job at most once and each listed job known,
 * skills, capacity, hard time windows on the service start, departure not before `now`, the
 * shift start or the end of the job under way, and return to the depot by the shift end. With
 * `requireAll`, every job must be planned. Also usable to vet a dispatcher's manual assignment.
 * Never throws. O(n + V).
 */
export function checkDispatchRoutes(
  problem: {
    now: number;
    jobs: readonly { id: string; location: number; serviceSeconds: number; timeWindow?: [number, number]; skills?: readonly string[]; demand?: number }[];
    crews: readonly { id: string; start: number; end: number | null; shift: [number, number]; skills?: readonly string[]; capacity?: number; current?: { jobId: string; location: number; busyUntil: number } }[];
    matrix: { size: number; durations: Int32Array };
  },
  routes: readonly { crewId: string; jobIds: readonly string[] }[],
  requireAll = false,
): DispatchCheckResult {
  const jobs = new Map(problem.jobs.map((j) => [j.id, j]));
  const crews = new Map(problem.crews.map((c) => [c.id, c]));
  const seen = new Set<string>();
  const usedCrews = new Set<string>();
  const n = problem.matrix.size;
  const dur = problem.matrix.durations;
  for (const route of routes) {
    const crew = crews.get(route.crewId);
    if (!crew) return { valid: false, kind: 'unknown_crew', reason: `no crew ${route.crewId}` };
    if (usedCrews.has(crew.id)) return { valid: false, kind: 'duplicate', reason: `crew ${crew.id} has two routes` };
    usedCrews.add(crew.id);
    const crewSkills = new Set(crew.skills ?? []);
    let loc = crew.current ? crew.current.location : crew.start;
    let t = Math.max(problem.now, crew.shift[0], crew.current ? crew.current.busyUntil : -Infinity);
    let load = 0;
    for (const id of route.jobIds) {
      if (crew.current && id === crew.current.jobId) return { valid: false, kind: 'frozen', reason: `job ${id} is under way with crew ${crew.id} and cannot be planned again` };
      const job = jobs.get(id);
      if (!job) return { valid: false, kind: 'unknown_job', reason: `crew ${crew.id}: no open job ${id}` };
      if (seen.has(id)) return { valid: false, kind: 'duplicate', reason: `job ${id} is planned more than once (again for crew ${crew.id})` };
      seen.add(id);
      for (const s of job.skills ?? []) if (!crewSkills.has(s)) return { valid: false, kind: 'skill', reason: `crew ${crew.id} lacks skill "${s}" for job ${id}` };
      load += job.demand ?? 0;
      t += dur[loc * n + job.location];
      if (job.timeWindow) {
        if (t < job.timeWindow[0]) t = job.timeWindow[0];
        if (t > job.timeWindow[1]) return { valid: false, kind: 'time_window', reason: `crew ${crew.id} starts job ${id} at ${t}, after its window ends at ${job.timeWindow[1]}` };
      }
      t += job.serviceSeconds;
      loc = job.location;
    }
    if (crew.capacity !== undefined && load > crew.capacity) return { valid: false, kind: 'capacity', reason: `crew ${crew.id}: load ${load} exceeds capacity ${crew.capacity}` };
    if (route.jobIds.length > 0) {
      if (crew.end !== null) t += dur[loc * n + crew.end];
      if (t > crew.shift[1]) return { valid: false, kind: 'shift', reason: `crew ${crew.id} finishes at ${t}, after its shift ends at ${crew.shift[1]}` };
    }
  }
  for (const c of problem.crews) if (c.current && seen.has(c.current.jobId)) return { valid: false, kind: 'frozen', reason: `job ${c.current.jobId} is under way with crew ${c.id}` };
  if (requireAll) for (const j of problem.jobs) if (!seen.has(j.id)) return { valid: false, kind: 'missing', reason: `job ${j.id} is not planned` };
  return { valid: true };
}
