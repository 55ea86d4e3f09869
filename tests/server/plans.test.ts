/**
 * Plans API against a real PostGIS: a plan computed in the background from a patch of res-8 cells, then the
 * planner's edits (moves, split refusal, stale versions, rebalance, locks, managers), duplicate, compare, export.
 */
import * as h3 from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createManager, createRoleUsers, createTestDatabase, sessionCookie, startTestApp } from './helpers.ts';
import type { TestApp, TestDatabase } from './helpers.ts';

const RES = 8;
/** 271 cells around central Guangzhou. */
const CELLS = h3.gridDisk(h3.latLngToCell(23.13, 113.26, RES), 9).sort();
const K = 6;

let db: TestDatabase;
let app: TestApp;
let users: Awaited<ReturnType<typeof createRoleUsers>>;
let planner: string;
let dispatcher: string;
let manager: string;

interface Grid {
  id: number;
  idx: number;
  name: string;
  locked: boolean;
  managerId: number | null;
  stats: { cells: number; customers: number; load: number; faults: number; contiguous: boolean };
}
interface Plan {
  id: number;
  version: number;
  status: string;
  metrics: { nonContiguous: number; totals: { customers: number; load: number; faults: number }; maxDevPct: Record<string, number> };
  grids: Grid[];
}

const weightsOf = (i: number): { customers: number; load: number; faults: number } => ({ customers: 20 + ((i * 37) % 61), load: 100 + ((i * 53) % 211), faults: i % 4 });
const TOTALS = CELLS.reduce(
  (t, _c, i) => {
    const w = weightsOf(i);
    return { customers: t.customers + w.customers, load: t.load + w.load, faults: t.faults + w.faults };
  },
  { customers: 0, load: 0, faults: 0 },
);

async function insertCells(): Promise<void> {
  const wkt = CELLS.map((c) => `POLYGON((${h3.cellToBoundary(c, true).map(([lng, lat]) => `${lng} ${lat}`).join(',')}))`);
  await db.pool.query(
    `INSERT INTO cells (h3, res, customers, load_kw, faults_12m, area_km2, geom)
     SELECT h, $1, cu, lo, fa, ar, ST_GeomFromText(g, 4326)
       FROM unnest($2::text[], $3::int[], $4::float8[], $5::int[], $6::float8[], $7::text[]) AS t(h, cu, lo, fa, ar, g)`,
    [
      RES,
      CELLS,
      CELLS.map((_c, i) => weightsOf(i).customers),
      CELLS.map((_c, i) => weightsOf(i).load),
      CELLS.map((_c, i) => weightsOf(i).faults),
      CELLS.map((c) => h3.cellArea(c, 'km2')),
      wkt,
    ],
  );
}

/** Cell → grid id of a plan, straight from the database. */
async function assignmentOf(planId: number): Promise<Map<string, number>> {
  const { rows } = await db.pool.query<{ h3: string; grid_id: number }>('SELECT h3, grid_id FROM grid_cells WHERE plan_id = $1', [planId]);
  return new Map(rows.map((r) => [r.h3, r.grid_id]));
}

/** Connected pieces of a set of cells (H3 adjacency). */
function pieces(cells: readonly string[]): number {
  const set = new Set(cells);
  const seen = new Set<string>();
  let n = 0;
  for (const s of cells) {
    if (seen.has(s)) continue;
    n++;
    seen.add(s);
    const stack = [s];
    while (stack.length) {
      const c = stack.pop()!;
      for (const nb of h3.gridDisk(c, 1)) {
        if (set.has(nb) && !seen.has(nb)) {
          seen.add(nb);
          stack.push(nb);
        }
      }
    }
  }
  return n;
}

function cellsOfGrid(assign: Map<string, number>, gridId: number): string[] {
  return [...assign].filter(([, g]) => g === gridId).map(([c]) => c);
}

const neighboursOf = (c: string): string[] => h3.gridDisk(c, 1).filter((x) => x !== c);

async function waitForJob(jobId: string, cookie: string): Promise<{ status: string; progress: number; planId?: number; error?: string; code?: string }> {
  for (;;) {
    const r = await api(app.url, 'GET', `/api/jobs/${jobId}`, { cookie });
    expect(r.status).toBe(200);
    const job = r.body as { status: string; progress: number; planId?: number; error?: string };
    if (job.status !== 'running') return job;
    await new Promise((res) => setTimeout(res, 200));
  }
}

async function getPlan(id: number): Promise<Plan> {
  const r = await api(app.url, 'GET', `/api/plans/${id}`, { cookie: dispatcher });
  expect(r.status).toBe(200);
  return r.body as Plan;
}

const createBody = { name: '测试方案', resolution: RES, grids: K, weights: { customers: 1, load: 1, faults: 0 }, tolerancePct: 5, respectDistricts: false, timeBudgetMs: 2000 };

let planId: number;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startTestApp(db);
  users = await createRoleUsers(db.pool);
  planner = await sessionCookie(db.pool, users.planner);
  dispatcher = await sessionCookie(db.pool, users.dispatcher);
  manager = await sessionCookie(db.pool, users.manager);
  await insertCells();
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('POST /api/plans', () => {
  it('names every bad field with 400', async () => {
    const r = await api(app.url, 'POST', '/api/plans', {
      cookie: planner,
      body: { name: '', resolution: 12, grids: 0, weights: { customers: 0, load: 0, faults: 0 }, tolerancePct: -1 },
    });
    expect(r.status).toBe(400);
    const fields = (r.body as { error: { fields: Record<string, string> } }).error.fields;
    expect(Object.keys(fields).sort()).toEqual(['grids', 'name', 'resolution', 'tolerancePct', 'weights']);
    const neg = await api(app.url, 'POST', '/api/plans', { cookie: planner, body: { ...createBody, weights: { customers: -1, load: 2 } } });
    expect(neg.status).toBe(400);
    expect(Object.keys((neg.body as { error: { fields: Record<string, string> } }).error.fields)).toEqual(['weights.customers']);
  });

  it('refuses more grids than cells with 422', async () => {
    const r = await api(app.url, 'POST', '/api/plans', { cookie: planner, body: { ...createBody, grids: CELLS.length + 1 } });
    expect(r.status).toBe(422);
    expect((r.body as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty('grids');
  });

  it('forbids dispatchers and managers', async () => {
    for (const cookie of [dispatcher, manager]) expect((await api(app.url, 'POST', '/api/plans', { cookie, body: createBody })).status).toBe(403);
  });

  it('computes a plan in the background and stores K contiguous grids covering every cell once', async () => {
    const r = await api(app.url, 'POST', '/api/plans', { cookie: planner, body: createBody });
    expect(r.status).toBe(202);
    const { jobId } = r.body as { jobId: string };
    const job = await waitForJob(jobId, planner);
    expect(job.error).toBeUndefined();
    expect(job.status).toBe('done');
    expect(job.progress).toBe(1);
    planId = job.planId!;
    expect(planId).toBeGreaterThan(0);

    const plan = await getPlan(planId);
    expect(plan.version).toBe(1);
    expect(plan.status).toBe('ready');
    expect(plan.grids).toHaveLength(K);
    expect(plan.grids.map((g) => g.name)).toEqual(['网格 001', '网格 002', '网格 003', '网格 004', '网格 005', '网格 006']);
    const assign = await assignmentOf(planId);
    expect([...assign.keys()].sort()).toEqual(CELLS);
    for (const g of plan.grids) {
      const cells = cellsOfGrid(assign, g.id);
      expect(cells.length).toBe(g.stats.cells);
      expect(pieces(cells), `grid ${g.name}`).toBe(1);
      expect(g.stats.contiguous).toBe(true);
    }
    for (const w of ['customers', 'load', 'faults'] as const) {
      expect(plan.grids.reduce((s, g) => s + g.stats[w], 0)).toBeCloseTo(TOTALS[w], 6);
      expect(plan.metrics.totals[w]).toBeCloseTo(TOTALS[w], 6);
    }
    expect(plan.metrics.nonContiguous).toBe(0);

    const geo = await api(app.url, 'GET', `/api/plans/${planId}/grids.geojson`, { cookie: manager });
    expect(geo.status).toBe(200);
    const fc = geo.body as { features: Array<{ geometry: { type: string }; properties: { idx: number } }> };
    expect(fc.features).toHaveLength(K);
    for (const f of fc.features) expect(f.geometry.type).toBe('MultiPolygon');

    const audit = await db.pool.query("SELECT user_id FROM audit_log WHERE action = 'plan.create' AND entity_id = $1", [String(planId)]);
    expect(audit.rows).toEqual([{ user_id: users.planner.id }]);
    // events are published after the job's status changes: wait for the last one
    const readEvents = (): Promise<{ rows: Array<{ payload: { status: string; planId?: number; progress: number } }> }> =>
      db.pool.query("SELECT payload FROM events WHERE type = 'plan.progress' AND payload->>'jobId' = $1 ORDER BY id", [jobId]);
    let events = await readEvents();
    for (let i = 0; i < 100 && events.rows.at(-1)?.payload.status !== 'done'; i++) {
      await new Promise((res) => setTimeout(res, 100));
      events = await readEvents();
    }
    expect(events.rows.at(-1)!.payload).toMatchObject({ status: 'done', planId, progress: 1 });
    const progress = events.rows.map((e) => e.payload.progress);
    expect(progress).toEqual([...progress].sort((x, y) => x - y));

    const list = await api(app.url, 'GET', '/api/plans', { cookie: dispatcher });
    expect((list.body as Array<{ id: number; gridCount: number }>).find((p) => p.id === planId)).toMatchObject({ gridCount: K });
  });

  it('fails the job with the partitioner\'s explanation when the tolerance cannot be met', async () => {
    // 270 cells into 269 grids within 0 %: one grid must hold two unequal cells
    const r = await api(app.url, 'POST', '/api/plans', { cookie: planner, body: { ...createBody, grids: CELLS.length - 1, tolerancePct: 0, weights: { customers: 1 } } });
    expect(r.status).toBe(202);
    const job = await waitForJob((r.body as { jobId: string }).jobId, planner);
    expect(job.status).toBe('failed');
    expect(job.code).toBe('infeasible');
    expect(job.error).toMatch(/tolerance|k:/i);
  });
});

/** A cell of grid `from` that touches grid `to` and whose removal keeps `from` whole. */
function movableCell(assign: Map<string, number>, from: number, to: number): string {
  const cells = cellsOfGrid(assign, from);
  for (const c of cells) {
    if (!neighboursOf(c).some((n) => assign.get(n) === to)) continue;
    if (pieces(cells.filter((x) => x !== c)) === 1) return c;
  }
  throw new Error(`no movable cell from ${from} to ${to}`);
}

/** Two grids that share an edge. */
function adjacentGrids(assign: Map<string, number>): [number, number] {
  for (const [c, g] of assign) for (const n of neighboursOf(c)) if (assign.has(n) && assign.get(n) !== g) return [g, assign.get(n)!];
  throw new Error('no adjacent grids');
}

describe('PATCH /api/plans/:id/cells', () => {
  it('moves a cell, updates stats and bumps the version; a stale version gets 409 and changes nothing', async () => {
    const before = await assignmentOf(planId);
    const plan = await getPlan(planId);
    const [a, b] = adjacentGrids(before);
    const cell = movableCell(before, a, b);
    const r = await api(app.url, 'PATCH', `/api/plans/${planId}/cells`, { cookie: planner, body: { version: plan.version, moves: [{ cell, grid: b }] } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const out = r.body as { version: number; grids: Array<{ id: number; stats: Grid['stats'] }> };
    expect(out.version).toBe(plan.version + 1);
    expect(out.grids.map((g) => g.id).sort()).toEqual([a, b].sort());
    const after = await assignmentOf(planId);
    expect(after.get(cell)).toBe(b);
    const updated = await getPlan(planId);
    expect(updated.version).toBe(plan.version + 1);
    const statsOf = (p: Plan, id: number): Grid['stats'] => p.grids.find((g) => g.id === id)!.stats;
    expect(statsOf(updated, a).cells).toBe(statsOf(plan, a).cells - 1);
    expect(statsOf(updated, b).cells).toBe(statsOf(plan, b).cells + 1);
    const i = CELLS.indexOf(cell);
    expect(statsOf(updated, b).customers).toBeCloseTo(statsOf(plan, b).customers + weightsOf(i).customers, 6);
    expect(updated.grids.reduce((s, g) => s + g.stats.load, 0)).toBeCloseTo(TOTALS.load, 6);
    const audit = await db.pool.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'plan.move_cells' AND entity_id = $1", [String(planId)]);
    expect(audit.rows[0].n).toBe(1);

    // the same request again is now stale
    const back = movableCell(after, b, a);
    const stale = await api(app.url, 'PATCH', `/api/plans/${planId}/cells`, { cookie: planner, body: { version: plan.version, moves: [{ cell: back, grid: a }] } });
    expect(stale.status).toBe(409);
    expect(await assignmentOf(planId)).toEqual(after);
    expect((await getPlan(planId)).version).toBe(plan.version + 1);
  });

  it('of two concurrent edits of the same version exactly one wins, the other gets 409', async () => {
    const plan = await getPlan(planId);
    const assign = await assignmentOf(planId);
    const [a, b] = adjacentGrids(assign);
    const cell = movableCell(assign, a, b);
    const back = movableCell(assign, b, a);
    const [r1, r2] = await Promise.all([
      api(app.url, 'PATCH', `/api/plans/${planId}/cells`, { cookie: planner, body: { version: plan.version, moves: [{ cell, grid: b }] } }),
      api(app.url, 'PATCH', `/api/plans/${planId}/cells`, { cookie: planner, body: { version: plan.version, moves: [{ cell: back, grid: a }] } }),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
    const after = await assignmentOf(planId);
    const won = r1.status === 200 ? { c: cell, g: b, other: back, og: b } : { c: back, g: a, other: cell, og: a };
    expect(after.get(won.c)).toBe(won.g);
    expect(after.get(won.other)).toBe(won.og);
    expect((await getPlan(planId)).version).toBe(plan.version + 1);
  });

  it('refuses a move that splits a grid with 422 unless allowSplit', async () => {
    const plan = await getPlan(planId);
    const assign = await assignmentOf(planId);
    const [a, b] = adjacentGrids(assign);
    // make a leaf: c in grid a keeps exactly one neighbour d in a, and d has another neighbour in a
    let leaf: { c: string; d: string; others: string[] } | undefined;
    for (const c of cellsOfGrid(assign, a)) {
      if (!neighboursOf(c).some((n) => assign.get(n) === b)) continue;
      const inA = neighboursOf(c).filter((n) => assign.get(n) === a);
      for (const d of inA) {
        const others = inA.filter((x) => x !== d);
        const dKeeps = neighboursOf(d).filter((n) => assign.get(n) === a && n !== c && !others.includes(n));
        if (dKeeps.length > 0 && cellsOfGrid(assign, a).length > others.length + 3) leaf = { c, d, others };
        if (leaf) break;
      }
      if (leaf) break;
    }
    expect(leaf).toBeDefined();
    const { d, others } = leaf!;
    let version = plan.version;
    if (others.length > 0) {
      const r = await api(app.url, 'PATCH', `/api/plans/${planId}/cells`, { cookie: planner, body: { version, moves: others.map((x) => ({ cell: x, grid: b })), allowSplit: true } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      version = (r.body as { version: number }).version;
    }
    const mid = await assignmentOf(planId);
    // taking d out of a leaves c cut off
    const refused = await api(app.url, 'PATCH', `/api/plans/${planId}/cells`, { cookie: planner, body: { version, moves: [{ cell: d, grid: b }] } });
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect((refused.body as { error: { code: string } }).error.code).toBe('split');
    expect(await assignmentOf(planId)).toEqual(mid);
    expect((await getPlan(planId)).version).toBe(version);

    const allowed = await api(app.url, 'PATCH', `/api/plans/${planId}/cells`, { cookie: planner, body: { version, moves: [{ cell: d, grid: b }], allowSplit: true } });
    expect(allowed.status, JSON.stringify(allowed.body)).toBe(200);
    const out = allowed.body as { version: number; metrics: { nonContiguous: number }; grids: Array<{ id: number; stats: { contiguous: boolean } }> };
    expect(out.grids.find((g) => g.id === a)!.stats.contiguous).toBe(false);
    expect(out.metrics.nonContiguous).toBeGreaterThan(0);
    const split = cellsOfGrid(await assignmentOf(planId), a);
    expect(pieces(split)).toBeGreaterThan(1);
  });

  it('refuses moving a cell into a grid it does not touch unless allowSplit', async () => {
    const plan = await getPlan(planId);
    const assign = await assignmentOf(planId);
    const [[cell, from], target] = (() => {
      for (const [c, g] of assign) {
        const touching = new Set(neighboursOf(c).map((n) => assign.get(n)));
        const far = plan.grids.find((x) => x.id !== g && !touching.has(x.id));
        if (far) return [[c, g], far.id] as const;
      }
      throw new Error('every cell touches every grid');
    })();
    expect(from).not.toBe(target);
    const r = await api(app.url, 'PATCH', `/api/plans/${planId}/cells`, { cookie: planner, body: { version: plan.version, moves: [{ cell, grid: target }] } });
    expect(r.status).toBe(422);
    expect((await assignmentOf(planId)).get(cell)).toBe(from);
  });

  it('answers 400 naming the fields of a bad body, 403 to a dispatcher', async () => {
    const r = await api(app.url, 'PATCH', `/api/plans/${planId}/cells`, { cookie: planner, body: { moves: [{ cell: 'nope', grid: 'x' }] } });
    expect(r.status).toBe(400);
    expect(Object.keys((r.body as { error: { fields: Record<string, string> } }).error.fields).sort()).toEqual(['moves.0.cell', 'moves.0.grid', 'version']);
    const plan = await getPlan(planId);
    const d = await api(app.url, 'PATCH', `/api/plans/${planId}/cells`, { cookie: dispatcher, body: { version: plan.version, moves: [{ cell: CELLS[0], grid: plan.grids[0].id }] } });
    expect(d.status).toBe(403);
  });
});

describe('rebalance, lock, managers', () => {
  it('rebalances two grids: cells stay in those grids, totals unchanged, version bumped', async () => {
    const plan = await getPlan(planId);
    const assign = await assignmentOf(planId);
    const [a, b] = adjacentGrids(assign);
    const before = new Set([...cellsOfGrid(assign, a), ...cellsOfGrid(assign, b)]);
    const r = await api(app.url, 'POST', `/api/plans/${planId}/rebalance`, { cookie: planner, body: { version: plan.version, grids: [a, b] } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect((r.body as { version: number }).version).toBe(plan.version + 1);
    const after = await assignmentOf(planId);
    expect(new Set([...cellsOfGrid(after, a), ...cellsOfGrid(after, b)])).toEqual(before);
    for (const [c, g] of assign) if (g !== a && g !== b) expect(after.get(c)).toBe(g);
    const updated = await getPlan(planId);
    expect(updated.grids.reduce((s, g) => s + g.stats.customers, 0)).toBeCloseTo(TOTALS.customers, 6);
  });

  it('a locked grid refuses moves with 409 until unlocked', async () => {
    let plan = await getPlan(planId);
    const assign = await assignmentOf(planId);
    const [a, b] = adjacentGrids(assign);
    const lock = await api(app.url, 'POST', `/api/plans/${planId}/lock`, { cookie: planner, body: { gridId: a, locked: true, version: plan.version } });
    expect(lock.status).toBe(200);
    plan = await getPlan(planId);
    expect(plan.grids.find((g) => g.id === a)!.locked).toBe(true);
    const cell = movableCell(assign, a, b);
    const r = await api(app.url, 'PATCH', `/api/plans/${planId}/cells`, { cookie: planner, body: { version: plan.version, moves: [{ cell, grid: b }] } });
    expect(r.status).toBe(409);
    expect((await assignmentOf(planId)).get(cell)).toBe(a);
    const unlock = await api(app.url, 'POST', `/api/plans/${planId}/lock`, { cookie: planner, body: { gridId: a, locked: false } });
    expect(unlock.status).toBe(200);
    expect((await getPlan(planId)).grids.find((g) => g.id === a)!.locked).toBe(false);
  });

  it('assigns a manager and a name to a grid; the CSV export has one row per cell with them', async () => {
    const managerId = await createManager(db.pool, 4242);
    const plan = await getPlan(planId);
    const g = plan.grids[0];
    const r = await api(app.url, 'PATCH', `/api/plans/${planId}/grids/${g.id}`, { cookie: planner, body: { managerId, name: '越秀, 北' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const bad = await api(app.url, 'PATCH', `/api/plans/${planId}/grids/${g.id}`, { cookie: planner, body: { managerId: 999_999 } });
    expect(bad.status).toBe(422);

    const csv = await api(app.url, 'GET', `/api/plans/${planId}/export?format=csv`, { cookie: manager });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toBe('hex_id,grid,manager');
    expect(lines).toHaveLength(CELLS.length + 1);
    const assign = await assignmentOf(planId);
    const mine = cellsOfGrid(assign, g.id).sort();
    const rowsOfG = lines.slice(1).filter((l) => l.includes('"越秀, 北"'));
    expect(rowsOfG.map((l) => l.split(',')[0]).sort()).toEqual(mine);
    for (const l of rowsOfG) expect(l.endsWith(',Test manager 4242')).toBe(true);

    const geo = await api(app.url, 'GET', `/api/plans/${planId}/export?format=geojson`, { cookie: manager });
    expect(geo.status).toBe(200);
    expect((JSON.parse(geo.body as string) as { features: unknown[] }).features).toHaveLength(K);
  });
});

describe('after the edits', () => {
  it('stored stats and metrics equal a recomputation from the cells', async () => {
    const plan = (await api(app.url, 'GET', `/api/plans/${planId}`, { cookie: planner })).body as Plan & { metrics: { cutEdges: number; cells: number } };
    expect(plan.version).toBeGreaterThan(5);
    const { rows } = await db.pool.query<{ grid_id: number; n: number; customers: number; load: number }>(
      'SELECT gc.grid_id, count(*)::int AS n, sum(c.customers)::float8 AS customers, sum(c.load_kw)::float8 AS load FROM grid_cells gc JOIN cells c ON c.h3 = gc.h3 WHERE gc.plan_id = $1 GROUP BY gc.grid_id',
      [planId],
    );
    for (const g of plan.grids) {
      const r = rows.find((x) => x.grid_id === g.id) ?? { n: 0, customers: 0, load: 0 };
      expect(g.stats.cells, g.name).toBe(r.n);
      expect(g.stats.customers).toBeCloseTo(r.customers, 6);
      expect(g.stats.load).toBeCloseTo(r.load, 6);
    }
    const assign = await assignmentOf(planId);
    let cut = 0;
    for (const [c, g] of assign) for (const nb of neighboursOf(c)) if (assign.has(nb) && assign.get(nb) !== g) cut++;
    expect(plan.metrics.cutEdges).toBe(cut / 2);
    const split = plan.grids.filter((g) => pieces(cellsOfGrid(assign, g.id)) !== 1).length;
    expect(plan.metrics.nonContiguous).toBe(split);
  });
});

describe('duplicate and compare', () => {
  it('duplicates a plan and lists the cells that changed grid', async () => {
    const dup = await api(app.url, 'POST', `/api/plans/${planId}/duplicate`, { cookie: planner, body: { name: '副本' } });
    expect(dup.status).toBe(201);
    const copyId = (dup.body as { id: number }).id;
    const copy = await getPlan(copyId);
    expect(copy.version).toBe(1);
    expect(copy.grids).toHaveLength(K);

    const same = await api(app.url, 'GET', `/api/plans/${planId}/compare/${copyId}`, { cookie: dispatcher });
    expect(same.status).toBe(200);
    expect((same.body as { changedCells: unknown[] }).changedCells).toEqual([]);

    const assign = await assignmentOf(copyId);
    const [a, b] = adjacentGrids(assign);
    const cell = movableCell(assign, a, b);
    const mv = await api(app.url, 'PATCH', `/api/plans/${copyId}/cells`, { cookie: planner, body: { version: 1, moves: [{ cell, grid: b }] } });
    expect(mv.status).toBe(200);
    const idx = (id: number): number => copy.grids.find((g) => g.id === id)!.idx;

    const cmp = await api(app.url, 'GET', `/api/plans/${planId}/compare/${copyId}`, { cookie: dispatcher });
    expect(cmp.status).toBe(200);
    const body = cmp.body as { a: { id: number; metrics: unknown }; b: { id: number; metrics: unknown }; changedCells: Array<{ cell: string; a: number; b: number }> };
    expect(body.a.id).toBe(planId);
    expect(body.b.id).toBe(copyId);
    expect(body.changedCells).toEqual([{ cell, a: idx(a), b: idx(b) }]);
    expect(body.a.metrics).not.toBeNull();
    // the original is untouched
    expect((await assignmentOf(planId)).get(cell)).not.toBe(undefined);
  });

  it('answers 404 for unknown plans and jobs', async () => {
    expect((await api(app.url, 'GET', '/api/plans/999999', { cookie: dispatcher })).status).toBe(404);
    expect((await api(app.url, 'GET', '/api/jobs/nope', { cookie: planner })).status).toBe(404);
    expect((await api(app.url, 'PATCH', '/api/plans/999999/cells', { cookie: planner, body: { version: 1, moves: [{ cell: CELLS[0], grid: 1 }] } })).status).toBe(404);
  });
});

describe('boundaries', () => {
  const rect = (w: number, s: number, e: number, n: number): number[][][] => [[[w, s], [e, s], [e, n], [w, n], [w, s]]];
  const fc = (...polys: number[][][][]): unknown => ({ type: 'FeatureCollection', features: polys.map((coordinates, i) => ({ type: 'Feature', properties: { name: `区 ${i}` }, geometry: { type: 'Polygon', coordinates } })) });
  const centres = CELLS.map((c) => h3.cellToLatLng(c));
  const verts = CELLS.flatMap((c) => h3.cellToBoundary(c, true));
  const [w, e] = [Math.min(...verts.map((v) => v[0])), Math.max(...verts.map((v) => v[0]))];
  const [s, n] = [Math.min(...verts.map((v) => v[1])), Math.max(...verts.map((v) => v[1]))];
  const mid = [...centres.map((c) => c[1])].sort((a, b) => a - b)[CELLS.length >> 1] + 0.0011; // the median centre, nudged off the column

  it('refuses invalid polygons, areas outside the service area and non-polygons, naming the feature', async () => {
    const bowTie = [[[w, s], [e, n], [e, s], [w, n], [w, s]]];
    const r = await api(app.url, 'POST', '/api/boundaries', { cookie: planner, body: { name: 'bad', geojson: fc(rect(w, s, mid, n), bowTie, rect(116.3, 39.8, 116.5, 40.0)) } });
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    const fields = (r.body as { error: { fields: Record<string, string> } }).error.fields;
    expect(Object.keys(fields).sort()).toEqual(['geojson.features.1', 'geojson.features.2']);
    expect(fields['geojson.features.1']).toMatch(/Self-intersection/);
    expect(fields['geojson.features.2']).toMatch(/outside/);
    const line = await api(app.url, 'POST', '/api/boundaries', {
      cookie: planner,
      body: { name: 'line', geojson: { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: [[w, s], [e, n]] } }] } },
    });
    expect(line.status).toBe(400);
    expect(Object.keys((line.body as { error: { fields: Record<string, string> } }).error.fields)[0]).toMatch(/^geojson\.features\.0\.geometry/);
    expect((await api(app.url, 'POST', '/api/boundaries', { cookie: dispatcher, body: { name: 'x', geojson: fc(rect(w, s, mid, n)) } })).status).toBe(403);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM boundaries')).rows[0].n).toBe(0);
  });

  it('imports two halves and a plan with them never lets a grid cross the line', async () => {
    const r = await api(app.url, 'POST', '/api/boundaries', { cookie: planner, body: { name: '东西', geojson: fc(rect(w, s, mid, n), rect(mid, s, e, n)) } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const { id, areas } = r.body as { id: number; areas: number };
    expect(areas).toBe(2);
    const list = await api(app.url, 'GET', '/api/boundaries', { cookie: dispatcher });
    expect((list.body as Array<{ id: number; name: string }>).find((b) => b.id === id)).toMatchObject({ name: '东西' });
    const geo = await api(app.url, 'GET', `/api/boundaries/${id}`, { cookie: dispatcher });
    expect((geo.body as { features: unknown[] }).features).toHaveLength(2);

    const created = await api(app.url, 'POST', '/api/plans', { cookie: planner, body: { ...createBody, grids: 4, tolerancePct: 15, boundariesId: id } });
    expect(created.status).toBe(202);
    const job = await waitForJob((created.body as { jobId: string }).jobId, planner);
    expect(job.error).toBeUndefined();
    const assign = await assignmentOf(job.planId!);
    const sides = new Map<number, Set<boolean>>();
    CELLS.forEach((c, i) => {
      const g = assign.get(c)!;
      if (!sides.has(g)) sides.set(g, new Set());
      sides.get(g)!.add(centres[i][1] < mid);
    });
    expect(sides.size).toBe(4);
    for (const set of sides.values()) expect(set.size).toBe(1);

    const unknown = await api(app.url, 'POST', '/api/plans', { cookie: planner, body: { ...createBody, boundariesId: 999_999 } });
    expect(unknown.status).toBe(422);
  });
});

describe('districts', () => {
  it('keeps grids inside districts and joins a district\'s enclave to the rest of that district', async () => {
    await db.pool.query(
      `INSERT INTO districts (id, adcode, name_zh, name_en, population, geom) VALUES
         (1, 440101, '西区', 'West', 1, ST_Multi(ST_MakeEnvelope(113.0, 23.0, 113.1, 23.1, 4326))),
         (2, 440102, '东区', 'East', 1, ST_Multi(ST_MakeEnvelope(113.0, 23.0, 113.1, 23.1, 4326)))`,
    );
    const lngs = CELLS.map((c) => h3.cellToLatLng(c)[1]);
    const mid = [...lngs].sort((a, b) => a - b)[CELLS.length >> 1] + 0.0011;
    const west = Math.min(...lngs);
    // seven east-district cells in the middle of the west side, cut off from the east
    const enclave = h3.gridDisk(h3.latLngToCell(23.13, (west + mid) / 2, RES), 1).filter((c) => CELLS.includes(c));
    expect(enclave).toHaveLength(7);
    const district = (c: string, i: number): number => (enclave.includes(c) || lngs[i] >= mid ? 2 : 1);
    await db.pool.query('UPDATE cells SET district_id = t.d FROM unnest($1::text[], $2::int[]) AS t(h, d) WHERE cells.h3 = t.h', [CELLS, CELLS.map(district)]);

    const r = await api(app.url, 'POST', '/api/plans', { cookie: planner, body: { ...createBody, grids: 4, tolerancePct: 15, respectDistricts: true } });
    const job = await waitForJob((r.body as { jobId: string }).jobId, planner);
    expect(job.error).toBeUndefined();
    const assign = await assignmentOf(job.planId!);
    const districtsOf = new Map<number, Set<number>>();
    CELLS.forEach((c, i) => {
      const g = assign.get(c)!;
      if (!districtsOf.has(g)) districtsOf.set(g, new Set());
      districtsOf.get(g)!.add(district(c, i));
    });
    expect(districtsOf.size).toBe(4);
    for (const set of districtsOf.values()) expect(set.size).toBe(1);
    expect(new Set(enclave.map((c) => assign.get(c))).size).toBe(1);
    await db.pool.query('UPDATE cells SET district_id = NULL');
  });
});

describe('islands', () => {
  it('joins an island too light for a grid of its own to the nearest grid instead of failing', async () => {
    // 7 cells ~3 km east of the patch: no H3 neighbour in the set
    const island = h3.gridDisk(h3.latLngToCell(23.13, 113.26 + 0.12, RES), 1).sort();
    expect(island.some((c) => CELLS.includes(c))).toBe(false);
    await db.pool.query(
      `INSERT INTO cells (h3, res, customers, load_kw, faults_12m, area_km2, geom)
       SELECT h, $1, 30, 150, 1, 0.7, ST_GeomFromText(g, 4326) FROM unnest($2::text[], $3::text[]) AS t(h, g)`,
      [RES, island, island.map((c) => `POLYGON((${h3.cellToBoundary(c, true).map(([lng, lat]) => `${lng} ${lat}`).join(',')}))`)],
    );
    const r = await api(app.url, 'POST', '/api/plans', { cookie: planner, body: { ...createBody, grids: 3 } });
    expect(r.status).toBe(202);
    const job = await waitForJob((r.body as { jobId: string }).jobId, planner);
    expect(job.error).toBeUndefined();
    const plan = await getPlan(job.planId!);
    expect(plan.metrics.nonContiguous).toBe(0);
    const assign = await assignmentOf(plan.id);
    expect(assign.size).toBe(CELLS.length + island.length);
    expect(new Set(island.map((c) => assign.get(c))).size).toBe(1);
  });
});
