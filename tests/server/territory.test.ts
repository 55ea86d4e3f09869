/**
 * Territory endpoints on the hand-made fixture (tests/server/territory-fixture.ts): grids, a grid's cells,
 * hotspots, customers, customer history, work orders and crews, each checked against the fixture's own rows;
 * h3_cell_at against h3-js; the territory views following a change of the active plan.
 */
import * as h3 from 'h3-js';
import { describe, expect, it } from 'vitest';
import { refreshTerritory } from '../../server/services/territory.ts';
import { api, sessionCookie } from './helpers.ts';
import { REFERENCE_NOW, useTerritoryApp } from './territory-fixture.ts';

const env = useTerritoryApp(['planner', 'manager1']);

const get = async <T>(path: string, cookie: string): Promise<{ status: number; body: T }> => {
  const r = await api(env.app.url, 'GET', path, { cookie });
  return { status: r.status, body: r.body as T };
};

describe('h3_cell_at', () => {
  it('gives the parent at coarser and the centre child at finer resolutions, as h3-js does', async () => {
    const cells = [...env.fx.cellsA, ...env.fx.cellsB, h3.latLngToCell(22.7, 113.5, 10), h3.latLngToCell(23.9, 113.9, 7)];
    for (const c of cells) {
      const r = h3.getResolution(c);
      const { rows } = await env.db.pool.query<{ p7: string; p8: string; same: string; c10: string }>(
        'SELECT h3_cell_at($1, 7) AS p7, h3_cell_at($1, 8) AS p8, h3_cell_at($1, $2) AS same, h3_cell_at($1, 10) AS c10',
        [c, r],
      );
      if (r >= 7) expect(rows[0].p7).toBe(h3.cellToParent(c, 7));
      if (r >= 8) expect(rows[0].p8).toBe(h3.cellToParent(c, 8));
      if (r < 8) expect(rows[0].p8).toBe(h3.cellToCenterChild(c, 8));
      expect(rows[0].same).toBe(c);
      expect(rows[0].c10).toBe(r <= 10 ? h3.cellToCenterChild(c, 10) : h3.cellToParent(c, 10));
    }
  });
});

describe('GET /api/grids', () => {
  it('lists the active plan\'s grids with weights, bbox and centroid', async () => {
    const r = await get<{ planId: number; items: Array<Record<string, unknown>> }>('/api/grids', env.cookies.planner);
    expect(r.status).toBe(200);
    expect(r.body.planId).toBe(env.fx.planId);
    expect(r.body.items.map((g) => g.id)).toEqual([env.fx.gridA, env.fx.gridB]);
    const a = r.body.items[0] as { customers: number; loadKw: number; cells: number; managerId: number; managerName: string; bbox: number[]; centroid: number[]; idx: number; planId: number; faults12m: number };
    const inA = env.fx.customers.filter((c) => env.fx.cellsA.includes(c.h3));
    expect(a).toMatchObject({ idx: 0, planId: env.fx.planId, managerId: 1, managerName: 'Test manager 1', cells: 2, customers: inA.length }); // two res-8 cells
    expect(a.loadKw).toBeCloseTo(inA.reduce((s, c) => s + c.loadKw, 0), 3);
    const yearAgo = Date.parse(REFERENCE_NOW) - 365 * 86_400_000;
    expect(a.faults12m).toBe(env.fx.faults.filter((f) => f.status !== 'cancelled' && env.fx.cellsA.includes(f.h3) && f.reportedAt.getTime() >= yearAgo).length);
    const [w, s, e, n] = a.bbox;
    expect(w).toBeLessThan(e);
    expect(s).toBeLessThan(n);
    for (const c of inA) {
      expect(c.lng).toBeGreaterThan(w);
      expect(c.lng).toBeLessThan(e);
      expect(c.lat).toBeGreaterThan(s);
      expect(c.lat).toBeLessThan(n);
    }
    expect(a.centroid[0]).toBeGreaterThan(w);
    expect(a.centroid[1]).toBeLessThan(n);
  });

  it('gives a manager only their own grids, and ?planId= another plan', async () => {
    const r = await get<{ items: Array<{ id: number }> }>('/api/grids', env.cookies.manager1);
    expect(r.body.items.map((g) => g.id)).toEqual([env.fx.gridA]);
    const none = await get<{ items: unknown[] }>('/api/grids', await sessionCookie(env.db.pool, env.fx.users.manager3));
    expect(none.body.items).toEqual([]);
    expect((await get('/api/grids?planId=999999', env.cookies.planner)).status).toBe(404);
    expect((await get('/api/grids?planId=abc', env.cookies.planner)).status).toBe(400);
  });

  it('GET /api/grids/:id has the outline as a MultiPolygon; unknown grid 404', async () => {
    const r = await get<{ id: number; geometry: { type: string; coordinates: unknown[] } }>(`/api/grids/${env.fx.gridA}`, env.cookies.planner);
    expect(r.status).toBe(200);
    expect(r.body.geometry.type).toBe('MultiPolygon');
    expect((await get('/api/grids/999999', env.cookies.planner)).status).toBe(404);
  });
});

describe('GET /api/grids/:id/cells and hotspots', () => {
  it('has the res-9 cells of the grid with fault rate and 90-day trend', async () => {
    const r = await get<{ res: number; h3: string[]; customers: number[]; faults12m: number[]; faultRate: number[]; trend: number[]; recent: number[]; previous: number[] }>(`/api/grids/${env.fx.gridB}/cells`, env.cookies.planner);
    expect(r.status).toBe(200);
    expect(r.body.res).toBe(9);
    expect(r.body.h3).toEqual([...env.fx.cellsB].sort());
    const now = Date.parse(REFERENCE_NOW);
    r.body.h3.forEach((cell, i) => {
      const cust = env.fx.customers.filter((c) => c.h3 === cell).length;
      expect(r.body.customers[i]).toBe(cust);
      const live = env.fx.faults.filter((f) => f.h3 === cell && f.status !== 'cancelled');
      const recent = live.filter((f) => f.reportedAt.getTime() >= now - 90 * 86_400_000 && f.reportedAt.getTime() < now).length;
      const previous = live.filter((f) => f.reportedAt.getTime() >= now - 180 * 86_400_000 && f.reportedAt.getTime() < now - 90 * 86_400_000).length;
      expect(r.body.recent[i]).toBe(recent);
      expect(r.body.previous[i]).toBe(previous);
      expect(r.body.trend[i]).toBeCloseTo(recent / Math.max(previous, 1), 9);
      expect(r.body.faultRate[i]).toBeCloseTo((r.body.faults12m[i] * 1000) / cust, 9);
    });
  });

  it('hotspots rank by fault rate and by trend, within the grid', async () => {
    const r = await get<{ highest: Array<{ h3: string; faultRate: number; lng: number; lat: number }>; rising: Array<{ h3: string; trend: number; recent: number; previous: number }> }>(`/api/grids/${env.fx.gridA}/hotspots?limit=3`, env.cookies.planner);
    expect(r.status).toBe(200);
    const cells = await get<{ h3: string[]; faultRate: number[]; customers: number[]; faults12m: number[] }>(`/api/grids/${env.fx.gridA}/cells`, env.cookies.planner);
    const expected = cells.body.h3
      .map((h, i) => ({ h, rate: cells.body.faultRate[i], ok: cells.body.customers[i] >= 10 && cells.body.faults12m[i] > 0 }))
      .filter((c) => c.ok)
      .sort((a, b) => b.rate - a.rate || (a.h < b.h ? -1 : 1))
      .slice(0, 3);
    expect(r.body.highest.map((c) => c.h3)).toEqual(expected.map((c) => c.h));
    for (const c of r.body.highest) expect(env.fx.cellsA).toContain(c.h3);
    for (const c of r.body.rising) {
      expect(env.fx.cellsA).toContain(c.h3);
      expect(c.recent).toBeGreaterThan(c.previous);
    }
    expect(r.body.rising.length).toBeLessThanOrEqual(3);
  });
});

describe('customers', () => {
  it('lists the grid\'s customers by load, with search, type filter and paging', async () => {
    const inA = env.fx.customers.filter((c) => env.fx.cellsA.includes(c.h3));
    const r = await get<{ total: number; items: Array<{ id: number; loadKw: number; faults12m: number; account: string }> }>(`/api/grids/${env.fx.gridA}/customers?limit=5`, env.cookies.planner);
    expect(r.status).toBe(200);
    expect(r.body.total).toBe(inA.length);
    expect(r.body.items.map((c) => c.id)).toEqual([...inA].sort((a, b) => b.loadKw - a.loadKw || a.id - b.id).slice(0, 5).map((c) => c.id));
    const first = r.body.items[0];
    const yearAgo = Date.parse(REFERENCE_NOW) - 365 * 86_400_000;
    expect(first.faults12m).toBe(env.fx.faults.filter((f) => f.customerId === first.id && f.status !== 'cancelled' && f.reportedAt.getTime() >= yearAgo).length);

    const page2 = await get<{ items: Array<{ id: number }> }>(`/api/grids/${env.fx.gridA}/customers?sort=account&limit=4&offset=4`, env.cookies.planner);
    expect(page2.body.items.map((c) => c.id)).toEqual([...inA].sort((a, b) => (a.account < b.account ? -1 : 1)).slice(4, 8).map((c) => c.id));

    const one = inA[3];
    const q = await get<{ total: number; items: Array<{ id: number }> }>(`/api/grids/${env.fx.gridA}/customers?q=${one.account}`, env.cookies.planner);
    expect(q.body.items.map((c) => c.id)).toEqual([one.id]);
    const typed = await get<{ total: number }>(`/api/grids/${env.fx.gridA}/customers?type=industrial`, env.cookies.planner);
    expect(typed.body.total).toBe(inA.filter((c) => c.type === 'industrial').length);
    // % is taken literally: only the one address with "100%" matches
    const pct = await get<{ total: number }>(`/api/grids/${env.fx.gridA}/customers?q=${encodeURIComponent('%')}`, env.cookies.planner);
    expect(pct.body.total).toBe(inA.filter((c) => c.address.includes('%')).length);
    expect((await get(`/api/grids/${env.fx.gridA}/customers?sort=name`, env.cookies.planner)).status).toBe(400);
  });

  it('GET /api/customers/:id/history has the customer\'s faults and work orders, newest first', async () => {
    const c = env.fx.customers.find((x) => env.fx.cellsA.includes(x.h3) && env.fx.faults.filter((f) => f.customerId === x.id).length >= 2)!;
    const r = await get<{ customer: { id: number; gridId: number }; faults: Array<{ id: number; reportedAt: string }>; workOrders: Array<{ id: number; receivedAt: string; satisfaction: number | null; complaint: boolean }> }>(`/api/customers/${c.id}/history`, env.cookies.planner);
    expect(r.status).toBe(200);
    expect(r.body.customer).toMatchObject({ id: c.id, gridId: env.fx.gridA });
    const faults = env.fx.faults.filter((f) => f.customerId === c.id).sort((a, b) => b.reportedAt.getTime() - a.reportedAt.getTime() || b.id - a.id);
    expect(r.body.faults.map((f) => f.id)).toEqual(faults.map((f) => f.id));
    const orders = env.fx.orders.filter((o) => faults.some((f) => f.id === o.faultId)).sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime() || b.id - a.id);
    expect(r.body.workOrders.map((o) => o.id)).toEqual(orders.map((o) => o.id));
    expect(r.body.workOrders.map((o) => o.satisfaction)).toEqual(orders.map((o) => o.satisfaction));
    expect((await get('/api/customers/99999999/history', env.cookies.planner)).status).toBe(404);
  });
});

describe('work orders and crews', () => {
  it('?open=1 lists the grid\'s open work orders, newest first', async () => {
    const r = await get<{ items: Array<{ id: number; state: string; lng: number; lat: number; receivedAt: string }> }>(`/api/grids/${env.fx.gridA}/work-orders?open=1`, env.cookies.planner);
    expect(r.status).toBe(200);
    const open = env.fx.orders
      .filter((o) => env.fx.cellsA.includes(o.h3) && ['received', 'assigned', 'en_route', 'on_site', 'escalated'].includes(o.state))
      .sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime() || b.id - a.id);
    expect(open.length).toBeGreaterThan(0);
    expect(r.body.items.map((o) => o.id)).toEqual(open.map((o) => o.id));
    const all = await get<{ items: unknown[] }>(`/api/grids/${env.fx.gridA}/work-orders`, env.cookies.planner);
    expect(all.body.items.length).toBe(env.fx.orders.filter((o) => env.fx.cellsA.includes(o.h3)).length);
  });

  it('crews inside the grid or on its open orders', async () => {
    const r = await get<{ items: Array<{ id: number; code: string; skills: string[] }> }>(`/api/grids/${env.fx.gridB}/crews`, env.cookies.planner);
    expect(r.status).toBe(200);
    const expected = new Set([2]);
    for (const o of env.fx.orders) if (env.fx.cellsB.includes(o.h3) && o.crewId !== null && ['assigned', 'en_route', 'on_site', 'escalated'].includes(o.state)) expected.add(o.crewId);
    expect(r.body.items.map((c) => c.id)).toEqual([...expected].sort());
    expect(r.body.items.find((c) => c.id === 2)?.skills).toEqual(['meter', 'cable']);
  });
});

describe('territory views follow the active plan', () => {
  it('a new active plan moves cells to its grids after refreshTerritory (and on the next read without it)', async () => {
    const client = await env.db.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('UPDATE plans SET is_active = false WHERE id = $1', [env.fx.planId]);
      const { rows } = await client.query<{ id: number }>(`INSERT INTO plans (name, resolution, is_active) VALUES ('p2', 7, true) RETURNING id`);
      const p2 = rows[0].id;
      const g = await client.query<{ id: number }>(`INSERT INTO grids (plan_id, idx, name, manager_id) VALUES ($1, 0, 'all', 2) RETURNING id`, [p2]);
      await client.query('INSERT INTO grid_cells (plan_id, h3, grid_id) VALUES ($1, $2, $3)', [p2, h3.cellToParent(env.fx.cellsA[0], 7), g.rows[0].id]);
      await client.query('COMMIT');
      // no explicit refresh: the read notices the stale views
      const r = await get<{ planId: number; items: Array<{ id: number; cells: number; customers: number }> }>('/api/grids', env.cookies.planner);
      expect(r.body.planId).toBe(p2);
      const expectedCells = [...env.fx.cellsA, ...env.fx.cellsB, ...env.fx.cellsOut].filter((c) => h3.cellToParent(c, 7) === h3.cellToParent(env.fx.cellsA[0], 7));
      expect(r.body.items[0].cells).toBe(1);
      expect(r.body.items[0].customers).toBe(env.fx.customers.filter((c) => expectedCells.includes(c.h3)).length);
      const cells = await get<{ h3: string[] }>(`/api/grids/${r.body.items[0].id}/cells`, env.cookies.planner);
      expect(cells.body.h3).toEqual(expectedCells.sort());
      // manager 1 has no grid in the new plan
      expect((await get<{ items: unknown[] }>('/api/grids', env.cookies.manager1)).body.items).toEqual([]);
    } finally {
      await client.query('UPDATE plans SET is_active = false WHERE is_active');
      await client.query('UPDATE plans SET is_active = true WHERE id = $1', [env.fx.planId]);
      client.release();
      await refreshTerritory(env.db.pool);
    }
  });
});
