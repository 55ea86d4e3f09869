// The independent checkers must accept a valid plan and reject each kind of broken one.
import { describe, expect, it } from 'vitest';
import { checkDispatchRoutes, checkVrptw } from '../../../geo/dispatch/check.ts';
import { parseSolomon } from '../../../geo/dispatch/solomon.ts';
import { lineMatrix } from './helpers.ts';

// depot at (0,0), customers on the x axis and one on the y axis; capacity 10, depot open [0, 100]
export const TINY = `TINY

VEHICLE
NUMBER     CAPACITY
  2         10

CUSTOMER
CUST NO.   XCOORD.   YCOORD.    DEMAND   READY TIME   DUE DATE   SERVICE TIME

    0      0      0      0      0     100      0
    1     10      0      4      0      50      5
    2     20      0      4     20      60      5
    3      0     10      5      0      30      5
`;

describe('checkVrptw', () => {
  const inst = parseSolomon(TINY);

  it('accepts a valid plan, with or without explicit depot endpoints', () => {
    expect(checkVrptw(inst, [[1, 2], [3]])).toEqual({ valid: true });
    expect(checkVrptw(inst, [[0, 1, 2, 0], [0, 3, 0]])).toEqual({ valid: true });
  });

  it.each([
    ['duplicate', [[1, 2], [3, 1]]],
    ['missing', [[1, 2]]],
    ['capacity', [[3, 1, 2]]], // on time, but load 13 > 10
    ['unknown_customer', [[1, 2], [3, 9]]],
    ['depot', [[1, 0, 2], [3]]],
    ['fleet', [[1], [2], [3]]],
  ])('rejects a plan with a %s error', (kind, routes) => {
    const r = checkVrptw(inst, routes as number[][]);
    expect(r.valid).toBe(false);
    expect(r.kind).toBe(kind);
    expect(r.reason).toMatch(/\S/);
  });

  it('rejects a late service start', () => {
    // 3 after 1: reach 1 at 10, leave 15, reach 3 at 15 + √200 ≈ 29.1 ≤ 30; after 2 (start 20) it is late
    expect(checkVrptw(inst, [[1, 3], [2]]).valid).toBe(true);
    const r = checkVrptw(inst, [[2, 3], [1]]);
    expect(r).toMatchObject({ valid: false, kind: 'time_window' });
  });

  it('rejects a late return to the depot', () => {
    const late = parseSolomon(TINY.replace('    0      0      0      0      0     100      0', '    0      0      0      0      0      40      0'));
    const r = checkVrptw(late, [[1, 2], [3]]);
    expect(r).toMatchObject({ valid: false, kind: 'depot' });
  });
});

describe('checkDispatchRoutes', () => {
  const matrix = lineMatrix(10);
  const problem = {
    now: 0,
    matrix,
    jobs: [
      { id: 'a', location: 2, serviceSeconds: 600, skills: ['hv'] },
      { id: 'b', location: 5, serviceSeconds: 600, demand: 3 },
      { id: 'c', location: 8, serviceSeconds: 600, timeWindow: [0, 1200] as [number, number] },
    ],
    crews: [
      { id: 'x', start: 0, end: 0, shift: [0, 7200] as [number, number], skills: ['hv'], capacity: 5 },
      { id: 'y', start: 9, end: 9, shift: [0, 3600] as [number, number], current: { jobId: 'z', location: 9, busyUntil: 300 } },
    ],
  };

  it('accepts a valid plan', () => {
    expect(checkDispatchRoutes(problem, [{ crewId: 'x', jobIds: ['a', 'b'] }, { crewId: 'y', jobIds: ['c'] }], true)).toEqual({ valid: true });
  });

  it.each([
    ['unknown_job', [{ crewId: 'x', jobIds: ['q'] }]],
    ['unknown_crew', [{ crewId: 'w', jobIds: ['a'] }]],
    ['duplicate', [{ crewId: 'x', jobIds: ['a', 'b'] }, { crewId: 'y', jobIds: ['b'] }]],
    ['skill', [{ crewId: 'y', jobIds: ['a'] }]],
    ['capacity', [{ crewId: 'x', jobIds: ['b', 'b2'] }]],
    ['time_window', [{ crewId: 'x', jobIds: ['a', 'c'] }]], // c (window narrowed to [0, 900]) reached at 120 + 600 + 360
    ['shift', [{ crewId: 'y', jobIds: ['b'] }]], // y (shift narrowed to [0, 1000]) is back at 300 + 240 + 600 + 240
    ['frozen', [{ crewId: 'y', jobIds: ['z'] }]],
    ['missing', [{ crewId: 'x', jobIds: ['a'] }]],
  ])('rejects a plan with a %s error', (kind, routes) => {
    const p = kind === 'capacity' ? { ...problem, jobs: [...problem.jobs, { id: 'b2', location: 5, serviceSeconds: 60, demand: 3 }] } : problem;
    const tw = kind === 'time_window' ? { ...p, jobs: p.jobs.map((j) => (j.id === 'c' ? { ...j, timeWindow: [0, 900] as [number, number] } : j)) } : p;
    const sh = kind === 'shift' ? { ...tw, crews: [tw.crews[0], { ...tw.crews[1], shift: [0, 1000] as [number, number] }] } : tw;
    const r = checkDispatchRoutes(sh, routes, kind === 'missing');
    expect(r.valid).toBe(false);
    expect(r.kind).toBe(kind);
    expect(r.reason).toMatch(/\S/);
  });
});
