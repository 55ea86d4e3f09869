/**
 * The plan endpoints the planner's editor needs, against a real PostGIS: the plan's cells as columns (grid,
 * weights, island ferries), the history of saved versions from the audit log, managers with their load, and
 * cancelling a running plan job.
 */
import * as h3 from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createManager, createRoleUsers, createTestDatabase, sessionCookie, startTestApp } from './helpers.ts';
import type { TestApp, TestDatabase } from './helpers.ts';
import type { PlanCells as Cells } from '../../contracts/plans.ts';

const RES = 8;
/** 127 cells around central Guangzhou, plus a 7-cell island 4 rings away from them. */
const MAIN = h3.gridDisk(h3.latLngToCell(23.13, 113.26, RES), 6);
const ISLAND_CENTRE = h3.gridRingUnsafe(h3.latLngToCell(23.13, 113.26, RES), 10)[0];
const ISLAND = h3.gridDisk(ISLAND_CENTRE, 1);
const CELLS = [...MAIN, ...ISLAND].sort();
const K = 4;

let db: TestDatabase;
let app: TestApp;
let planner: string;
let dispatcher: string;
let plannerName: string;
let planId: number;

const customersOf = (i: number): number => 10 + ((i * 37) % 41);

async function insertCells(): Promise<void> {
  const wkt = CELLS.map((c) => `POLYGON((${h3.cellToBoundary(c, true).map(([lng, lat]) => `${lng} ${lat}`).join(',')}))`);
  await db.pool.query(
    `INSERT INTO cells (h3, res, customers, load_kw, faults_12m, area_km2, geom)
     SELECT h, $1, cu, lo, fa, ar, ST_GeomFromText(g, 4326)
       FROM unnest($2::text[], $3::int[], $4::float8[], $5::int[], $6::float8[], $7::text[]) AS t(h, cu, lo, fa, ar, g)`,
    [RES, CELLS, CELLS.map((_c, i) => customersOf(i)), CELLS.map((_c, i) => 50 + i), CELLS.map((_c, i) => i % 3), CELLS.map((c) => h3.cellArea(c, 'km2')), wkt],
  );
}

async function waitForJob(jobId: string): Promise<{ status: string; planId?: number; error?: string }> {
  for (;;) {
    const r = await api(app.url, 'GET', `/api/jobs/${jobId}`, { cookie: planner });
    expect(r.status).toBe(200);
    const job = r.body as { status: string; planId?: number };
    if (job.status !== 'running') return job;
    await new Promise((res) => setTimeout(res, 150));
  }
}

const createBody = { name: '编辑器测试', resolution: RES, grids: K, weights: { customers: 1, load: 0, faults: 0 }, tolerancePct: 10, respectDistricts: false, timeBudgetMs: 1500 };

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startTestApp(db);
  const users = await createRoleUsers(db.pool);
  plannerName = users.planner.username;
  planner = await sessionCookie(db.pool, users.planner);
  dispatcher = await sessionCookie(db.pool, users.dispatcher);
  await insertCells();
  const r = await api(app.url, 'POST', '/api/plans', { cookie: planner, body: createBody });
  expect(r.status).toBe(202);
  const job = await waitForJob((r.body as { jobId: string }).jobId);
  expect(job.error).toBeUndefined();
  planId = job.planId!;
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('GET /api/plans/:id/cells', () => {
  it('gives every cell once with its grid idx and weights, and the ferry joining the island', async () => {
    const r = await api(app.url, 'GET', `/api/plans/${planId}/cells`, { cookie: dispatcher });
    expect(r.status).toBe(200);
    const c = r.body as Cells;
    expect(c.version).toBe(1);
    expect(c.resolution).toBe(RES);
    expect(c.h3).toEqual(CELLS);
    for (const col of [c.grid, c.customers, c.load, c.faults, c.workload]) expect(col).toHaveLength(CELLS.length);
    c.h3.forEach((cell, i) => {
      expect(c.customers[i]).toBe(customersOf(CELLS.indexOf(cell)));
      expect(c.grid[i]).toBeGreaterThanOrEqual(0);
      expect(c.grid[i]).toBeLessThan(K);
    });
    expect(new Set(c.grid).size).toBe(K);
    // grid idx agrees with the database
    const { rows } = await db.pool.query<{ h3: string; idx: number }>('SELECT gc.h3, g.idx FROM grid_cells gc JOIN grids g ON g.id = gc.grid_id WHERE gc.plan_id = $1', [planId]);
    const dbIdx = new Map(rows.map((x) => [x.h3, x.idx]));
    c.h3.forEach((cell, i) => expect(c.grid[i]).toBe(dbIdx.get(cell)));
    // one ferry joins the island (one end on it, the other on the main patch)
    expect(c.ferries).toHaveLength(2);
    const ends = c.ferries.map((i) => c.h3[i]);
    expect(ends.filter((x) => ISLAND.includes(x))).toHaveLength(1);
    expect(ends.filter((x) => MAIN.includes(x))).toHaveLength(1);
    expect(c.regions).toBeNull();
    // the graph: H3 neighbours within the plan plus the ferry, both directions
    expect(c.graph.offsets).toHaveLength(CELLS.length + 1);
    const index = new Map(c.h3.map((x, i) => [x, i]));
    c.h3.forEach((cell, i) => {
      const got = c.graph.targets.slice(c.graph.offsets[i], c.graph.offsets[i + 1]).sort((x, y) => x - y);
      const want = h3.gridDisk(cell, 1).filter((x) => x !== cell && index.has(x)).map((x) => index.get(x)!);
      for (let f = 0; f < c.ferries.length; f += 2) {
        if (c.ferries[f] === i) want.push(c.ferries[f + 1]);
        if (c.ferries[f + 1] === i) want.push(c.ferries[f]);
      }
      expect(got).toEqual(want.sort((x, y) => x - y));
    });
  });

  it('answers 404 for an unknown plan', async () => {
    expect((await api(app.url, 'GET', '/api/plans/999999/cells', { cookie: planner })).status).toBe(404);
  });
});

describe('GET /api/plans/:id/history', () => {
  it('lists the creation and each saved edit with who and the version, newest first; ?since filters', async () => {
    const cells = (await api(app.url, 'GET', `/api/plans/${planId}/cells`, { cookie: planner })).body as Cells;
    const plan = (await api(app.url, 'GET', `/api/plans/${planId}`, { cookie: planner })).body as { version: number; grids: Array<{ id: number; idx: number }> };
    const gridId = plan.grids[0].id;
    const lock = await api(app.url, 'POST', `/api/plans/${planId}/lock`, { cookie: planner, body: { gridId, locked: true, version: plan.version } });
    expect(lock.status).toBe(200);
    const unlock = await api(app.url, 'POST', `/api/plans/${planId}/lock`, { cookie: planner, body: { gridId, locked: false } });
    expect(unlock.status).toBe(200);
    const r = await api(app.url, 'GET', `/api/plans/${planId}/history`, { cookie: dispatcher });
    expect(r.status).toBe(200);
    const h = r.body as Array<{ at: string; username: string; action: string; version: number; gridId: number | null }>;
    expect(h.map((e) => e.action)).toEqual(['plan.grid_unlock', 'plan.grid_lock', 'plan.create']);
    expect(h.map((e) => e.version)).toEqual([cells.version + 2, cells.version + 1, 1]);
    expect(h.every((e) => e.username === plannerName)).toBe(true);
    expect(h[0].gridId).toBe(gridId);
    expect(Date.parse(h[0].at)).toBeGreaterThanOrEqual(Date.parse(h[2].at));
    const since = await api(app.url, 'GET', `/api/plans/${planId}/history?since=${cells.version + 1}`, { cookie: planner });
    expect((since.body as Array<{ action: string }>).map((e) => e.action)).toEqual(['plan.grid_unlock']);
  });
});

describe('GET /api/plans/:id/managers', () => {
  it('gives each manager the count and customers of their grids in the plan', async () => {
    const m1 = await createManager(db.pool, 71);
    await createManager(db.pool, 72);
    const plan = (await api(app.url, 'GET', `/api/plans/${planId}`, { cookie: planner })).body as { version: number; grids: Array<{ id: number; stats: { customers: number } }> };
    for (const g of plan.grids.slice(0, 2)) {
      expect((await api(app.url, 'PATCH', `/api/plans/${planId}/grids/${g.id}`, { cookie: planner, body: { managerId: m1 } })).status).toBe(200);
    }
    const r = await api(app.url, 'GET', `/api/plans/${planId}/managers`, { cookie: dispatcher });
    expect(r.status).toBe(200);
    const list = r.body as Array<{ id: number; name: string; grids: number; customers: number }>;
    const one = list.find((m) => m.id === m1)!;
    expect(one.grids).toBe(2);
    expect(one.customers).toBeCloseTo(plan.grids[0].stats.customers + plan.grids[1].stats.customers, 6);
    expect(list.find((m) => m.id === 72)).toMatchObject({ grids: 0, customers: 0 });
  });
});

describe('POST /api/plans/:id/grids', () => {
  it('adds an empty grid with the next idx, bumps the version, and cells can then move into it', async () => {
    const plan = (await api(app.url, 'GET', `/api/plans/${planId}`, { cookie: planner })).body as { version: number; grids: Array<{ id: number; idx: number }> };
    expect((await api(app.url, 'POST', `/api/plans/${planId}/grids`, { cookie: dispatcher, body: { version: plan.version } })).status).toBe(403);
    expect((await api(app.url, 'POST', `/api/plans/${planId}/grids`, { cookie: planner, body: { version: plan.version - 1 } })).status).toBe(409);
    const r = await api(app.url, 'POST', `/api/plans/${planId}/grids`, { cookie: planner, body: { version: plan.version } });
    expect(r.status).toBe(201);
    const added = r.body as { version: number; id: number; idx: number; name: string };
    expect(added).toMatchObject({ version: plan.version + 1, idx: K, name: '网格 005' });
    const cells = (await api(app.url, 'GET', `/api/plans/${planId}/cells`, { cookie: planner })).body as Cells;
    expect(cells.version).toBe(added.version);
    expect(cells.grid.every((g) => g < K)).toBe(true);
    const cell = cells.h3[0];
    const mv = await api(app.url, 'PATCH', `/api/plans/${planId}/cells`, { cookie: planner, body: { version: added.version, moves: [{ cell, grid: added.id }], allowSplit: true } });
    expect(mv.status, JSON.stringify(mv.body)).toBe(200);
    const after = (await api(app.url, 'GET', `/api/plans/${planId}`, { cookie: planner })).body as { grids: Array<{ id: number; stats: { cells: number } }> };
    expect(after.grids).toHaveLength(K + 1);
    expect(after.grids.find((g) => g.id === added.id)!.stats.cells).toBe(1);
  });
});

describe('POST /api/jobs/:id/cancel', () => {
  it('cancels a running job: status cancelled, no plan stored, and a second cancel is 409', async () => {
    const before = (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM plans')).rows[0].n;
    // a long budget keeps the local search running until cancelled
    const r = await api(app.url, 'POST', '/api/plans', { cookie: planner, body: { ...createBody, name: '取消', timeBudgetMs: 60_000 } });
    expect(r.status).toBe(202);
    const { jobId } = r.body as { jobId: string };
    expect((await api(app.url, 'POST', `/api/jobs/${jobId}/cancel`, { cookie: dispatcher })).status).toBe(403);
    const c = await api(app.url, 'POST', `/api/jobs/${jobId}/cancel`, { cookie: planner });
    expect(c.status).toBe(200);
    expect((c.body as { status: string }).status).toBe('cancelled');
    const job = await waitForJob(jobId);
    expect(job.status).toBe('cancelled');
    expect((await api(app.url, 'POST', `/api/jobs/${jobId}/cancel`, { cookie: planner })).status).toBe(409);
    await new Promise((res) => setTimeout(res, 500));
    expect((await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM plans')).rows[0].n).toBe(before);
    const events = await db.pool.query<{ payload: { status: string } }>("SELECT payload FROM events WHERE type = 'plan.progress' AND payload->>'jobId' = $1 ORDER BY id", [jobId]);
    for (let i = 0; i < 50 && events.rows.at(-1)?.payload.status !== 'cancelled'; i++) {
      await new Promise((res) => setTimeout(res, 100));
      events.rows = (await db.pool.query<{ payload: { status: string } }>("SELECT payload FROM events WHERE type = 'plan.progress' AND payload->>'jobId' = $1 ORDER BY id", [jobId])).rows;
    }
    expect(events.rows.at(-1)?.payload.status).toBe('cancelled');
  });

  it('answers 404 for an unknown job', async () => {
    expect((await api(app.url, 'POST', '/api/jobs/nope/cancel', { cookie: planner })).status).toBe(404);
  });
});
