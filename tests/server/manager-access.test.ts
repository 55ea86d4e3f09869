/**
 * A manager sees only their own territory: every endpoint of the territory view answers 200 for manager 1's grid
 * and 403 not_your_territory for manager 2's; vector tiles and /api/cells hold only manager 1's cells, customers
 * and faults (checked against the fixture's cell lists, not against the territory views); a manager without grids
 * gets empty tiles and no cells; planners see everything and can limit tiles with ?gridId=.
 */
import * as h3 from 'h3-js';
import { describe, expect, it } from 'vitest';
import { api, decodeMvt, tileOf } from './helpers.ts';
import { useTerritoryApp } from './territory-fixture.ts';

const env = useTerritoryApp(['planner', 'manager1', 'manager3']);

const GRID_PATHS = ['', '/cells', '/hotspots', '/customers', '/customers?q=GZ&sort=account', '/work-orders?open=1', '/crews', '/kpis', '/kpis?from=2026-09-01&to=2026-09-30'];

describe('territory endpoints', () => {
  it.each(GRID_PATHS)('GET /api/grids/:id%s — own grid 200, another manager\'s grid 403', async (suffix) => {
    const own = await api(env.app.url, 'GET', `/api/grids/${env.fx.gridA}${suffix}`, { cookie: env.cookies.manager1 });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    const other = await api(env.app.url, 'GET', `/api/grids/${env.fx.gridB}${suffix}`, { cookie: env.cookies.manager1 });
    expect(other.status).toBe(403);
    expect(other.body).toMatchObject({ error: { code: 'not_your_territory' } });
    // the planner opens either
    expect((await api(env.app.url, 'GET', `/api/grids/${env.fx.gridB}${suffix}`, { cookie: env.cookies.planner })).status).toBe(200);
  });

  it('customer history: own customers 200, others 403 (also those outside every grid)', async () => {
    const own = env.fx.customers.find((c) => env.fx.cellsA.includes(c.h3))!;
    const other = env.fx.customers.find((c) => env.fx.cellsB.includes(c.h3))!;
    const outside = env.fx.customers.find((c) => env.fx.cellsOut.includes(c.h3))!;
    expect((await api(env.app.url, 'GET', `/api/customers/${own.id}/history`, { cookie: env.cookies.manager1 })).status).toBe(200);
    for (const c of [other, outside]) {
      const r = await api(env.app.url, 'GET', `/api/customers/${c.id}/history`, { cookie: env.cookies.manager1 });
      expect(r.status).toBe(403);
      expect(r.body).toMatchObject({ error: { code: 'not_your_territory' } });
    }
    expect((await api(env.app.url, 'GET', `/api/customers/${outside.id}/history`, { cookie: env.cookies.planner })).status).toBe(200);
  });

  it('the list of grids holds only the manager\'s own', async () => {
    const r = await api(env.app.url, 'GET', '/api/grids', { cookie: env.cookies.manager1 });
    expect((r.body as { items: Array<{ id: number }> }).items.map((g) => g.id)).toEqual([env.fx.gridA]);
  });
});

async function tile(layer: string, z: number, x: number, y: number, cookie: string, query = ''): Promise<{ status: number; features: Array<Record<string, unknown>>; cacheControl: string | null; body: unknown }> {
  const res = await fetch(`${env.app.url}/api/tiles/${layer}/${z}/${x}/${y}.mvt${query}`, { headers: { cookie } });
  if (res.status !== 200) {
    const text = await res.text();
    return { status: res.status, features: [], cacheControl: res.headers.get('cache-control'), body: text ? JSON.parse(text) : null };
  }
  return { status: 200, features: decodeMvt(await res.arrayBuffer()).get(layer) ?? [], cacheControl: res.headers.get('cache-control'), body: null };
}

describe('vector tiles', () => {
  const customerInA = (): (typeof env.fx.customers)[number] => env.fx.customers.find((c) => env.fx.cellsA.includes(c.h3))!;
  /** A cell of any resolution lies wholly inside grid A (by h3-js, not by the server's territory views). */
  const inA = (cell: string): boolean =>
    h3.getResolution(cell) >= 9 ? env.fx.cellsA.includes(h3.cellToParent(cell, 9)) : h3.cellToChildren(cell, 9).every((c) => env.fx.cellsA.includes(c));

  it('customer points (z15): a manager gets exactly their customers in the tile, the planner all of them', async () => {
    const c = customerInA();
    const [x, y] = tileOf(c.lng, c.lat, 15);
    const inTile = await env.db.pool.query<{ id: number; h3: string }>(
      // the tile and its 64/4096 buffer
      'SELECT id, h3 FROM customers WHERE ST_Intersects(geom, ST_Transform(ST_TileEnvelope(15, $1, $2, margin => 64.0 / 4096), 4326)) ORDER BY id',
      [x, y],
    );
    const mine = inTile.rows.filter((r) => env.fx.cellsA.includes(r.h3)).map((r) => r.id);
    expect(mine.length).toBeGreaterThan(0);
    const m = await tile('customers', 15, x, y, env.cookies.manager1);
    expect(m.status).toBe(200);
    expect(m.features.map((f) => Number(f.id)).sort((a, b) => a - b)).toEqual(mine);
    expect(m.cacheControl).toMatch(/^private/);
    const p = await tile('customers', 15, x, y, env.cookies.planner);
    expect(p.features.length).toBe(inTile.rows.length);
  });

  it('customer aggregates, faults and cells (z12–14) hold only the manager\'s cells', async () => {
    const c = customerInA();
    for (const z of [12, 13, 14]) {
      const [x, y] = tileOf(c.lng, c.lat, z);
      for (const layer of ['customers', 'cells']) {
        const m = await tile(layer, z, x, y, env.cookies.manager1);
        expect(m.status, `${layer} z${z}`).toBe(200);
        expect(m.features.length).toBeGreaterThan(0);
        for (const f of m.features) expect(inA(f.h3 as string), `${layer} z${z} ${String(f.h3)}`).toBe(true);
        // the planner's tile also has cells outside grid A
        const p = await tile(layer, z, x, y, env.cookies.planner);
        expect(p.features.some((f) => !inA(f.h3 as string))).toBe(true);
      }
      const faultsA = new Set(env.fx.faults.filter((f) => env.fx.cellsA.includes(f.h3)).map((f) => f.id));
      const mf = await tile('faults', z, x, y, env.cookies.manager1);
      expect(mf.features.length).toBeGreaterThan(0);
      for (const f of mf.features) expect(faultsA.has(Number(f.id))).toBe(true);
      const pf = await tile('faults', z, x, y, env.cookies.planner);
      expect(pf.features.some((f) => !faultsA.has(Number(f.id)))).toBe(true);
    }
  });

  it('?gridId=: own grid 200, another manager\'s grid 403; the planner limits tiles to any grid', async () => {
    const c = customerInA();
    const [x, y] = tileOf(c.lng, c.lat, 13);
    for (const layer of ['customers', 'faults', 'cells', 'substations']) {
      expect((await tile(layer, 13, x, y, env.cookies.manager1, `?gridId=${env.fx.gridA}`)).status, layer).not.toBe(403);
      const other = await tile(layer, 13, x, y, env.cookies.manager1, `?gridId=${env.fx.gridB}`);
      expect(other.status, layer).toBe(403);
      expect(other.body).toMatchObject({ error: { code: 'not_your_territory' } });
    }
    const b = await tile('cells', 13, x, y, env.cookies.planner, `?gridId=${env.fx.gridB}`);
    expect(b.features.length).toBeGreaterThan(0);
    for (const f of b.features) expect(env.fx.cellsB).toContain(f.h3);
    expect((await tile('cells', 13, x, y, env.cookies.planner, '?gridId=999999')).status).toBe(404);
  });

  it('a manager without grids gets empty customers, faults and cells tiles', async () => {
    const c = customerInA();
    const [x, y] = tileOf(c.lng, c.lat, 13);
    for (const layer of ['customers', 'faults', 'cells']) expect((await tile(layer, 13, x, y, env.cookies.manager3)).status, layer).toBe(204);
  });
});

describe('GET /api/cells for a manager', () => {
  it('res 9: exactly the territory\'s cells; res 8 and 7: only the territory\'s part of each coarse cell', async () => {
    const r9 = (await api(env.app.url, 'GET', '/api/cells?res=9', { cookie: env.cookies.manager1 })).body as { h3: string[]; customers: number[] };
    expect(r9.h3).toEqual([...env.fx.cellsA].sort());
    const all = (await api(env.app.url, 'GET', '/api/cells?res=9', { cookie: env.cookies.planner })).body as { h3: string[] };
    expect(all.h3.length).toBe(env.fx.cellsA.length + env.fx.cellsB.length + env.fx.cellsOut.length);
    for (const res of [8, 7]) {
      const r = (await api(env.app.url, 'GET', `/api/cells?res=${res}`, { cookie: env.cookies.manager1 })).body as { h3: string[]; customers: number[] };
      const expected = new Map<string, number>();
      for (const c of env.fx.customers) if (env.fx.cellsA.includes(c.h3)) expected.set(h3.cellToParent(c.h3, res), (expected.get(h3.cellToParent(c.h3, res)) ?? 0) + 1);
      expect(r.h3).toEqual([...expected.keys()].sort());
      r.h3.forEach((h, i) => expect(r.customers[i]).toBe(expected.get(h)));
    }
    const none = (await api(env.app.url, 'GET', '/api/cells?res=9', { cookie: env.cookies.manager3 })).body as { h3: string[] };
    expect(none.h3).toEqual([]);
  });
});
