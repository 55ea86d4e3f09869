/**
 * Incidents: reports close in space (≤ 500 m) and time (≤ 30 min) are grouped with a probable cause location;
 * a meter fault or a far one is not; the optimizer plans one order per incident and assigning it takes the
 * others along with the same crew (one crew, not five); split and merge; incident.updated events.
 */
import { describe, expect, it } from 'vitest';
import { api, openSse, useSeededApp } from './helpers.ts';
import type { Incident } from '../../contracts/dispatch.ts';
import type { WorkOrder } from '../../contracts/work-orders.ts';

// a 4 × 4 road grid ~1 km apart so that proposals have travel times
const env = useSeededApp({
  roadGrid: 4,
  seed: async ({ db }) => {
    for (const [id, lng] of [
      [301, 113.3],
      [302, 113.33],
    ] as const) {
      await db.pool.query(
        `INSERT INTO crews (id, code, name, skills, depot, shift_start, shift_end, status, position)
         VALUES ($1, $2, '班组', '{line,cable,transformer,meter}', ST_SetSRID(ST_MakePoint($3, 23.1), 4326), '00:00', '00:00', 'available', ST_SetSRID(ST_MakePoint($3, 23.1), 4326))`,
        [id, `I${id}`, lng],
      );
    }
  },
});

const order = async (kind: string, priority: number, lng: number, lat: number): Promise<WorkOrder> => {
  const r = await api(env.app.url, 'POST', '/api/work-orders', { cookie: env.cookie, body: { lng, lat, kind, priority } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as WorkOrder;
};
const get = async (id: number): Promise<WorkOrder> => (await api(env.app.url, 'GET', `/api/work-orders/${id}`, { cookie: env.cookie })).body as WorkOrder;
const incidents = async (state = 'open'): Promise<Incident[]> => ((await api(env.app.url, 'GET', `/api/incidents?state=${state}`, { cookie: env.cookie })).body as { items: Incident[] }).items;

async function clearOpen(): Promise<void> {
  await env.db.pool.query(`UPDATE work_orders SET state = 'closed' WHERE state NOT IN ('closed', 'cancelled')`);
  await env.db.pool.query(`UPDATE faults SET status = 'resolved' WHERE status IN ('open', 'assigned')`);
  await env.db.pool.query(`UPDATE incidents SET state = 'closed'`);
  await env.db.pool.query(`UPDATE crews SET status = 'available'`);
}

describe('grouping', () => {
  it('three outage calls within 500 m and minutes form one incident with a probable cause; a far one and a meter fault do not', async () => {
    await clearOpen();
    const sse = await openSse(env.app.url, '/api/events', env.cookie);
    try {
      const a = await order('outage', 2, 113.31, 23.11);
      const b = await order('outage', 3, 113.312, 23.111); // ~230 m from a
      const c = await order('low_voltage', 1, 113.311, 23.113); // ~340 m from a
      const far = await order('outage', 2, 113.33, 23.13); // ~3 km away
      const meter = await order('meter', 4, 113.3105, 23.1105);
      const list = await incidents();
      expect(list).toHaveLength(1);
      const inc = list[0];
      expect(inc.workOrderIds).toEqual([a.id, b.id, c.id]);
      expect(inc).toMatchObject({ faultCount: 3, priority: 1, state: 'open' });
      // the weighted centre lies among the three calls (P1 weighs most)
      expect(inc.lng).toBeGreaterThan(113.31);
      expect(inc.lng).toBeLessThan(113.312);
      expect(inc.lat).toBeGreaterThan(23.11);
      expect(inc.lat).toBeLessThan(23.113);
      expect(inc.radiusM).toBeGreaterThan(50);
      expect(inc.radiusM).toBeLessThan(400);
      expect((await get(far.id)).incidentId).toBeNull();
      expect((await get(meter.id)).incidentId).toBeNull();
      expect((await get(a.id)).incidentId).toBe(inc.id);
      const msgs = await sse.waitFor(7);
      expect(msgs.some((m) => (m.data as { type: string; payload: Incident }).type === 'incident.updated' && (m.data as { payload: Incident }).payload.faultCount === 3)).toBe(true);
    } finally {
      sse.close();
    }
  });

  it('a report older than the window does not group', async () => {
    await clearOpen();
    const old = await order('outage', 2, 113.32, 23.12);
    await env.db.pool.query(`UPDATE work_orders SET received_at = now() - interval '45 minutes' WHERE id = $1`, [old.id]);
    const fresh = await order('outage', 2, 113.3201, 23.1201);
    expect((await get(fresh.id)).incidentId).toBeNull();
  });

  it('one crew per incident: the proposal plans one order; applying it assigns the others to the same crew, and they move on together', async () => {
    await clearOpen();
    const a = await order('outage', 2, 113.31, 23.12);
    const b = await order('outage', 2, 113.311, 23.1205);
    const p = await api(env.app.url, 'POST', '/api/dispatch/proposals', { cookie: env.cookie, body: { geometry: false } });
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    const assignments = (p.body as { assignments: { workOrderId: number; crewId: number }[] }).assignments;
    expect(assignments.map((x) => x.workOrderId)).toEqual([a.id]);
    const applied = await api(env.app.url, 'POST', '/api/dispatch/apply', { cookie: env.cookie, body: { proposalId: (p.body as { proposalId: number }).proposalId } });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    const crew = assignments[0].crewId;
    expect(await get(b.id)).toMatchObject({ state: 'assigned', crewId: crew });
    expect((await api(env.app.url, 'POST', `/api/work-orders/${a.id}/transitions`, { cookie: env.cookie, body: { to: 'en_route' } })).status).toBe(200);
    expect(await get(b.id)).toMatchObject({ state: 'en_route', crewId: crew });
    // a third call while the crew is on its way joins and goes with it
    const c = await order('outage', 3, 113.3105, 23.1195);
    expect(await get(c.id)).toMatchObject({ state: 'en_route', crewId: crew, incidentId: (await get(a.id)).incidentId });
    await api(env.app.url, 'POST', `/api/work-orders/${a.id}/transitions`, { cookie: env.cookie, body: { to: 'on_site' } });
    await api(env.app.url, 'POST', `/api/work-orders/${a.id}/transitions`, { cookie: env.cookie, body: { to: 'resolved' } });
    for (const id of [b.id, c.id]) expect((await get(id)).state).toBe('resolved');
    const { rows } = await env.db.pool.query<{ status: string }>('SELECT status::text AS status FROM crews WHERE id = $1', [crew]);
    expect(rows[0].status).toBe('available');
    // every member resolved: the incident is closed
    expect(await incidents()).toEqual([]);
  });
});

describe('split and merge', () => {
  it('splits orders into a new incident and merges incidents back; 400/404/409 for bad input', async () => {
    await clearOpen();
    const a = await order('outage', 2, 113.32, 23.11);
    const b = await order('outage', 2, 113.3205, 23.1102);
    const c = await order('outage', 1, 113.321, 23.1104);
    const [inc] = await incidents();
    expect(inc.workOrderIds).toEqual([a.id, b.id, c.id]);
    const split = await api(env.app.url, 'POST', `/api/incidents/${inc.id}/split`, { cookie: env.cookie, body: { workOrderIds: [c.id] } });
    expect(split.status, JSON.stringify(split.body)).toBe(200);
    const [left, right] = (split.body as { incidents: [Incident, Incident] }).incidents;
    expect(left).toMatchObject({ id: inc.id, workOrderIds: [a.id, b.id], priority: 2 });
    expect(right).toMatchObject({ workOrderIds: [c.id], priority: 1, state: 'open' });
    expect(right.lng).toBeCloseTo(113.321, 6);
    expect((await get(c.id)).incidentId).toBe(right.id);

    const notMember = await api(env.app.url, 'POST', `/api/incidents/${inc.id}/split`, { cookie: env.cookie, body: { workOrderIds: [c.id] } });
    expect(notMember.status).toBe(400);
    expect((notMember.body as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty('workOrderIds');
    expect((await api(env.app.url, 'POST', `/api/incidents/${inc.id}/split`, { cookie: env.cookie, body: { workOrderIds: [a.id, b.id] } })).status).toBe(400);
    expect((await api(env.app.url, 'POST', '/api/incidents/999999/split', { cookie: env.cookie, body: { workOrderIds: [a.id] } })).status).toBe(404);

    const merged = await api(env.app.url, 'POST', '/api/incidents/merge', { cookie: env.cookie, body: { ids: [right.id, inc.id] } });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body).toMatchObject({ id: inc.id, workOrderIds: [a.id, b.id, c.id], faultCount: 3, priority: 1, state: 'open' });
    expect((await incidents()).map((i) => i.id)).toEqual([inc.id]);
    expect((await incidents('closed')).map((i) => i.id)).toContain(right.id);
    expect((await api(env.app.url, 'POST', '/api/incidents/merge', { cookie: env.cookie, body: { ids: [inc.id, right.id] } })).status).toBe(409);
    expect((await api(env.app.url, 'POST', '/api/incidents/merge', { cookie: env.cookie, body: { ids: [inc.id] } })).status).toBe(400);
    expect((await api(env.app.url, 'POST', '/api/incidents/merge', { cookie: env.cookie, body: { ids: [inc.id, inc.id] } })).status).toBe(400);
  });
});
