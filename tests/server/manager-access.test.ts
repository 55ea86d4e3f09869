/**
 * A manager sees only their own territory: every endpoint of the territory view answers 200 for manager 1's grid
 * and 403 not_your_territory for manager 2's; vector tiles and /api/cells hold only manager 1's cells, customers
 * and faults (checked against the fixture's cell lists, not against the territory views); a manager without grids
 * gets empty tiles and no cells; planners see everything and can limit tiles with ?gridId=.
 */
import * as h3 from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshTerritory } from '../../server/services/territory.ts';
import { api, createTestDatabase, decodeMvt, sessionCookie, startTestApp, tileOf, type TestApp, type TestDatabase } from './helpers.ts';
import { insertFixture, type Fixture } from './territory-fixture.ts';

let db: TestDatabase;
let app: TestApp;
let fx: Fixture;
let planner: string;
let manager1: string;
let manager3: string;

beforeAll(async () => {
  db = await createTestDatabase();
  fx = await insertFixture(db.pool);
  await refreshTerritory(db.pool);
  app = await startTestApp(db);
  planner = await sessionCookie(db.pool, fx.users.planner);
  manager1 = await sessionCookie(db.pool, fx.users.manager1);
  manager3 = await sessionCookie(db.pool, fx.users.manager3);
}, 120_000);
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

const GRID_PATHS = ['', '/cells', '/hotspots', '/customers', '/customers?q=GZ&sort=account', '/work-orders?open=1', '/crews', '/kpis', '/kpis?from=2026-09-01&to=2026-09-30'];

describe('territory endpoints', () => {
  it.each(GRID_PATHS)('GET /api/grids/:id%s — own grid 200, another manager\'s grid 403', async (suffix) => {
    const own = await api(app.url, 'GET', `/api/grids/${fx.gridA}${suffix}`, { cookie: manager1 });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    const other = await api(app.url, 'GET', `/api/grids/${fx.gridB}${suffix}`, { cookie: manager1 });
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ error: { code: 'not_your_territory' } });
    // the planner opens either
    expect((await api(app.url, 'GET', `/api/grids/${fx.gridB}${suffix}`, { cookie: planner })).status).toBe(200);
  });

  it('customer history: own customers 200, others 403 (also those outside every grid)', async () => {
    const own = fx.customers.find((c) => fx.cellsA.includes(c.h3))!;
    const other = fx.customers.find((c) => fx.cellsB.includes(c.h3))!;
    const outside = fx.customers.find((c) => fx.cellsOut.includes(c.h3))!;
    expect((await api(app.url, 'GET', `/api/customers/${own.id}/history`, { cookie: manager1 })).status).toBe(200);
    for (const c of [other, outside]) {
      const r = await api(app.url, 'GET', `/api/customers/${c.id}/history`, { cookie: manager1 });
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ error: { code: 'not_your_territory' } });
    }
    expect((await api(app.url, 'GET', `/api/customers/${outside.id}/history`, { cookie: planner })).status).toBe(200);
  });

  it('the list of grids holds only the manager\'s own', async () => {
    const r = await api(app.url, 'GET', '/api/grids', { cookie: manager1 });
    expect((r.body as { items: Array<{ id: number }> }).items.map((g) => g.id)).toEqual([fx.gridA]);
  });
});

async function tile(layer: string, z: number, x: number, y: number, cookie: string, query = ''): Promise<{ status: number; features: Array<Record<string, unknown>>; cacheControl: string | null; body: unknown }> {
  const res = await fetch(`${app.url}/api/tiles/${layer}/${z}/${x}/${y}.mvt${query}`, { headers: { cookie } });
  if (res.status !== 200) {
    const text = await res.text();
    return { status: res.status, features: [], cacheControl: res.headers.get('cache-control'), body: text ? JSON.parse(text) : null };
  }
  return { status: 200, features: decodeMvt(await res.arrayBuffer()).get(layer) ?? [], cacheControl: res.headers.get('cache-control'), body: null };
}

describe('vector tiles', () => {
  const customerInA = (): (typeof fx.customers)[number] => fx.customers.find((c) => fx.cellsA.includes(c.h3))!;
  /** A cell of any resolution lies wholly inside grid A (by h3-js, not by the server's territory views). */
  const inA = (cell: string): boolean =>
    h3.getResolution(cell) >= 9 ? fx.cellsA.includes(h3.cellToParent(cell, 9)) : h3.cellToChildren(cell, 9).every((c) => fx.cellsA.includes(c));

  it('customer points (z15): a manager gets exactly their customers in the tile, the planner all of them', async () => {
    const c = customerInA();
    const [x, y] = tileOf(c.lng, c.lat, 15);
    const inTile = await db.pool.query<{ id: number; h3: string }>(
      // the tile and its 64/4096 buffer
      'SELECT id, h3 FROM customers WHERE ST_Intersects(geom, ST_Transform(ST_TileEnvelope(15, $1, $2, margin => 64.0 / 4096), 4326)) ORDER BY id',
      [x, y],
    );
    const mine = inTile.rows.filter((r) => fx.cellsA.includes(r.h3)).map((r) => r.id);
    expect(mine.length).toBeGreaterThan(0);
    const m = await tile('customers', 15, x, y, manager1);
    expect(m.status).toBe(200);
    expect(m.features.map((f) => Number(f.id)).sort((a, b) => a - b)).toEqual(mine);
    expect(m.cacheControl).toMatch(/^private/);
    const p = await tile('customers', 15, x, y, planner);
    expect(p.features.length).toBe(inTile.rows.length);
  });

  it('customer aggregates, faults and cells (z12–14) hold only the manager\'s cells', async () => {
    const c = customerInA();
    for (const z of [12, 13, 14]) {
      const [x, y] = tileOf(c.lng, c.lat, z);
      for (const layer of ['customers', 'cells']) {
        const m = await tile(layer, z, x, y, manager1);
        expect(m.status, `${layer} z${z}`).toBe(200);
        expect(m.features.length).toBeGreaterThan(0);
        for (const f of m.features) expect(inA(f.h3 as string), `${layer} z${z} ${String(f.h3)}`).toBe(true);
        // the planner's tile also has cells outside grid A
        const p = await tile(layer, z, x, y, planner);
        expect(p.features.some((f) => !inA(f.h3 as string))).toBe(true);
      }
      const faultsA = new Set(fx.faults.filter((f) => fx.cellsA.includes(f.h3)).map((f) => f.id));
      const mf = await tile('faults', z, x, y, manager1);
      expect(mf.features.length).toBeGreaterThan(0);
      for (const f of mf.features) expect(faultsA.has(Number(f.id))).toBe(true);
      const pf = await tile('faults', z, x, y, planner);
      expect(pf.features.some((f) => !faultsA.has(Number(f.id)))).toBe(true);
    }
  });

  it('?gridId=: own grid 200, another manager\'s grid 403; the planner limits tiles to any grid', async () => {
    const c = customerInA();
    const [x, y] = tileOf(c.lng, c.lat, 13);
    for (const layer of ['customers', 'faults', 'cells', 'substations']) {
      expect((await tile(layer, 13, x, y, manager1, `?gridId=${fx.gridA}`)).status, layer).not.toBe(403);
      const other = await tile(layer, 13, x, y, manager1, `?gridId=${fx.gridB}`);
      expect(other.status, layer).toBe(403);
      expect(other.body).toMatchObject({ error: { code: 'not_your_territory' } });
    }
    const b = await tile('cells', 13, x, y, planner, `?gridId=${fx.gridB}`);
    expect(b.features.length).toBeGreaterThan(0);
    for (const f of b.features) expect(fx.cellsB).toContain(f.h3);
    expect((await tile('cells', 13, x, y, planner, '?gridId=999999')).status).toBe(404);
  });

  it('a manager without grids gets empty customers, faults and cells tiles', async () => {
    const c = customerInA();
    const [x, y] = tileOf(c.lng, c.lat, 13);
    for (const layer of ['customers', 'faults', 'cells']) expect((await tile(layer, 13, x, y, manager3)).status, layer).toBe(204);
  });
});

describe('GET /api/cells for a manager', () => {
  it('res 9: exactly the territory\'s cells; res 8 and 7: only the territory\'s part of each coarse cell', async () => {
    const r9 = (await api(app.url, 'GET', '/api/cells?res=9', { cookie: manager1 })).body as { h3: string[]; customers: number[] };
    expect(r9.h3).toEqual([...fx.cellsA].sort());
    const all = (await api(app.url, 'GET', '/api/cells?res=9', { cookie: planner })).body as { h3: string[] };
    expect(all.h3.length).toBe(fx.cellsA.length + fx.cellsB.length + fx.cellsOut.length);
    for (const res of [8, 7]) {
      const r = (await api(app.url, 'GET', `/api/cells?res=${res}`, { cookie: manager1 })).body as { h3: string[]; customers: number[] };
      const expected = new Map<string, number>();
      for (const c of fx.customers) if (fx.cellsA.includes(c.h3)) expected.set(h3.cellToParent(c.h3, res), (expected.get(h3.cellToParent(c.h3, res)) ?? 0) + 1);
      expect(r.h3).toEqual([...expected.keys()].sort());
      r.h3.forEach((h, i) => expect(r.customers[i]).toBe(expected.get(h)));
    }
    const none = (await api(app.url, 'GET', '/api/cells?res=9', { cookie: manager3 })).body as { h3: string[] };
    expect(none.h3).toEqual([]);
  });
});
