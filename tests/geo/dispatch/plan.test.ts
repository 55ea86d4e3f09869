// Dispatch planning: unassigned reasons, explanations, re-optimisation (frozen jobs, changes,
// move penalty), determinism per seed, and plans that pass the independent checker.
import { describe, expect, it, vi } from 'vitest';
import { planDispatch } from '../../../geo/dispatch/plan.ts';
import { greedyDispatch } from '../../../geo/dispatch/greedy.ts';
import { checkDispatchRoutes } from '../../../geo/dispatch/check.ts';
import type { DispatchCrew, DispatchJob, DispatchPlan, DispatchProblem } from '../../../geo/dispatch/model.ts';
import { lineMatrix, randomDispatchProblem } from './helpers.ts';

// property tests run many searches: allow for a machine shared with other jobs
vi.setConfig({ testTimeout: 60_000 });

// locations 0..9 on a line, 1 km apart, 60 s per km
const matrix = lineMatrix(10);
const day: [number, number] = [0, 8 * 3600];
const job = (id: string, location: number, extra: Partial<DispatchJob> = {}): DispatchJob => ({ id, location, serviceSeconds: 600, priority: 'P3', reportedAt: 0, ...extra });
const crew = (id: string, start: number, extra: Partial<DispatchCrew> = {}): DispatchCrew => ({ id, start, end: null, shift: day, ...extra });
const opts = { seed: 3, maxIterations: 300, timeLimitMs: 30_000 };

function routesOf(plan: DispatchPlan): { crewId: string; jobIds: string[] }[] {
  return plan.routes.map((r) => ({ crewId: r.crewId, jobIds: r.stops.filter((s) => !s.underWay).map((s) => s.jobId) }));
}

describe('unassigned jobs come back with a reason', () => {
  it('names skill, capacity, shift and busy crews', () => {
    const problem: DispatchProblem = {
      now: 0,
      matrix,
      jobs: [
        job('gas', 3, { skills: ['gas'] }),
        job('heavy', 3, { demand: 10 }),
        job('early', 9, { timeWindow: [0, 100] }),
        job('urgent', 5, { priority: 'P1' }),
        job('later', 5, { priority: 'P4' }),
      ],
      crews: [crew('A', 0, { end: 0, shift: [0, 1500], capacity: 5 })],
    };
    const plan = planDispatch(problem, opts);
    const reasons = Object.fromEntries(plan.unassigned.map((u) => [u.jobId, u.reason]));
    expect(reasons).toEqual({ gas: 'no_skill', heavy: 'capacity', early: 'outside_shift', later: 'crews_busy' });
    // the P1 wins the only slot
    expect(plan.assignments.map((a) => a.jobId)).toEqual(['urgent']);
    expect(plan.unassigned.every((u) => u.detail.length > 0)).toBe(true);
  });
});

describe('explanations', () => {
  it('gives the ETA, the next two crews and why an earlier crew was not chosen', () => {
    const problem: DispatchProblem = {
      now: 0,
      matrix,
      jobs: [job('p1', 6, { priority: 'P1', skills: ['hv'], serviceSeconds: 3000 }), job('p3', 5), job('fix', 1, { skills: ['hv'] })],
      crews: [
        crew('A', 0, { skills: ['hv'] }),
        crew('D', 5, { skills: ['hv'] }),
        crew('N', 4), // no hv
        crew('S', 5, { shift: [0, 100] }), // shift nearly over
        crew('F', 9),
      ],
    };
    const plan = planDispatch(problem, opts);
    const byJob = Object.fromEntries(plan.assignments.map((a) => [a.jobId, a]));
    expect(byJob.p1.crewId).toBe('D');
    expect(byJob.p1.eta).toBe(60);
    // p3 (at 5) goes to N at 4 (ETA 60); D and S are at 5 (ETA 0) but busy with a P1 / off shift
    expect(byJob.p3.crewId).toBe('N');
    expect(byJob.p3.eta).toBe(60);
    const notChosen = Object.fromEntries(byJob.p3.explanation.betterEtaNotChosen.map((b) => [b.crewId, b]));
    expect(notChosen.D).toEqual({ crewId: 'D', eta: 0, reason: 'busy_higher_priority' });
    expect(notChosen.S).toEqual({ crewId: 'S', eta: 0, reason: 'shift_end' });
    // 'fix' at 1 needs hv: A (at 0) gets it; N at 4 is farther, so nothing better; D would be later
    expect(byJob.fix.crewId).toBe('A');
    // p1 at 6: N at 4 would arrive at 120 but lacks the skill → not earlier than D's 60, so not listed
    expect(byJob.p1.explanation.betterEtaNotChosen).toEqual([]);
    // a job every crew can do: alternatives are the next two by ETA
    const alt = byJob.p3.explanation.alternatives;
    expect(alt.length).toBe(2);
    expect(alt[0].eta).toBeLessThanOrEqual(alt[1].eta);
    expect(alt.map((a) => a.crewId)).not.toContain('N');
  });

  it('reports a skill reason when only the unskilled crew is closer', () => {
    const problem: DispatchProblem = { now: 0, matrix, jobs: [job('j', 5, { skills: ['hv'] })], crews: [crew('far', 0, { skills: ['hv'] }), crew('near', 4)] };
    const plan = planDispatch(problem, opts);
    expect(plan.assignments[0].crewId).toBe('far');
    expect(plan.assignments[0].eta).toBe(300);
    expect(plan.assignments[0].explanation.betterEtaNotChosen).toEqual([{ crewId: 'near', eta: 60, reason: 'skill' }]);
    expect(plan.assignments[0].explanation.alternatives).toEqual([]);
  });
});

describe('re-optimisation', () => {
  it('keeps jobs under way with their crew and starts after them', () => {
    const problem: DispatchProblem = {
      now: 0,
      matrix,
      jobs: [job('a', 2), job('b', 8)],
      crews: [crew('X', 0, { current: { jobId: 'w', location: 9, busyUntil: 1200 } }), crew('Y', 0)],
    };
    const plan = planDispatch(problem, { ...opts, previous: [{ crewId: 'X', jobIds: ['w', 'b'] }] });
    const x = plan.routes.find((r) => r.crewId === 'X')!;
    expect(x.stops[0]).toMatchObject({ jobId: 'w', underWay: true, end: 1200 });
    expect(plan.routes.flatMap((r) => r.stops).filter((s) => s.jobId === 'w').length).toBe(1);
    for (const s of x.stops.slice(1)) expect(s.start).toBeGreaterThanOrEqual(1200);
    expect(checkDispatchRoutes(problem, routesOf(plan), true)).toEqual({ valid: true });
  });

  it('returns what changed and respects the move penalty', () => {
    const base = randomDispatchProblem(11, 30, 6);
    const first = planDispatch(base, opts);
    const previous = routesOf(first);
    // a new P1 arrives; with a prohibitive move penalty nothing already planned changes crew
    const next: DispatchProblem = { ...base, jobs: [...base.jobs, job('NEW', 3, { priority: 'P1', serviceSeconds: 900 })] };
    const replanned = planDispatch(next, { ...opts, previous, weights: { movePenalty: 1e12 } });
    const kinds = replanned.changes.map((c) => `${c.jobId}:${c.kind}`);
    expect(kinds).toContain('NEW:assigned');
    expect(replanned.changes.filter((c) => c.kind === 'reassigned')).toEqual([]);
    const before = new Map(previous.flatMap((r) => r.jobIds.map((id) => [id, r.crewId] as const)));
    for (const a of replanned.assignments) if (before.has(a.jobId)) expect(a.crewId).toBe(before.get(a.jobId));
    expect(checkDispatchRoutes(next, routesOf(replanned)).valid).toBe(true);
    // without the penalty, the same call reports reassignments as such (if any happen)
    const free = planDispatch(next, { ...opts, previous, weights: { movePenalty: 0 } });
    for (const c of free.changes.filter((c) => c.kind === 'reassigned')) expect(c.fromCrewId).not.toBe(c.toCrewId);
  });

  it('reports a changed order on the same crew as resequenced', () => {
    const problem: DispatchProblem = { now: 0, matrix, jobs: [job('a', 2), job('b', 8), job('c', 5)], crews: [crew('X', 0), crew('Y', 9, { shift: [0, 60] })] };
    const plan = planDispatch(problem, { ...opts, previous: [{ crewId: 'X', jobIds: ['b', 'a'] }] });
    expect(routesOf(plan)[0].jobIds).toEqual(['a', 'c', 'b']);
    const kinds = Object.fromEntries(plan.changes.map((c) => [c.jobId, c.kind]));
    expect(kinds).toEqual({ a: 'resequenced', b: 'resequenced', c: 'assigned' });
  });

  it('a job that went under way leaves the open list without error', () => {
    const problem: DispatchProblem = { now: 0, matrix, jobs: [job('a', 2)], crews: [crew('X', 0, { current: { jobId: 'b', location: 8, busyUntil: 600 } })] };
    const plan = planDispatch(problem, { ...opts, previous: [{ crewId: 'X', jobIds: ['b', 'a'] }] });
    expect(plan.routes[0].stops.map((s) => s.jobId)).toEqual(['b', 'a']);
    expect(plan.changes).toEqual([]);
  });
});

describe('plans', () => {
  it('are deterministic for a seed and pass the checker', () => {
    const p = randomDispatchProblem(5, 40, 8);
    const a = planDispatch(p, opts);
    const b = planDispatch(p, opts);
    expect(routesOf(a)).toEqual(routesOf(b));
    expect(a.cost).toBe(b.cost);
    expect(checkDispatchRoutes(p, routesOf(a)).valid).toBe(true);
    expect(a.summary.served + a.summary.unserved).toBe(40);
  });

  it('the greedy baseline is valid and never cheaper in weighted response here', () => {
    const p = randomDispatchProblem(9, 40, 8);
    const g = greedyDispatch(p);
    const o = planDispatch(p, opts);
    expect(checkDispatchRoutes(p, routesOf(g)).valid).toBe(true);
    expect(o.summary.served).toBeGreaterThanOrEqual(g.summary.served);
    expect(o.summary.p1OnTime).toBeGreaterThanOrEqual(g.summary.p1OnTime);
  });

  it('stop early when the search stalls, and cope with no crews at all', () => {
    const small: DispatchProblem = { now: 0, matrix, jobs: [job('a', 2), job('b', 7)], crews: [crew('X', 0), crew('Y', 9)] };
    const plan = planDispatch(small, { seed: 1, timeLimitMs: 60_000 });
    expect(plan.stats.iterations).toBeLessThan(3000);
    expect(plan.assignments.map((a) => `${a.jobId}:${a.crewId}`).sort()).toEqual(['a:X', 'b:Y']);
    const none = planDispatch({ now: 0, matrix, jobs: [job('a', 2)], crews: [] }, { seed: 1, timeLimitMs: 60_000 });
    expect(none.stats.iterations).toBe(0);
    expect(none.unassigned).toEqual([{ jobId: 'a', priority: 'P3', reason: 'no_skill', detail: 'no crew is available' }]);
  });

  it('rejects malformed input naming the field', () => {
    expect(() => planDispatch({ now: 0, matrix, jobs: [job('a', 12)], crews: [] })).toThrow(/jobs\[0\]\.location/);
    expect(() => planDispatch({ now: 0, matrix, jobs: [job('a', 1), job('a', 2)], crews: [] })).toThrow(/duplicate/);
    expect(() => planDispatch({ now: 0, matrix, jobs: [], crews: [crew('X', 0, { shift: [10, 0] })] })).toThrow(/crews\[0\]\.shift/);
    expect(() => planDispatch({ now: 0.5, matrix, jobs: [], crews: [] })).toThrow(/now: must be whole seconds/);
    const two = { now: 0, matrix, jobs: [job('a', 1)], crews: [crew('X', 0), crew('Y', 0)] };
    expect(() => planDispatch(two, { previous: [{ crewId: 'X', jobIds: ['a'] }, { crewId: 'Y', jobIds: ['a'] }] })).toThrow(/more than once/);
    expect(() => planDispatch(two, { previous: [{ crewId: 'Z', jobIds: ['a'] }] })).toThrow(/unknown crew/);
    const busy = { ...two, crews: [crew('X', 0, { current: { jobId: 'a', location: 1, busyUntil: 60 } })] };
    expect(() => planDispatch(busy)).toThrow(/under way and cannot also be open/);
    expect(() => planDispatch({ now: 0, matrix, jobs: [job('a', 1)], crews: [] }, { weights: { travelPerMeter: 0.5 } })).toThrow(/weights\.travelPerMeter/);
  });
});
