/**
 * The simulator: its controls (GET/POST /api/simulator, storm, simulator.updated), the pure fault model, and the
 * tick logic driven by a fake clock against a real server over a small road grid: faults arrive, proposals are
 * applied, crews drive their routes and report positions, repairs end, follow-ups are recorded; paused it does
 * nothing; with routing unavailable (503) crews wait instead of the simulator failing.
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../geo/random.ts';
import { hashPassword } from '../../server/auth/password.ts';
import { memoryLogger } from '../../server/log.ts';
import { upsertServiceUser } from '../../server/repositories/simulator.ts';
import { drawFault, faultsPerHour, poisson, STORM_FACTOR } from '../../server/simulator/model.ts';
import { Simulator, along } from '../../server/simulator/simulator.ts';
import { SIMULATOR_USERNAME } from '../../server/simulator/state.ts';
import { api, openSse, sessionCookie, startTestApp, useSeededApp } from './helpers.ts';

interface SimState {
  running: boolean;
  speed: number;
  simTime: string;
  stormUntil: string | null;
  stats: { faultsCreated: number; ordersResolved: number; followUps: number };
}

const PASSWORD = 'simulator test password';

const env = useSeededApp({
  roadGrid: 5,
  seed: async ({ db }) => {
    await upsertServiceUser(db.pool, SIMULATOR_USERNAME, await hashPassword(PASSWORD));
    for (let k = 0; k < 4; k++) {
      await db.pool.query(
        `INSERT INTO crews (id, code, name, skills, depot, shift_start, shift_end, status, position)
         VALUES ($1, $2, '模拟班组', '{line,cable,transformer,meter}', ST_SetSRID(ST_MakePoint($3, $4), 4326), '00:00', '00:00', 'available', ST_SetSRID(ST_MakePoint($3, $4), 4326))`,
        [400 + k, `S${k}`, 113.3 + 0.04 * (k % 2), 23.1 + 0.04 * Math.floor(k / 2)],
      );
    }
    // a closed history on the road grid: where the simulated faults will happen
    for (let k = 0; k < 20; k++) {
      const f = await db.pool.query<{ id: number }>(
        `INSERT INTO faults (reported_at, kind, priority, status, source, h3, geom)
         VALUES (now() - interval '3 days', 'outage', 2, 'resolved', 'history', '89411c0000fffff', ST_SetSRID(ST_MakePoint($1, $2), 4326)) RETURNING id`,
        [113.305 + 0.01 * (k % 4), 23.105 + 0.01 * Math.floor(k / 5)],
      );
      await db.pool.query(`INSERT INTO work_orders (fault_id, state, priority, h3, received_at) VALUES ($1, 'closed', 2, '89411c0000fffff', now() - interval '3 days')`, [f.rows[0].id]);
    }
  },
});

describe('fault model', () => {
  it('follows the daily profile (evening peak above the small hours), scales with accounts, surges in a storm', () => {
    // 2026-07-15 local 19:00 vs 03:00 (UTC+8)
    const evening = faultsPerHour(Date.parse('2026-07-15T11:00:00Z'), 1_000_000, false);
    const night = faultsPerHour(Date.parse('2026-07-14T19:00:00Z'), 1_000_000, false);
    expect(evening / night).toBeCloseTo(1.6 / 0.25, 5);
    expect(faultsPerHour(Date.parse('2026-07-15T11:00:00Z'), 2_000_000, false)).toBeCloseTo(2 * evening, 9);
    expect(faultsPerHour(Date.parse('2026-07-15T11:00:00Z'), 1_000_000, true)).toBeCloseTo(STORM_FACTOR * evening, 9);
    // the year averages the history's 0.06 faults per account
    let sum = 0;
    for (let h = 0; h < 365 * 24; h++) sum += faultsPerHour(Date.parse('2026-01-01T00:00:00Z') + h * 3_600_000, 1_000_000, false);
    expect(sum / 60_000).toBeGreaterThan(0.95);
    expect(sum / 60_000).toBeLessThan(1.05);
  });

  it('poisson draws have the right mean; storms draw more line damage', () => {
    const rng = mulberry32(7);
    for (const mean of [0.3, 4, 120]) {
      let s = 0;
      // 20000 draws: the 5 % bounds are ≥ 3.9 standard errors of the mean
      for (let i = 0; i < 20_000; i++) s += poisson(rng, mean);
      expect(s / 20_000).toBeGreaterThan(mean * 0.95);
      expect(s / 20_000).toBeLessThan(mean * 1.05);
    }
    const count = (storm: boolean): number => Array.from({ length: 2000 }, () => drawFault(rng, storm)).filter((f) => f.kind === 'line_damage').length;
    expect(count(true)).toBeGreaterThan(count(false) * 1.5);
  });

  it('interpolates a position and heading along a route', () => {
    const coords: [number, number][] = [
      [113.3, 23.1],
      [113.31, 23.1],
      [113.31, 23.11],
    ];
    const cum = [0, 1023.5, 2135.5];
    expect(along({ coords, cum }, 0.25).at[0]).toBeCloseTo(113.3 + 0.005 * (0.25 * 2135.5) / 511.75, 4);
    expect(along({ coords, cum }, 0.25).headingDeg).toBeCloseTo(90, 0);
    expect(along({ coords, cum }, 0.9).headingDeg).toBeCloseTo(0, 0);
    expect(along({ coords, cum }, 1).at).toEqual([113.31, 23.11]);
  });
});

describe('controls', () => {
  it('GET/POST /api/simulator: pause, speed (1–60), storm; simulator.updated published; 403 for managers', async () => {
    const sse = await openSse(env.app.url, '/api/events', env.cookie);
    try {
      const r = await api(env.app.url, 'POST', '/api/simulator', { cookie: env.cookie, body: { running: true, speed: 30 } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({ running: true, speed: 30, stormUntil: null, stats: { faultsCreated: 0 } });
      const [m] = await sse.waitFor(1);
      expect(m.data).toMatchObject({ type: 'simulator.updated', payload: { running: true, speed: 30 } });
    } finally {
      sse.close();
    }
    // the simulated clock runs at the speed: 30 × the real time
    const a = (await api(env.app.url, 'GET', '/api/simulator', { cookie: env.cookie })).body as SimState;
    await new Promise((r) => setTimeout(r, 200));
    const b = (await api(env.app.url, 'GET', '/api/simulator', { cookie: env.cookie })).body as SimState;
    expect(Date.parse(b.simTime) - Date.parse(a.simTime)).toBeGreaterThanOrEqual(30 * 150);
    const storm = (await api(env.app.url, 'POST', '/api/simulator/storm', { cookie: env.cookie, body: { minutes: 90 } })).body as SimState;
    expect(Date.parse(storm.stormUntil!) - Date.parse(storm.simTime)).toBeGreaterThan(89 * 60_000);
    const paused = (await api(env.app.url, 'POST', '/api/simulator', { cookie: env.cookie, body: { running: false } })).body as SimState;
    await new Promise((r) => setTimeout(r, 100));
    expect(((await api(env.app.url, 'GET', '/api/simulator', { cookie: env.cookie })).body as SimState).simTime).toBe(paused.simTime);
    const bad = await api(env.app.url, 'POST', '/api/simulator', { cookie: env.cookie, body: { speed: 61 } });
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty('speed');
    const { rows } = await env.db.pool.query<{ id: number }>(`SELECT id FROM users WHERE username = 'test-manager'`);
    expect((await api(env.app.url, 'POST', '/api/simulator', { cookie: await sessionCookie(env.db.pool, rows[0]), body: { running: true } })).status).toBe(403);
  });
});

describe('ticks with a fake clock', () => {
  it('paused: a tick does nothing', async () => {
    await api(env.app.url, 'POST', '/api/simulator', { cookie: env.cookie, body: { running: false } });
    let now = 1_000_000;
    const sim = new Simulator({ baseUrl: env.app.url, username: SIMULATOR_USERNAME, password: PASSWORD, log: memoryLogger(), now: () => now, accounts: 50_000_000 });
    await sim.tick();
    now += 60_000;
    expect(await sim.tick()).toMatchObject({ running: false, simSeconds: 0, created: 0, transitions: 0 });
  });

  it('faults arrive, are dispatched, crews drive and report positions, repairs end and follow-ups are recorded', async () => {
    await env.db.pool.query(`UPDATE simulator_state SET storm_until = NULL`);
    await api(env.app.url, 'POST', '/api/simulator', { cookie: env.cookie, body: { running: true, speed: 60 } });
    let now = 5_000_000;
    const log = memoryLogger();
    // 300k accounts: ~2 faults per simulated hour; each tick is 10 real s = 10 simulated minutes
    const sim = new Simulator({ baseUrl: env.app.url, username: SIMULATOR_USERNAME, password: PASSWORD, log, now: () => now, seed: 3, accounts: 300_000, proposalEveryS: 1200, followUpDelayS: 1800 });
    await sim.tick();
    const totals = { created: 0, applied: 0, moved: 0, transitions: 0 };
    for (let i = 0; i < 60; i++) {
      now += 10_000;
      const r = await sim.tick();
      expect(r.simSeconds).toBe(600);
      totals.created += r.created;
      totals.applied += Math.max(0, r.applied);
      totals.moved += r.moved;
      totals.transitions += r.transitions;
    }
    expect(totals.created).toBeGreaterThan(3);
    expect(totals.applied).toBeGreaterThan(0);
    expect(totals.transitions).toBeGreaterThan(3);
    const s = (await api(env.app.url, 'GET', '/api/simulator', { cookie: env.cookie })).body as SimState;
    expect(s.stats.faultsCreated).toBe(totals.created);
    expect(s.stats.ordersResolved).toBeGreaterThan(0);
    expect(s.stats.followUps).toBeGreaterThan(0);
    // every simulated fault is source 'simulation', and its transitions are the simulator's
    const { rows } = await env.db.pool.query<{ source: string; n: number }>(`SELECT source, count(*)::int AS n FROM faults WHERE source <> 'history' GROUP BY source`);
    expect(rows).toEqual([{ source: 'simulation', n: totals.created }]);
    const closed = await env.db.pool.query<{ n: number; sat: number }>(
      `SELECT count(*)::int AS n, min(satisfaction)::int AS sat FROM work_orders w JOIN faults f ON f.id = w.fault_id WHERE f.source = 'simulation' AND w.state = 'closed'`,
    );
    expect(closed.rows[0].n).toBeGreaterThan(0);
    expect(closed.rows[0].sat).toBeGreaterThanOrEqual(1);
    const steps = await env.db.pool.query<{ to_state: string }>(
      `SELECT DISTINCT t.to_state::text AS to_state FROM work_order_transitions t JOIN users u ON u.id = t.user_id WHERE u.username = $1`,
      [SIMULATOR_USERNAME],
    );
    expect(steps.rows.map((r) => r.to_state).sort()).toEqual(['assigned', 'closed', 'en_route', 'follow_up', 'on_site', 'received', 'resolved']);
    expect(log.lines.filter((l) => l.includes('ERROR'))).toEqual([]);
  }, 240_000);

  it('dispatches simulated orders only: reports and phone orders wait for a person', async () => {
    await env.db.pool.query(`UPDATE work_orders SET state = 'closed' WHERE state NOT IN ('closed', 'cancelled')`);
    await env.db.pool.query(`UPDATE crews SET status = 'available', position = depot`);
    await api(env.app.url, 'POST', '/api/simulator', { cookie: env.cookie, body: { running: true, speed: 60 } });
    const manual = (await api(env.app.url, 'POST', '/api/work-orders', { cookie: env.cookie, body: { lng: 113.31, lat: 23.13, kind: 'meter', priority: 4 } })).body as { id: number };
    const simulated = (await api(env.app.url, 'POST', '/api/work-orders', { cookie: env.cookie, body: { lng: 113.33, lat: 23.11, kind: 'meter', priority: 4, source: 'simulation' } })).body as { id: number };
    const sim = new Simulator({ baseUrl: env.app.url, username: SIMULATOR_USERNAME, password: PASSWORD, log: memoryLogger(), now: () => 30_000_000, accounts: 0 });
    expect((await sim.tick()).applied).toBe(1);
    const state = async (id: number) => ((await api(env.app.url, 'GET', `/api/work-orders/${id}`, { cookie: env.cookie })).body as { state: string }).state;
    expect(await state(manual.id)).toBe('received');
    expect(['assigned', 'en_route']).toContain(await state(simulated.id));
  });

  it('puts crews on and off shift by their shift times (local time)', async () => {
    await api(env.app.url, 'POST', '/api/simulator', { cookie: env.cookie, body: { running: true, speed: 60 } });
    await env.db.pool.query(
      `INSERT INTO crews (id, code, name, skills, depot, shift_start, shift_end, status, position)
       VALUES (499, 'DAY', '白班', '{meter}', ST_SetSRID(ST_MakePoint(113.3, 23.1), 4326), '08:00', '16:00', 'off_shift', ST_SetSRID(ST_MakePoint(113.3, 23.1), 4326))`,
    );
    try {
      let now = Date.parse('2026-11-28T02:00:00Z'); // 10:00 in Guangzhou
      const sim = new Simulator({ baseUrl: env.app.url, username: SIMULATOR_USERNAME, password: PASSWORD, log: memoryLogger(), now: () => now, accounts: 0, proposalEveryS: 1e9 });
      const status = async () => (await env.db.pool.query<{ status: string }>('SELECT status::text AS status FROM crews WHERE id = 499')).rows[0].status;
      expect((await sim.tick()).shiftChanges).toBe(1);
      expect(await status()).toBe('available');
      now = Date.parse('2026-11-28T12:00:00Z'); // 20:00
      expect((await sim.tick()).shiftChanges).toBe(1);
      expect(await status()).toBe('off_shift');
      // the round-the-clock crews stay as they are
      const { rows } = await env.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM crews WHERE id <> 499 AND status = 'off_shift'`);
      expect(rows[0].n).toBe(0);
    } finally {
      await env.db.pool.query('DELETE FROM crews WHERE id = 499');
    }
  });

  it('a crew drives its road route: route with ETA at the simulated speed, then positions and headings along it, then on site', async () => {
    await env.db.pool.query(`UPDATE work_orders SET state = 'closed' WHERE state NOT IN ('closed', 'cancelled')`);
    await env.db.pool.query(`UPDATE crews SET status = 'available', position = depot`);
    await api(env.app.url, 'POST', '/api/simulator', { cookie: env.cookie, body: { running: true, speed: 60 } });
    const wo = (await api(env.app.url, 'POST', '/api/work-orders', { cookie: env.cookie, body: { lng: 113.34, lat: 23.14, kind: 'meter', priority: 4 } })).body as { id: number };
    expect((await api(env.app.url, 'POST', `/api/work-orders/${wo.id}/transitions`, { cookie: env.cookie, body: { to: 'assigned', crewId: 400 } })).status).toBe(200);
    let now = 20_000_000;
    const sim = new Simulator({ baseUrl: env.app.url, username: SIMULATOR_USERNAME, password: PASSWORD, log: memoryLogger(), now: () => now, accounts: 0, proposalEveryS: 1e9, positionEveryMs: 1000 });
    // the first tick sends the crew on its way (no time has passed yet)
    expect(await sim.tick()).toMatchObject({ simSeconds: 0, transitions: 1 });
    const crew = async () => ((await api(env.app.url, 'GET', '/api/crews', { cookie: env.cookie })).body as { items: { id: number; lng: number; lat: number; headingDeg: number | null; status: string; route: { coordinates: [number, number][]; etaAt: string } | null }[] }).items.find((c) => c.id === 400)!;
    const c0 = await crew();
    expect(c0.status).toBe('en_route');
    // 8 km of 30 km/h roads: ~16 simulated minutes, ~16 real seconds at ×60
    const etaS = (Date.parse(c0.route!.etaAt) - now) / 1000;
    expect(etaS).toBeGreaterThan(12);
    expect(etaS).toBeLessThan(20);
    const seen: [number, number][] = [];
    for (let i = 0; i < 4; i++) {
      now += 1000; // one simulated minute per tick
      expect((await sim.tick()).moved).toBe(1);
      const c = await crew();
      seen.push([c.lng, c.lat]);
      expect(c.headingDeg).not.toBeNull();
    }
    // it moves away from the depot, along the grid roads (one coordinate at a grid line)
    expect(new Set(seen.map((p) => p.join(','))).size).toBe(4);
    for (const p of seen) expect(Math.min(...[0, 1, 2, 3, 4].flatMap((k) => [Math.abs(p[0] - (113.3 + 0.01 * k)), Math.abs(p[1] - (23.1 + 0.01 * k))]))).toBeLessThan(1e-6);
    for (let i = 0; i < 20; i++) {
      now += 1000;
      await sim.tick();
    }
    expect(((await api(env.app.url, 'GET', `/api/work-orders/${wo.id}`, { cookie: env.cookie })).body as { state: string }).state).toBe('on_site');
    const c1 = await crew();
    expect([c1.lng, c1.lat, c1.status, c1.route]).toEqual([113.34, 23.14, 'on_site', null]);
  });

  it('with routing unavailable (503) a crew waits assigned and the simulator keeps going', async () => {
    await env.db.pool.query(`UPDATE work_orders SET state = 'closed' WHERE state NOT IN ('closed', 'cancelled')`);
    await env.db.pool.query(`UPDATE crews SET status = 'available'`);
    const bare = await startTestApp(env.db);
    try {
      await api(bare.url, 'POST', '/api/simulator', { cookie: env.cookie, body: { running: true, speed: 60 } });
      const wo = await api(bare.url, 'POST', '/api/work-orders', { cookie: env.cookie, body: { lng: 113.32, lat: 23.12, kind: 'meter', priority: 4 } });
      const id = (wo.body as { id: number }).id;
      expect((await api(bare.url, 'POST', `/api/work-orders/${id}/transitions`, { cookie: env.cookie, body: { to: 'assigned', crewId: 400 } })).status).toBe(200);
      let now = 9_000_000;
      const log = memoryLogger();
      const sim = new Simulator({ baseUrl: bare.url, username: SIMULATOR_USERNAME, password: PASSWORD, log, now: () => now, accounts: 0 });
      await sim.tick();
      for (let i = 0; i < 3; i++) {
        now += 5000;
        const r = await sim.tick();
        expect(r.waiting).toBe(1);
      }
      const d = (await api(bare.url, 'GET', `/api/work-orders/${id}`, { cookie: env.cookie })).body as { state: string };
      expect(d.state).toBe('assigned');
      expect(log.lines.filter((l) => l.includes('wait for routing'))).toHaveLength(1);
    } finally {
      await bare.close();
    }
  });
});
