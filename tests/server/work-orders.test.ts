/**
 * Work-order lifecycle over HTTP: the queue (filters, SLA due times, grid and mutual aid from the active plan),
 * every legal transition with who/when stored and the crew's status following, illegal moves (409 with the
 * allowed states), stale versions, required reasons/crew/satisfaction, and the SSE events of each change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoleUsers, createTestDatabase, openSse, sessionCookie, startTestApp, type TestApp, type TestDatabase, type TestUser } from './helpers.ts';
import type { WorkOrder, WorkOrderDetail as Detail } from '../../contracts/work-orders.ts';

interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string>; allowed?: string[] };
}

let db: TestDatabase;
let app: TestApp;
let users: Record<'admin' | 'planner' | 'dispatcher' | 'manager', TestUser>;
let cookie: string;
let gridA: number;
let gridB: number;

/** A crew on shift round the clock with its depot (and position) at `at`. */
async function addCrew(id: number, skills: string[], at: [number, number]): Promise<void> {
  await db.pool.query(
    `INSERT INTO crews (id, code, name, skills, depot, shift_start, shift_end, status, position)
     VALUES ($1, $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326), '00:00', '00:00', 'available', ST_SetSRID(ST_MakePoint($5, $6), 4326))`,
    [id, `W${id}`, `班组${id}`, skills, at[0], at[1]],
  );
}

/** A new order through the API (manual entry). Points > 500 m apart unless grouping is wanted. */
async function newOrder(kind: string, priority: number, at: [number, number]): Promise<WorkOrder> {
  const r = await api(app.url, 'POST', '/api/work-orders', { cookie, body: { lng: at[0], lat: at[1], kind, priority, description: '测试' } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as WorkOrder;
}

const move = (id: number, body: Record<string, unknown>, c = cookie) => api(app.url, 'POST', `/api/work-orders/${id}/transitions`, { cookie: c, body });

async function crewStatus(id: number): Promise<string> {
  const { rows } = await db.pool.query<{ status: string }>('SELECT status::text AS status FROM crews WHERE id = $1', [id]);
  return rows[0].status;
}

async function freeCrews(): Promise<void> {
  await db.pool.query(`UPDATE work_orders SET state = 'closed' WHERE state NOT IN ('closed', 'cancelled')`);
  await db.pool.query(`UPDATE crews SET status = 'available'`);
}

let spot = 0;
/** A fresh point in grid B, each ~1.1 km from the last (no grouping). */
const nextPoint = (): [number, number] => [113.31 + 0.01 * (spot % 8), 23.11 + 0.01 * Math.floor(spot++ / 8)];

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startTestApp(db);
  users = await createRoleUsers(db.pool);
  cookie = await sessionCookie(db.pool, users.dispatcher);
  // an active plan: grid A west of 113.3, grid B east of it
  const plan = await db.pool.query<{ id: number }>(`INSERT INTO plans (name, resolution, is_active, effective_from) VALUES ('测试方案', 8, true, '2026-08-01') RETURNING id`);
  const g = await db.pool.query<{ id: number }>(
    `INSERT INTO grids (plan_id, idx, name, geom) VALUES
       ($1, 0, '网格 A', ST_Multi(ST_MakeEnvelope(113.2, 23.0, 113.3, 23.3, 4326))),
       ($1, 1, '网格 B', ST_Multi(ST_MakeEnvelope(113.3, 23.0, 113.5, 23.3, 4326)))
     RETURNING id`,
    [plan.rows[0].id],
  );
  [gridA, gridB] = g.rows.map((r) => r.id);
  await addCrew(201, ['line', 'cable', 'transformer', 'meter'], [113.25, 23.1]); // home grid A
  await addCrew(202, ['line', 'cable', 'transformer', 'meter'], [113.4, 23.1]); // home grid B
  await addCrew(203, ['meter'], [113.41, 23.1]);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('GET /api/work-orders', () => {
  it('lists open orders most urgent first with SLA due times, grid of the active plan, and filters', async () => {
    await freeCrews();
    const p3 = await newOrder('meter', 3, nextPoint());
    const p1 = await newOrder('line_damage', 1, nextPoint());
    const r = await api(app.url, 'GET', '/api/work-orders', { cookie });
    expect(r.status).toBe(200);
    const body = r.body as { items: WorkOrder[]; slaMinutes: Record<string, number>; now: string };
    expect(body.slaMinutes).toEqual({ '1': 45, '2': 90, '3': 240, '4': 1440 });
    expect(Number.isNaN(Date.parse(body.now))).toBe(false);
    const ids = body.items.map((w) => w.id);
    expect(ids.indexOf(p1.id)).toBeLessThan(ids.indexOf(p3.id));
    const one = body.items.find((w) => w.id === p1.id)!;
    expect(one).toMatchObject({ state: 'received', priority: 1, source: 'manual', gridId: gridB, gridName: '网格 B', crewId: null, mutualAid: false });
    expect(Date.parse(one.slaDueAt) - Date.parse(one.receivedAt)).toBe(45 * 60_000);
    const onlyP3 = (await api(app.url, 'GET', '/api/work-orders?priority=3', { cookie })).body as { items: WorkOrder[] };
    expect(onlyP3.items.map((w) => w.id)).toContain(p3.id);
    expect(onlyP3.items.every((w) => w.priority === 3)).toBe(true);
    const meterSkill = (await api(app.url, 'GET', '/api/work-orders?skill=meter', { cookie })).body as { items: WorkOrder[] };
    expect(meterSkill.items.map((w) => w.id)).toEqual(expect.arrayContaining([p3.id]));
    expect(meterSkill.items.map((w) => w.id)).not.toContain(p1.id);
    expect(((await api(app.url, 'GET', `/api/work-orders?gridId=${gridA}`, { cookie })).body as { items: WorkOrder[] }).items).toEqual([]);
    // closed orders are not open; state=all and explicit states show them
    await db.pool.query(`UPDATE work_orders SET state = 'closed' WHERE id = $1`, [p3.id]);
    expect(((await api(app.url, 'GET', '/api/work-orders', { cookie })).body as { items: WorkOrder[] }).items.map((w) => w.id)).not.toContain(p3.id);
    expect(((await api(app.url, 'GET', '/api/work-orders?state=closed,cancelled', { cookie })).body as { items: WorkOrder[] }).items.map((w) => w.id)).toContain(p3.id);
    const bad = await api(app.url, 'GET', '/api/work-orders?state=lost&priority=7', { cookie });
    expect(bad.status).toBe(400);
    expect(Object.keys((bad.body as ErrorBody).error.fields ?? {}).sort()).toEqual(['priority.0', 'state']);
  });

  it('managers and planners get 403; no session 401', async () => {
    expect((await api(app.url, 'GET', '/api/work-orders', { cookie: await sessionCookie(db.pool, users.manager) })).status).toBe(403);
    expect((await api(app.url, 'GET', '/api/work-orders', { cookie: await sessionCookie(db.pool, users.planner) })).status).toBe(403);
    expect((await api(app.url, 'GET', '/api/work-orders')).status).toBe(401);
  });
});

describe('POST /api/work-orders/:id/transitions', () => {
  it('walks received → assigned → en route → on site → resolved → follow-up → closed, storing who and when; the crew follows', async () => {
    await freeCrews();
    const wo = await newOrder('outage', 2, nextPoint());
    const sse = await openSse(app.url, '/api/events', cookie);
    try {
      const a = await move(wo.id, { to: 'assigned', crewId: 201, version: wo.version });
      expect(a.status, JSON.stringify(a.body)).toBe(200);
      // crew 201's home is grid A, the fault is in grid B: mutual aid
      expect(a.body).toMatchObject({ state: 'assigned', crewId: 201, crewCode: 'W201', mutualAid: true, version: wo.version + 1 });
      expect((a.body as WorkOrder).assignedAt).not.toBeNull();
      expect(await crewStatus(201)).toBe('available'); // booked, not moving yet
      expect((await move(wo.id, { to: 'en_route' })).status).toBe(200);
      expect(await crewStatus(201)).toBe('en_route');
      expect((await move(wo.id, { to: 'on_site' })).status).toBe(200);
      expect(await crewStatus(201)).toBe('on_site');
      const res = await move(wo.id, { to: 'resolved' });
      expect(res.status).toBe(200);
      expect(await crewStatus(201)).toBe('available');
      const noScore = await move(wo.id, { to: 'follow_up' });
      expect(noScore.status).toBe(400);
      expect((noScore.body as ErrorBody).error.fields).toHaveProperty('satisfaction');
      const fu = await move(wo.id, { to: 'follow_up', satisfaction: 2, complaint: true });
      expect(fu.body).toMatchObject({ state: 'follow_up', satisfaction: 2, complaint: true });
      const closed = await move(wo.id, { to: 'closed' });
      expect(closed.body).toMatchObject({ state: 'closed' });
      const c = closed.body as WorkOrder;
      for (const t of [c.assignedAt, c.enRouteAt, c.onSiteAt, c.resolvedAt, c.followUpAt, c.closedAt]) expect(t).not.toBeNull();
      // the events: created was before; each move publishes work_order.updated, the crew changes crew.updated
      // six order moves, four crew changes (the order's creation event may also arrive: it was published just before)
      const isClosed = (m: { data: unknown }): boolean => (m.data as { type: string; payload: WorkOrder }).type === 'work_order.updated' && (m.data as { payload: WorkOrder }).payload.state === 'closed';
      let msgs = await sse.waitFor(6 + 4);
      while (!msgs.some(isClosed)) msgs = await sse.waitFor(msgs.length + 1);
      const types = msgs.map((m) => (m.data as { type: string }).type);
      expect(types.filter((t) => t === 'work_order.updated').length).toBeGreaterThanOrEqual(6);
      expect(types).toContain('crew.updated');
      const last = msgs.filter((m) => (m.data as { type: string }).type === 'work_order.updated').at(-1)!.data as { payload: WorkOrder };
      expect(last.payload).toMatchObject({ id: wo.id, state: 'closed' });
    } finally {
      sse.close();
    }
    const d = (await api(app.url, 'GET', `/api/work-orders/${wo.id}`, { cookie })).body as Detail;
    expect(d.transitions.map((t) => [t.from, t.to])).toEqual([
      [null, 'received'],
      ['received', 'assigned'],
      ['assigned', 'en_route'],
      ['en_route', 'on_site'],
      ['on_site', 'resolved'],
      ['resolved', 'follow_up'],
      ['follow_up', 'closed'],
    ]);
    expect(d.transitions.slice(1).every((t) => t.user === users.dispatcher.username && !Number.isNaN(Date.parse(t.at)))).toBe(true);
    expect(d.allowed).toEqual([]);
    const { rows } = await db.pool.query<{ status: string }>('SELECT status FROM faults WHERE id = $1', [wo.faultId]);
    expect(rows[0].status).toBe('resolved');
  });

  it('unassign, escalate and cancel need a reason and free the crew; escalated goes back to assigned', async () => {
    await freeCrews();
    const wo = await newOrder('transformer', 2, nextPoint());
    expect((await move(wo.id, { to: 'assigned', crewId: 202 })).status).toBe(200);
    const noReason = await move(wo.id, { to: 'received' });
    expect(noReason.status).toBe(400);
    expect(Object.keys((noReason.body as ErrorBody).error.fields ?? {})).toEqual(['reason']);
    const un = await move(wo.id, { to: 'received', reason: '班组车辆故障' });
    expect(un.body).toMatchObject({ state: 'received', crewId: null });
    expect((await move(wo.id, { to: 'assigned', crewId: 202 })).status).toBe(200);
    expect((await move(wo.id, { to: 'en_route' })).status).toBe(200);
    expect(await crewStatus(202)).toBe('en_route');
    expect((await move(wo.id, { to: 'escalated' })).status).toBe(400);
    const esc = await move(wo.id, { to: 'escalated', reason: '需要带电作业班' });
    expect(esc.body).toMatchObject({ state: 'escalated', crewId: null });
    expect(await crewStatus(202)).toBe('available');
    const back = await move(wo.id, { to: 'assigned', crewId: 201 });
    expect(back.body).toMatchObject({ state: 'assigned', crewId: 201 });
    expect((await move(wo.id, { to: 'cancelled' })).status).toBe(400);
    const cancel = await move(wo.id, { to: 'cancelled', reason: '重复报修' });
    expect(cancel.body).toMatchObject({ state: 'cancelled' });
    const { rows } = await db.pool.query<{ status: string }>('SELECT status FROM faults WHERE id = $1', [wo.faultId]);
    expect(rows[0].status).toBe('cancelled');
    const d = (await api(app.url, 'GET', `/api/work-orders/${wo.id}`, { cookie })).body as Detail;
    expect(d.transitions.map((t) => t.reason)).toEqual(expect.arrayContaining(['班组车辆故障', '需要带电作业班', '重复报修']));
  });

  it('an illegal move is 409 illegal_transition listing the allowed states, and writes nothing', async () => {
    await freeCrews();
    const wo = await newOrder('meter', 4, nextPoint());
    const r = await move(wo.id, { to: 'on_site' });
    expect(r.status).toBe(409);
    expect((r.body as ErrorBody).error).toMatchObject({ code: 'illegal_transition', allowed: ['assigned', 'cancelled', 'escalated'] });
    const d = (await api(app.url, 'GET', `/api/work-orders/${wo.id}`, { cookie })).body as Detail;
    expect(d).toMatchObject({ state: 'received', version: wo.version, allowed: ['assigned', 'cancelled', 'escalated'] });
    expect(d.transitions).toHaveLength(1);
  });

  it('a stale version is 409 conflict; the right one passes', async () => {
    await freeCrews();
    const wo = await newOrder('meter', 4, nextPoint());
    expect((await move(wo.id, { to: 'assigned', crewId: 203, version: wo.version })).status).toBe(200);
    const stale = await move(wo.id, { to: 'en_route', version: wo.version });
    expect(stale.status).toBe(409);
    expect((stale.body as ErrorBody).error.code).toBe('conflict');
    expect((await move(wo.id, { to: 'en_route', version: wo.version + 1 })).status).toBe(200);
  });

  it('assigning checks the crew: required (400), unknown (404), booked (409), missing skill (422), off shift (409)', async () => {
    await freeCrews();
    const a = await newOrder('transformer', 2, nextPoint());
    const b = await newOrder('transformer', 2, nextPoint());
    expect(Object.keys(((await move(a.id, { to: 'assigned' })).body as ErrorBody).error.fields ?? {})).toEqual(['crewId']);
    expect((await move(a.id, { to: 'assigned', crewId: 999 })).status).toBe(404);
    const skill = await move(a.id, { to: 'assigned', crewId: 203 });
    expect(skill.status).toBe(422);
    expect((skill.body as ErrorBody).error.code).toBe('missing_skill');
    expect((await move(a.id, { to: 'assigned', crewId: 202 })).status).toBe(200);
    expect((await move(b.id, { to: 'assigned', crewId: 202 })).status).toBe(409);
    await db.pool.query(`UPDATE crews SET status = 'off_shift' WHERE id = 201`);
    try {
      expect((await move(b.id, { to: 'assigned', crewId: 201 })).status).toBe(409);
    } finally {
      await db.pool.query(`UPDATE crews SET status = 'available' WHERE id = 201`);
    }
    expect((await move(999_999, { to: 'assigned', crewId: 201 })).status).toBe(404);
    expect((await move(a.id, { to: 'flying' })).status).toBe(400);
  });

  it('two dispatchers moving one order at once with the same version: one 200, one 409', async () => {
    await freeCrews();
    const wo = await newOrder('meter', 3, nextPoint());
    const admin = await sessionCookie(db.pool, users.admin);
    const [r1, r2] = await Promise.all([move(wo.id, { to: 'assigned', crewId: 203, version: wo.version }), move(wo.id, { to: 'cancelled', reason: '重复', version: wo.version }, admin)]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
  });
});

describe('GET /api/crews', () => {
  it('lists crews with status, home grid, current order and route; a position report publishes crew.updated', async () => {
    await freeCrews();
    const wo = await newOrder('outage', 1, nextPoint());
    await move(wo.id, { to: 'assigned', crewId: 202 });
    const r = await api(app.url, 'GET', '/api/crews', { cookie });
    expect(r.status).toBe(200);
    const crews = (r.body as { items: { id: number; homeGridId: number; workOrderId: number | null; status: string; skills: string[]; route: unknown }[] }).items;
    expect(crews.find((c) => c.id === 202)).toMatchObject({ homeGridId: gridB, workOrderId: wo.id, status: 'available', route: null });
    expect(crews.find((c) => c.id === 201)).toMatchObject({ homeGridId: gridA, workOrderId: null });
    const sse = await openSse(app.url, '/api/events', cookie);
    try {
      const etaAt = new Date(Date.now() + 600_000).toISOString();
      const p = await api(app.url, 'POST', '/api/crews/202/position', { cookie, body: { lng: 113.401, lat: 23.101, headingDeg: 90, route: { coordinates: [[113.401, 23.101], [113.41, 23.11]], etaAt } } });
      expect(p.status, JSON.stringify(p.body)).toBe(200);
      expect(p.body).toMatchObject({ id: 202, lng: 113.401, lat: 23.101, headingDeg: 90, route: { etaAt } });
      // events of the assignment just before may arrive first
      const isPosition = (m: { data: unknown }): boolean => (m.data as { type: string; payload: { lng: number } }).type === 'crew.updated' && (m.data as { payload: { lng: number } }).payload.lng === 113.401;
      let msgs = await sse.waitFor(1);
      while (!msgs.some(isPosition)) msgs = await sse.waitFor(msgs.length + 1);
      expect(msgs.find(isPosition)!.data).toMatchObject({ type: 'crew.updated', payload: { id: 202, lng: 113.401, headingDeg: 90 } });
    } finally {
      sse.close();
    }
    expect((await api(app.url, 'POST', '/api/crews/999/position', { cookie, body: { lng: 113.4, lat: 23.1 } })).status).toBe(404);
    expect((await api(app.url, 'POST', '/api/crews/202/position', { cookie, body: { lng: 500 } })).status).toBe(400);
  });
});
