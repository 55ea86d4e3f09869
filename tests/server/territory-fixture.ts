/**
 * A small hand-made territory for the territory, KPI and manager-access tests: one res-7 cell's worth of
 * Guangzhou, an active resolution-8 plan with two grids (grid A: two res-8 cells, manager 1; grid B: one res-8 cell,
 * manager 2) and one res-8 cell outside both, customers in every res-9 cell, and a seeded history of faults and
 * work orders (with repeats, cancelled duplicates, open orders, scores and complaints) from 2026-06-01 to the
 * reference now 2026-11-28T00:00+08:00.
 *
 * Everything inserted is also returned as plain objects so that tests can recompute the KPIs in JavaScript,
 * independently of the SQL.
 *
 *   const env = useTerritoryApp(['planner', 'manager1']);   // env.db, env.app, env.fx, env.cookies.planner, …
 */
import * as h3 from 'h3-js';
import type pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { refreshTerritory } from '../../server/services/territory.ts';
import { createManager, createTestDatabase, createUser, sessionCookie, startTestApp, type TestApp, type TestDatabase, type TestUser } from './helpers.ts';

export const REFERENCE_NOW = '2026-11-28T00:00:00+08:00';
export const EFFECTIVE_FROM = '2026-10-15';
const CENTER = h3.latLngToCell(23.13, 113.3, 8);

export interface FixtureCustomer {
  id: number;
  account: string;
  type: 'residential' | 'commercial' | 'industrial';
  loadKw: number;
  address: string;
  h3: string;
  lng: number;
  lat: number;
}
export interface FixtureFault {
  id: number;
  reportedAt: Date;
  customerId: number;
  h3: string;
  status: 'open' | 'assigned' | 'resolved' | 'cancelled';
}
export interface FixtureOrder {
  id: number;
  faultId: number;
  h3: string;
  state: string;
  receivedAt: Date;
  onSiteAt: Date | null;
  resolvedAt: Date | null;
  satisfaction: number | null;
  complaint: boolean;
  crewId: number | null;
}

export interface Fixture {
  planId: number;
  gridA: number;
  gridB: number;
  /** res-9 cells of each grid and outside. */
  cellsA: string[];
  cellsB: string[];
  cellsOut: string[];
  customers: FixtureCustomer[];
  faults: FixtureFault[];
  orders: FixtureOrder[];
  users: { admin: TestUser; planner: TestUser; dispatcher: TestUser; manager1: TestUser; manager2: TestUser; manager3: TestUser };
}

/** mulberry32: a small seeded generator, so the fixture is the same every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const polygonWkt = (cell: string): string => `POLYGON((${h3.cellToBoundary(cell, true).map(([lng, lat]) => `${lng} ${lat}`).join(',')}))`;

/** Inserts the fixture into a migrated, empty database; resolves to what was inserted. */
export async function insertFixture(pool: pg.Pool): Promise<Fixture> {
  const rand = rng(9);
  const [a1, a2, b1, out] = h3.gridDisk(CENTER, 1).sort().slice(0, 4);
  const res8 = [a1, a2, b1, out];
  const children = (c: string): string[] => h3.cellToChildren(c, 9).sort();
  const cellsA = [...children(a1), ...children(a2)];
  const cellsB = children(b1);
  const cellsOut = children(out);
  const res9 = [...cellsA, ...cellsB, ...cellsOut];
  const res7 = [...new Set(res8.map((c) => h3.cellToParent(c, 7)))];

  await pool.query(
    `INSERT INTO districts (id, adcode, name_zh, name_en, population, geom)
     VALUES (1, 440106, '天河区', 'Tianhe', 1000, ST_Multi(ST_MakeEnvelope(113.0, 22.9, 113.6, 23.4, 4326)))`,
  );
  await pool.query(`INSERT INTO dataset_meta (seed, customers, reference_now, generator) VALUES (1, 0, $1, 'test-fixture')`, [REFERENCE_NOW]);

  // customers: 3–8 per res-9 cell, at the cell centre
  const customers: FixtureCustomer[] = [];
  const types = ['residential', 'commercial', 'industrial'] as const;
  for (const cell of res9) {
    const n = 3 + Math.floor(rand() * 6);
    const [lat, lng] = h3.cellToLatLng(cell);
    for (let i = 0; i < n; i++) {
      const id = customers.length + 1;
      customers.push({
        id,
        account: `GZ${String(100000 + id)}`,
        type: types[id % 3],
        loadKw: Math.round((2 + rand() * 200) * 10) / 10,
        address: id === 7 ? '天河路 100% 号' : `天河路 ${id} 号`,
        h3: cell,
        // near the centre: inside the centre child, so its res-10 cell has the res-9 cell as parent
        lng: lng + (rand() - 0.5) * 1e-4,
        lat: lat + (rand() - 0.5) * 1e-4,
      });
    }
  }
  await pool.query(
    `INSERT INTO customers (id, account, type, load_kw, district_id, h3, address, geom)
     SELECT id, acc, ty::customer_type, lo, 1, h, ad, ST_SetSRID(ST_MakePoint(lng, lat), 4326)
       FROM unnest($1::int[], $2::text[], $3::text[], $4::float8[], $5::text[], $6::text[], $7::float8[], $8::float8[]) AS t(id, acc, ty, lo, h, ad, lng, lat)`,
    [customers.map((c) => c.id), customers.map((c) => c.account), customers.map((c) => c.type), customers.map((c) => c.loadKw), customers.map((c) => c.h3), customers.map((c) => c.address), customers.map((c) => c.lng), customers.map((c) => c.lat)],
  );

  // crews: one in grid A, one in grid B
  const crewAt = (cell: string): string => {
    const [lat, lng] = h3.cellToLatLng(cell);
    return `SRID=4326;POINT(${lng} ${lat})`;
  };
  await pool.query(
    `INSERT INTO crews (id, code, name, skills, depot, shift_start, shift_end, status, position) VALUES
       (1, 'C1', '一队', '{line}', $1, '08:00', '20:00', 'available', $1), (2, 'C2', '二队', '{meter,cable}', $2, '08:00', '20:00', 'on_site', $2)`,
    [crewAt(cellsA[3]), crewAt(cellsB[3])],
  );

  // faults and work orders from 2026-06-01 to the reference now; some customers get repeated faults
  const start = Date.parse('2026-06-01T00:00:00+08:00');
  const end = Date.parse(REFERENCE_NOW);
  const faults: FixtureFault[] = [];
  const orders: FixtureOrder[] = [];
  for (let i = 0; i < 420; i++) {
    const repeatOf = i > 10 && rand() < 0.2 ? faults[Math.floor(rand() * faults.length)] : undefined;
    const cust = repeatOf ? customers[repeatOf.customerId - 1] : customers[Math.floor(rand() * customers.length)];
    let t = repeatOf ? repeatOf.reportedAt.getTime() + Math.floor(rand() * 50 * 86_400_000) : start + Math.floor(rand() * (end - start));
    if (t >= end) t = end - 60_000 * (1 + i);
    const cancelled = rand() < 0.04;
    const r = rand();
    const state = cancelled ? 'cancelled' : t > end - 2 * 86_400_000 && r < 0.5 ? (r < 0.25 ? 'received' : 'on_site') : r < 0.05 ? 'escalated' : r < 0.5 ? 'closed' : r < 0.8 ? 'follow_up' : 'resolved';
    const fault: FixtureFault = { id: faults.length + 1, reportedAt: new Date(t), customerId: cust.id, h3: cust.h3, status: cancelled ? 'cancelled' : state === 'received' || state === 'on_site' || state === 'escalated' ? 'open' : 'resolved' };
    faults.push(fault);
    const received = t + Math.floor(rand() * 5 * 60_000);
    const onSite = state === 'received' || cancelled || state === 'escalated' ? null : received + Math.floor((10 + rand() * 240) * 60_000);
    const resolved = onSite !== null && state !== 'on_site' ? onSite + Math.floor((5 + rand() * 600) * 60_000) : null;
    const scored = resolved !== null && (state === 'follow_up' || state === 'closed') && rand() < 0.7;
    orders.push({
      id: orders.length + 1,
      faultId: fault.id,
      h3: cust.h3,
      state,
      receivedAt: new Date(received),
      onSiteAt: onSite === null ? null : new Date(onSite),
      resolvedAt: resolved === null ? null : new Date(resolved),
      satisfaction: scored ? 1 + Math.floor(rand() * 5) : null,
      complaint: !cancelled && rand() < 0.08,
      crewId: state === 'on_site' ? 2 : state === 'received' ? null : 1,
    });
  }
  await pool.query(
    `INSERT INTO faults (id, reported_at, kind, priority, status, customer_id, h3, district_id, geom)
     SELECT f.id, f.at, 'outage', 2, f.st, f.cu, f.h, 1, c.geom
       FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::int[], $5::text[]) AS f(id, at, st, cu, h)
       JOIN customers c ON c.id = f.cu`,
    [faults.map((f) => f.id), faults.map((f) => f.reportedAt), faults.map((f) => f.status), faults.map((f) => f.customerId), faults.map((f) => f.h3)],
  );
  await pool.query(
    `INSERT INTO work_orders (id, fault_id, crew_id, state, priority, h3, received_at, on_site_at, resolved_at, satisfaction, complaint)
     SELECT id, fa, cr, st::work_order_state, 2, h, rc, os, rs, sa, co
       FROM unnest($1::bigint[], $2::bigint[], $3::int[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[], $8::timestamptz[], $9::int[], $10::boolean[])
            AS t(id, fa, cr, st, h, rc, os, rs, sa, co)`,
    [
      orders.map((o) => o.id), orders.map((o) => o.faultId), orders.map((o) => o.crewId), orders.map((o) => o.state), orders.map((o) => o.h3),
      orders.map((o) => o.receivedAt), orders.map((o) => o.onSiteAt), orders.map((o) => o.resolvedAt), orders.map((o) => o.satisfaction), orders.map((o) => o.complaint),
    ],
  );

  // cells res 7–10 with weights summed from the customers and the faults of the last twelve months
  const yearAgo = end - 365 * 86_400_000;
  const weight = new Map<string, { customers: number; load: number; faults: number }>();
  const add = (cell: string, c: number, l: number, f: number): void => {
    for (const r of [10, 9, 8, 7]) {
      if (r > h3.getResolution(cell)) continue;
      const k = h3.cellToParent(cell, r);
      const w = weight.get(k) ?? { customers: 0, load: 0, faults: 0 };
      w.customers += c;
      w.load += l;
      w.faults += f;
      weight.set(k, w);
    }
  };
  for (const c of customers) add(h3.latLngToCell(c.lat, c.lng, 10), 1, c.loadKw, 0);
  for (const f of faults) if (f.status !== 'cancelled' && f.reportedAt.getTime() >= yearAgo) add(f.h3, 0, 0, 1);
  const res10 = res9.flatMap((c) => h3.cellToChildren(c, 10));
  const allCells = [...res10, ...res9, ...res8, ...res7];
  await pool.query(
    `INSERT INTO cells (h3, res, customers, load_kw, faults_12m, area_km2, district_id, geom)
     SELECT h, r, cu, lo, fa, ar, 1, ST_GeomFromText(g, 4326)
       FROM unnest($1::text[], $2::int[], $3::int[], $4::float8[], $5::int[], $6::float8[], $7::text[]) AS t(h, r, cu, lo, fa, ar, g)`,
    [
      allCells, allCells.map((c) => h3.getResolution(c)), allCells.map((c) => weight.get(c)?.customers ?? 0), allCells.map((c) => weight.get(c)?.load ?? 0),
      allCells.map((c) => weight.get(c)?.faults ?? 0), allCells.map((c) => h3.cellArea(c, 'km2')), allCells.map(polygonWkt),
    ],
  );

  // managers, users, the active plan and its two grids
  await createManager(pool, 1);
  await createManager(pool, 2);
  await createManager(pool, 3);
  const [admin, planner, dispatcher, manager1, manager2, manager3] = await Promise.all([
    createUser(pool, 'fx-admin', 'admin'),
    createUser(pool, 'fx-planner', 'planner'),
    createUser(pool, 'fx-dispatcher', 'dispatcher'),
    createUser(pool, 'fx-manager1', 'manager', { managerId: 1 }),
    createUser(pool, 'fx-manager2', 'manager', { managerId: 2 }),
    createUser(pool, 'fx-manager3', 'manager', { managerId: 3 }),
  ]);
  const { rows: plan } = await pool.query<{ id: number }>(
    `INSERT INTO plans (name, resolution, is_active, effective_from) VALUES ('fixture plan', 8, true, $1) RETURNING id`,
    [EFFECTIVE_FROM],
  );
  const planId = plan[0].id;
  const gridIds: number[] = [];
  for (const [idx, cells, manager] of [[0, [a1, a2], 1], [1, [b1], 2]] as const) {
    const { rows } = await pool.query<{ id: number }>(
      `INSERT INTO grids (plan_id, idx, name, manager_id, stats, geom)
       VALUES ($1, $2, $3, $4, '{}', (SELECT ST_Multi(ST_Union(geom)) FROM cells WHERE h3 = ANY($5::text[]))) RETURNING id`,
      [planId, idx, `网格 ${idx === 0 ? 'A' : 'B, "东"'}`, manager, cells],
    );
    gridIds.push(rows[0].id);
    await pool.query('INSERT INTO grid_cells (plan_id, h3, grid_id) SELECT $1, unnest($2::text[]), $3', [planId, cells, rows[0].id]);
  }
  return { planId, gridA: gridIds[0], gridB: gridIds[1], cellsA, cellsB, cellsOut, customers, faults, orders, users: { admin, planner, dispatcher, manager1, manager2, manager3 } };
}

/** What `useTerritoryApp` sets up: the database with the fixture, the app on it, and a session cookie per named user. */
export interface TerritoryApp<U extends keyof Fixture['users']> {
  db: TestDatabase;
  app: TestApp;
  fx: Fixture;
  cookies: Record<U, string>;
}

/**
 * Registers `beforeAll`/`afterAll` hooks: a test database with the fixture and refreshed territory views, the app
 * on it, and a session cookie for each of `sessionsFor` (fixture users, in that order); closes both after the
 * file. The returned fields are set once that `beforeAll` has run (use them in hooks and tests).
 */
export function useTerritoryApp<U extends keyof Fixture['users']>(sessionsFor: readonly U[]): TerritoryApp<U> {
  const env = { cookies: {} } as TerritoryApp<U>;
  beforeAll(async () => {
    env.db = await createTestDatabase();
    env.fx = await insertFixture(env.db.pool);
    await refreshTerritory(env.db.pool);
    env.app = await startTestApp(env.db);
    for (const user of sessionsFor) env.cookies[user] = await sessionCookie(env.db.pool, env.fx.users[user]);
  }, 120_000);
  afterAll(async () => {
    await env.app?.close();
    await env.db?.drop();
  });
  return env;
}
