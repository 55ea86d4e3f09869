// The VRPTW search on small Solomon-format instances: valid plans, determinism per seed, the
// vehicles-first objective, and the parser's error messages.
import { describe, expect, it, vi } from 'vitest';
import { mulberry32 } from '../../../geo/random.ts';
import { parseSolomon, vrptwCore, vrptwDistance } from '../../../geo/dispatch/solomon.ts';
import type { VrptwInstance } from '../../../geo/dispatch/solomon.ts';
import { solveCore } from '../../../geo/dispatch/solve.ts';
import { checkVrptw } from '../../../geo/dispatch/check.ts';

// property tests run many searches: allow for a machine shared with other jobs
vi.setConfig({ testTimeout: 60_000 });

/** A random clustered instance in Solomon's format (depot in the middle, windows of width 60–200). */
function randomSolomonText(seed: number, n: number): string {
  const rng = mulberry32(seed);
  const rows = ['    0     50     50      0      0    1000      0'];
  for (let i = 1; i <= n; i++) {
    const x = Math.round(rng() * 100);
    const y = Math.round(rng() * 100);
    const d = Math.hypot(x - 50, y - 50);
    const ready = Math.round(d + rng() * (1000 - 3 * d - 200));
    const due = ready + 60 + Math.round(rng() * 140);
    rows.push(`${i} ${x} ${y} ${1 + Math.round(rng() * 20)} ${ready} ${due} 10`);
  }
  return `RND${seed}\n\nVEHICLE\nNUMBER     CAPACITY\n  12   100\n\nCUSTOMER\nCUST NO.  XCOORD.\n\n${rows.join('\n')}\n`;
}

const toCustomers = (routes: number[][]): number[][] => routes.filter((r) => r.length > 0).map((r) => r.map((j) => j + 1));

describe('VRPTW search', () => {
  const inst: VrptwInstance = parseSolomon(randomSolomonText(7, 40));

  it('finds a valid plan serving everyone, better than the construction', () => {
    const core = vrptwCore(inst);
    const quick = solveCore(core, { seed: 1, maxIterations: 1, timeLimitMs: 60_000 });
    const res = solveCore(core, { seed: 1, maxIterations: 3000, timeLimitMs: 60_000 });
    const routes = toCustomers(res.solution.routes());
    expect(res.solution.nUnassigned).toBe(0);
    expect(checkVrptw(inst, routes)).toEqual({ valid: true });
    expect(vrptwDistance(inst, routes)).toBeLessThan(vrptwDistance(inst, toCustomers(quick.solution.routes())));
  });

  it('is deterministic for a seed when the iteration cap binds', () => {
    const core = vrptwCore(inst);
    const a = solveCore(core, { seed: 42, maxIterations: 800, timeLimitMs: 60_000 });
    const b = solveCore(core, { seed: 42, maxIterations: 800, timeLimitMs: 60_000 });
    expect(a.solution.routes()).toEqual(b.solution.routes());
    expect(a.stats.iterations).toBe(800);
  });

  it('uses no more vehicles with the vehicles-first objective', () => {
    const dist = solveCore(vrptwCore(inst), { seed: 2, maxIterations: 1500, timeLimitMs: 60_000 });
    const veh = solveCore(vrptwCore(inst, 1e7), { seed: 2, maxIterations: 1500, timeLimitMs: 60_000, routeMinShare: 0.5 });
    expect(veh.solution.nUnassigned).toBe(0);
    expect(checkVrptw(inst, toCustomers(veh.solution.routes())).valid).toBe(true);
    expect(veh.solution.usedVehicles()).toBeLessThanOrEqual(dist.solution.usedVehicles());
  });

  it('parses CRLF text and reports malformed input', () => {
    const crlf = parseSolomon(randomSolomonText(3, 5).replace(/\n/g, '\r\n'));
    expect(crlf.name).toBe('RND3');
    expect(crlf.x.length).toBe(6);
    expect(() => parseSolomon('nothing here')).toThrow(/vehicle line/);
    expect(() => parseSolomon('X\n 2 10\n 0 1 1 0 0 10 0\n')).toThrow(/node rows/);
  });
});
