/**
 * Dispatch endpoints over a small grid road network (6 × 6 nodes, ~1 km apart): proposals with road ETAs and
 * explanations, apply (proposal and manual) with its writes, double-booking conflicts (also two applies at
 * once), skills (422, nothing written), reassignment, roles, and 503 without a road network.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRoutingData, Router, type LngLat } from '../../geo/routing/index.ts';
import { NetworkBuilder } from '../../geo/routing/network.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { RoadNetworkService, ServiceArea } from '../../server/services/road-network.ts';
import { api, createRoleUsers, openSse, createTestDatabase, serveWithRoads, sessionCookie, startTestApp, type TestDatabase, type TestServer, type TestUser } from './helpers.ts';

interface ProposalBody {
  proposalId: number;
  assignments: { faultId: number; workOrderId: number; crewId: number; eta: string; etaSeconds: number; explanation: { alternatives: unknown[]; betterEtaNotChosen: unknown[] } }[];
  unassigned: { faultId: number; reason: string }[];
  routes: { crewId: number; stops: { faultId: number | null }[]; geometry: { type: string; coordinates: LngLat[] } | null }[];
  summary: { served: number; unserved: number };
}
interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string>; crewId?: number; workOrderId?: number };
}

let db: TestDatabase;
let app: { url: string; close(): Promise<void> };
let router: Router;
let users: Record<'admin' | 'planner' | 'dispatcher' | 'manager', TestUser>;
let dispatcher: string;

const LNG0 = 113.3;
const LAT0 = 23.1;
/** Grid node (i, j) → [lng, lat]. */
const node = (i: number, j: number): LngLat => [LNG0 + 0.01 * i, LAT0 + 0.01 * j];

/** Serves the app with the given road network service (the helpers' app has none). */
const serve = (config: Config, svc: RoadNetworkService): Promise<TestServer> => serveWithRoads(db, config, svc, 5);

/** A crew on shift round the clock, at `at` (position and depot). */
async function addCrew(id: number, skills: string[], at: LngLat): Promise<void> {
  await db.pool.query(
    `INSERT INTO crews (id, code, name, skills, depot, shift_start, shift_end, status, position)
     VALUES ($1, $2, $3, $4, ST_SetSRID(ST_MakePoint($5, $6), 4326), '00:00', '00:00', 'available', ST_SetSRID(ST_MakePoint($5, $6), 4326))`,
    [id, `T${id}`, `测试班${id}`, skills, at[0], at[1]],
  );
}

/** An open fault with its received work order; resolves to both ids. */
async function addFault(kind: string, priority: number, at: LngLat): Promise<{ faultId: number; workOrderId: number }> {
  const f = await db.pool.query<{ id: string }>(
    `INSERT INTO faults (reported_at, kind, priority, status, source, h3, geom)
     VALUES (now() - interval '5 minutes', $1, $2, 'open', 'manual', '89411c0000fffff', ST_SetSRID(ST_MakePoint($3, $4), 4326)) RETURNING id`,
    [kind, priority, at[0], at[1]],
  );
  const w = await db.pool.query<{ id: string }>(
    `INSERT INTO work_orders (fault_id, state, priority, h3, received_at) VALUES ($1, 'received', $2, '89411c0000fffff', now() - interval '4 minutes') RETURNING id`,
    [f.rows[0].id, priority],
  );
  return { faultId: Number(f.rows[0].id), workOrderId: Number(w.rows[0].id) };
}

async function orderState(workOrderId: number): Promise<{ state: string; crew_id: number | null; transitions: number; fault_status: string }> {
  const { rows } = await db.pool.query<{ state: string; crew_id: number | null; transitions: number; fault_status: string }>(
    `SELECT w.state::text AS state, w.crew_id, f.status AS fault_status,
            (SELECT count(*)::int FROM work_order_transitions t WHERE t.work_order_id = w.id) AS transitions
       FROM work_orders w JOIN faults f ON f.id = w.fault_id WHERE w.id = $1`,
    [workOrderId],
  );
  return rows[0];
}

/** Closes every open order (so each test starts with free crews and no open faults of earlier tests). */
async function clearOpen(): Promise<void> {
  await db.pool.query(`UPDATE work_orders SET state = 'closed', closed_at = now() WHERE state NOT IN ('closed', 'cancelled')`);
  await db.pool.query(`UPDATE faults SET status = 'resolved' WHERE status IN ('open', 'assigned')`);
}

beforeAll(async () => {
  db = await createTestDatabase();
  const b = new NetworkBuilder();
  const ids: number[][] = [];
  for (let i = 0; i < 6; i++) {
    ids.push([]);
    for (let j = 0; j < 6; j++) ids[i].push(b.addNode(...node(i, j)));
  }
  for (let i = 0; i < 6; i++) {
    for (let j = 0; j < 6; j++) {
      if (i + 1 < 6) b.addEdge({ source: ids[i][j], target: ids[i + 1][j], dir: 3, speedKmh: 30, roadClass: 'secondary', name: `东西${j}路`, synthetic: true });
      if (j + 1 < 6) b.addEdge({ source: ids[i][j], target: ids[i][j + 1], dir: 3, speedKmh: 30, roadClass: 'secondary', name: `南北${i}路`, synthetic: true });
    }
  }
  const net = b.build();
  router = new Router(buildRoutingData(net).data);
  const svc = new RoadNetworkService();
  svc.router = router;
  svc.area = ServiceArea.fromNetwork(net);
  svc.state = 'ready';
  app = await serve({ ...loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url }), demo: false }, svc);
  users = await createRoleUsers(db.pool);
  dispatcher = await sessionCookie(db.pool, users.dispatcher);
  await addCrew(101, ['transformer'], node(0, 0));
  await addCrew(102, ['line', 'cable'], node(5, 5));
  await addCrew(103, ['cable'], node(3, 3));
  await addCrew(104, ['transformer', 'line'], node(0, 5));
  await db.pool.query(`INSERT INTO crews (id, code, name, skills, depot, shift_start, shift_end, status, position)
    VALUES (105, 'T105', '下班班组', '{transformer,line,cable,meter}', ST_SetSRID(ST_MakePoint(113.31, 23.1), 4326), '00:00', '00:00', 'off_shift', ST_SetSRID(ST_MakePoint(113.31, 23.1), 4326))`);
}, 120_000);

afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('POST /api/dispatch/proposals', () => {
  it('assigns each fault to a skilled crew with road ETAs and explanations; a fault no crew can take is unassigned with the reason', async () => {
    await clearOpen();
    const tr = await addFault('transformer', 1, node(1, 0));
    const out = await addFault('outage', 2, node(4, 5));
    const meter = await addFault('meter', 3, node(2, 2));
    const r = await api(app.url, 'POST', '/api/dispatch/proposals', { cookie: dispatcher });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const p = r.body as ProposalBody;
    expect(p.proposalId).toBeGreaterThan(0);
    const byFault = new Map(p.assignments.map((a) => [a.faultId, a]));
    // transformer: 101 (transformer) or 104 (transformer, line); 101 is one block away, 104 five
    expect(byFault.get(tr.faultId)?.crewId).toBe(101);
    expect(byFault.get(tr.faultId)?.workOrderId).toBe(tr.workOrderId);
    // outage needs line or cable: 102 is one block away (103 cable is four, 104 line four)
    expect(byFault.get(out.faultId)?.crewId).toBe(102);
    // the ETA is the road travel time from the crew's position (the job starts on arrival)
    const expected = router.matrix([node(0, 0)], [node(1, 0)], { depart: new Date() }).durations[0][0]!;
    const a = byFault.get(tr.faultId)!;
    expect(Math.abs(a.etaSeconds - Math.round(expected))).toBeLessThanOrEqual(1);
    expect(Number.isNaN(Date.parse(a.eta))).toBe(false);
    expect(a.explanation.alternatives.length).toBeGreaterThan(0);
    // nobody has the meter skill (105 has it but is off shift)
    expect(byFault.has(meter.faultId)).toBe(false);
    expect(p.unassigned).toContainEqual(expect.objectContaining({ faultId: meter.faultId, reason: 'no_skill' }));
    expect(p.summary).toMatchObject({ served: 2, unserved: 1 });
    const route = p.routes.find((x) => x.crewId === 101)!;
    expect(route.stops.map((s) => s.faultId)).toEqual([tr.faultId]);
    // road geometry from the crew along 东西0路 to the fault
    expect(route.geometry?.type).toBe('LineString');
    expect(route.geometry!.coordinates[0]).toEqual(node(0, 0));
    expect(route.geometry!.coordinates.at(-1)).toEqual(node(1, 0));
    const light = (await api(app.url, 'POST', '/api/dispatch/proposals', { cookie: dispatcher, body: { geometry: false } })).body as ProposalBody;
    expect(light.routes.every((x) => x.geometry === null)).toBe(true);
    const { rows } = await db.pool.query<{ created_by: number }>('SELECT created_by FROM dispatch_proposals WHERE id = $1', [p.proposalId]);
    expect(rows[0].created_by).toBe(users.dispatcher.id);
  });

  it('a crew with an order under way keeps it (frozen first stop) and gets new work only after it; applying that proposal is accepted', async () => {
    await clearOpen();
    const under = await addFault('transformer', 2, node(2, 0));
    await db.pool.query(`UPDATE work_orders SET state = 'en_route', crew_id = 101, assigned_at = now() WHERE id = $1`, [under.workOrderId]);
    await db.pool.query(`UPDATE faults SET status = 'assigned' WHERE id = $1`, [under.faultId]);
    const next = await addFault('transformer', 3, node(3, 0));
    await db.pool.query(`UPDATE crews SET status = 'off_shift' WHERE id = 104`);
    try {
      const p = (await api(app.url, 'POST', '/api/dispatch/proposals', { cookie: dispatcher })).body as ProposalBody;
      const a = p.assignments.find((x) => x.faultId === next.faultId);
      expect(a?.crewId).toBe(101);
      // after the 200 min transformer repair of the order under way
      expect(a!.etaSeconds).toBeGreaterThan(200 * 60);
      const route = p.routes.find((r) => r.crewId === 101) as unknown as { stops: { workOrderId: number; underWay: boolean }[] };
      expect(route.stops.map((s) => [s.workOrderId, s.underWay])).toEqual([
        [under.workOrderId, true],
        [next.workOrderId, false],
      ]);
      const r = await api(app.url, 'POST', '/api/dispatch/apply', { cookie: dispatcher, body: { proposalId: p.proposalId } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(await orderState(next.workOrderId)).toMatchObject({ state: 'assigned', crew_id: 101 });
      expect(await orderState(under.workOrderId)).toMatchObject({ state: 'en_route', crew_id: 101 });
    } finally {
      await db.pool.query(`UPDATE crews SET status = 'available' WHERE id = 104`);
    }
  });

  it('with no crew on shift every fault comes back unassigned (outside_shift)', async () => {
    await clearOpen();
    const f = await addFault('transformer', 2, node(2, 2));
    const { rows } = await db.pool.query<{ id: number; status: string }>(`SELECT id, status::text FROM crews`);
    await db.pool.query(`UPDATE crews SET status = 'off_shift'`);
    try {
      const r = await api(app.url, 'POST', '/api/dispatch/proposals', { cookie: dispatcher });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const p = r.body as ProposalBody;
      expect(p.assignments).toEqual([]);
      expect(p.unassigned).toEqual([expect.objectContaining({ faultId: f.faultId, reason: 'outside_shift' })]);
    } finally {
      for (const c of rows) await db.pool.query(`UPDATE crews SET status = $2::crew_status WHERE id = $1`, [c.id, c.status]);
    }
  });

  it('answers 503 naming the cause when the server has no road network (no straight-line fallback)', async () => {
    const bare = await startTestApp(db);
    try {
      const r = await api(bare.url, 'POST', '/api/dispatch/proposals', { cookie: dispatcher });
      expect(r.status).toBe(503);
      expect((r.body as ErrorBody).error.message).toMatch(/road network/);
    } finally {
      await bare.close();
    }
  });
});

describe('POST /api/dispatch/apply', () => {
  it('applies part of a proposal: states, transition, fault status, audit log and event; applying again is 409', async () => {
    await clearOpen();
    const tr = await addFault('transformer', 1, node(1, 0));
    const out = await addFault('outage', 2, node(4, 5));
    const p = (await api(app.url, 'POST', '/api/dispatch/proposals', { cookie: dispatcher })).body as ProposalBody;
    const sse = await openSse(app.url, '/api/events', await sessionCookie(db.pool, users.manager));
    let r: Awaited<ReturnType<typeof api>>;
    try {
      r = await api(app.url, 'POST', '/api/dispatch/apply', { cookie: dispatcher, body: { proposalId: p.proposalId, faultIds: [tr.faultId] } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      // the event reaches live SSE clients once the transaction commits
      const [msg] = await sse.waitFor(1);
      expect(msg.data).toMatchObject({ type: 'dispatch.applied', payload: { proposalId: p.proposalId, assignments: [{ workOrderId: tr.workOrderId, crewId: 101 }] } });
      expect(msg.id).toBe(String((r.body as { eventId: number }).eventId));
    } finally {
      sse.close();
    }
    expect((r.body as { applied: unknown[] }).applied).toEqual([{ workOrderId: tr.workOrderId, faultId: tr.faultId, crewId: 101 }]);
    expect(await orderState(tr.workOrderId)).toEqual({ state: 'assigned', crew_id: 101, transitions: 1, fault_status: 'assigned' });
    // the other fault of the proposal was not applied
    expect(await orderState(out.workOrderId)).toMatchObject({ state: 'received', crew_id: null, transitions: 0, fault_status: 'open' });
    const t = await db.pool.query<{ from_state: string; to_state: string; reason: string; user_id: number }>(
      'SELECT from_state::text, to_state::text, reason, user_id FROM work_order_transitions WHERE work_order_id = $1',
      [tr.workOrderId],
    );
    expect(t.rows[0]).toEqual({ from_state: 'received', to_state: 'assigned', reason: `proposal ${p.proposalId}`, user_id: users.dispatcher.id });
    const audit = await db.pool.query<{ user_id: number; details: { followedProposal: boolean; proposalId: number } }>(
      `SELECT user_id, details FROM audit_log WHERE action = 'dispatch.apply' AND entity_id = $1`,
      [String(p.proposalId)],
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]).toMatchObject({ user_id: users.dispatcher.id, details: { followedProposal: true, proposalId: p.proposalId } });
    const ev = await db.pool.query<{ payload: { proposalId: number; assignments: { workOrderId: number }[] } }>(
      `SELECT payload FROM events WHERE type = 'dispatch.applied' AND id = $1`,
      [(r.body as { eventId: number }).eventId],
    );
    expect(ev.rows[0].payload.proposalId).toBe(p.proposalId);
    expect(ev.rows[0].payload.assignments.map((x) => x.workOrderId)).toEqual([tr.workOrderId]);

    const again = await api(app.url, 'POST', '/api/dispatch/apply', { cookie: dispatcher, body: { proposalId: p.proposalId, faultIds: [tr.faultId] } });
    expect(again.status).toBe(409);
    expect((again.body as ErrorBody).error).toMatchObject({ code: 'conflict', workOrderId: tr.workOrderId });
    expect((await orderState(tr.workOrderId)).transitions).toBe(1);
  });

  it('refuses a proposal whose crew was booked after it was made (409 naming the crew)', async () => {
    await clearOpen();
    const tr = await addFault('transformer', 1, node(1, 0));
    const other = await addFault('transformer', 3, node(0, 1));
    const p = (await api(app.url, 'POST', '/api/dispatch/proposals', { cookie: dispatcher })).body as ProposalBody;
    const crew = p.assignments.find((a) => a.faultId === tr.faultId)!.crewId;
    // a second dispatcher gives `other` to that crew by hand first
    const manual = await api(app.url, 'POST', '/api/dispatch/apply', { cookie: dispatcher, body: { assignments: [{ workOrderId: other.workOrderId, crewId: crew }] } });
    expect(manual.status, JSON.stringify(manual.body)).toBe(200);
    const r = await api(app.url, 'POST', '/api/dispatch/apply', { cookie: dispatcher, body: { proposalId: p.proposalId, faultIds: [tr.faultId] } });
    expect(r.status).toBe(409);
    expect((r.body as ErrorBody).error).toMatchObject({ crewId: crew });
    expect(await orderState(tr.workOrderId)).toMatchObject({ state: 'received', transitions: 0 });
  });

  it('an expired proposal is 409 and writes nothing', async () => {
    await clearOpen();
    const tr = await addFault('transformer', 1, node(1, 0));
    const p = (await api(app.url, 'POST', '/api/dispatch/proposals', { cookie: dispatcher, body: { geometry: false } })).body as ProposalBody;
    expect(p.assignments.map((a) => a.faultId)).toContain(tr.faultId);
    await db.pool.query(`UPDATE dispatch_proposals SET created_at = now() - interval '1 hour', expires_at = now() - interval '1 minute' WHERE id = $1`, [p.proposalId]);
    const r = await api(app.url, 'POST', '/api/dispatch/apply', { cookie: dispatcher, body: { proposalId: p.proposalId } });
    expect(r.status).toBe(409);
    expect((r.body as ErrorBody).error.message).toMatch(/expired/);
    expect(await orderState(tr.workOrderId)).toMatchObject({ state: 'received', transitions: 0 });
  });

  it('two applies for the same crew at once: exactly one 200 and one 409', async () => {
    await clearOpen();
    const a = await addFault('line_damage', 2, node(5, 4));
    const b = await addFault('line_damage', 2, node(4, 4));
    const admin = await sessionCookie(db.pool, users.admin);
    const [r1, r2] = await Promise.all([
      api(app.url, 'POST', '/api/dispatch/apply', { cookie: dispatcher, body: { assignments: [{ workOrderId: a.workOrderId, crewId: 102 }] } }),
      api(app.url, 'POST', '/api/dispatch/apply', { cookie: admin, body: { assignments: [{ workOrderId: b.workOrderId, crewId: 102 }] } }),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
    const loser = r1.status === 409 ? r1 : r2;
    expect((loser.body as ErrorBody).error).toMatchObject({ code: 'conflict', crewId: 102 });
    const states = [await orderState(a.workOrderId), await orderState(b.workOrderId)];
    expect(states.filter((s) => s.state === 'assigned' && s.crew_id === 102)).toHaveLength(1);
    expect(states.filter((s) => s.state === 'received' && s.transitions === 0)).toHaveLength(1);
  });

  it('a manual assignment to a crew without the skill is 422 naming the field, and writes nothing', async () => {
    await clearOpen();
    const tr = await addFault('transformer', 2, node(3, 2));
    const before = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'dispatch.apply'`);
    const r = await api(app.url, 'POST', '/api/dispatch/apply', { cookie: dispatcher, body: { assignments: [{ workOrderId: tr.workOrderId, crewId: 103 }] } });
    expect(r.status).toBe(422);
    const err = (r.body as ErrorBody).error;
    expect(err.code).toBe('missing_skill');
    expect(Object.keys(err.fields ?? {})).toEqual(['assignments.0.crewId']);
    expect(await orderState(tr.workOrderId)).toEqual({ state: 'received', crew_id: null, transitions: 0, fault_status: 'open' });
    const after = await db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'dispatch.apply'`);
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('a manual assignment records who and that it did not follow a proposal', async () => {
    await clearOpen();
    const f = await addFault('meter', 4, node(2, 3));
    await db.pool.query(`UPDATE crews SET skills = '{cable,meter}' WHERE id = 103`);
    try {
      const r = await api(app.url, 'POST', '/api/dispatch/apply', { cookie: dispatcher, body: { assignments: [{ workOrderId: f.workOrderId, crewId: 103 }], reason: '客户预约' } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const audit = await db.pool.query<{ user_id: number; details: { followedProposal: boolean } }>(
        `SELECT user_id, details FROM audit_log WHERE action = 'dispatch.apply' AND entity_id = $1`,
        [String(f.workOrderId)],
      );
      expect(audit.rows[0]).toMatchObject({ user_id: users.dispatcher.id, details: { followedProposal: false } });
      const t = await db.pool.query<{ reason: string }>('SELECT reason FROM work_order_transitions WHERE work_order_id = $1', [f.workOrderId]);
      expect(t.rows[0].reason).toBe('manual: 客户预约');
    } finally {
      await db.pool.query(`UPDATE crews SET skills = '{cable}' WHERE id = 103`);
    }
  });

  it('400 names the bad fields, 404 for an unknown proposal, order or crew, 409 for an off-shift crew or an order listed twice', async () => {
    await clearOpen();
    const f = await addFault('transformer', 2, node(1, 1));
    const bad = await api(app.url, 'POST', '/api/dispatch/apply', { cookie: dispatcher, body: { assignments: [{ workOrderId: 'x', crewId: -1 }] } });
    expect(bad.status).toBe(400);
    expect(Object.keys((bad.body as ErrorBody).error.fields ?? {}).sort()).toEqual(['assignments.0.crewId', 'assignments.0.workOrderId']);
    const neither = await api(app.url, 'POST', '/api/dispatch/apply', { cookie: dispatcher, body: {} });
    expect(neither.status).toBe(400);
    expect((neither.body as ErrorBody).error.fields).toHaveProperty('proposalId');
    expect((await api(app.url, 'POST', '/api/dispatch/apply', { cookie: dispatcher, body: { proposalId: 999_999 } })).status).toBe(404);
    expect((await api(app.url, 'POST', '/api/dispatch/apply', { cookie: dispatcher, body: { assignments: [{ workOrderId: f.workOrderId, crewId: 999 }] } })).status).toBe(404);
    expect((await api(app.url, 'POST', '/api/dispatch/apply', { cookie: dispatcher, body: { assignments: [{ workOrderId: 99_999_999, crewId: 101 }] } })).status).toBe(404);
    const off = await api(app.url, 'POST', '/api/dispatch/apply', { cookie: dispatcher, body: { assignments: [{ workOrderId: f.workOrderId, crewId: 105 }] } });
    expect(off.status).toBe(409);
    const twice = await api(app.url, 'POST', '/api/dispatch/apply', {
      cookie: dispatcher,
      body: { assignments: [{ workOrderId: f.workOrderId, crewId: 101 }, { workOrderId: f.workOrderId, crewId: 104 }] },
    });
    expect(twice.status).toBe(409);
    expect((twice.body as ErrorBody).error.workOrderId).toBe(f.workOrderId);
    expect(await orderState(f.workOrderId)).toMatchObject({ state: 'received', transitions: 0 });
  });
});

describe('POST /api/dispatch/reassign', () => {
  it('moves an assigned order to a free skilled crew with a reason; a booked crew is 409, a crew without the skill 422', async () => {
    await clearOpen();
    const f = await addFault('transformer', 2, node(0, 2));
    const busy = await addFault('line_damage', 3, node(5, 3));
    expect((await api(app.url, 'POST', '/api/dispatch/apply', { cookie: dispatcher, body: { assignments: [{ workOrderId: f.workOrderId, crewId: 101 }, { workOrderId: busy.workOrderId, crewId: 102 }] } })).status).toBe(200);
    const toBusy = await api(app.url, 'POST', '/api/dispatch/reassign', { cookie: dispatcher, body: { workOrderId: f.workOrderId, crewId: 102, reason: '车辆故障' } });
    expect(toBusy.status).toBe(409);
    const noSkill = await api(app.url, 'POST', '/api/dispatch/reassign', { cookie: dispatcher, body: { workOrderId: f.workOrderId, crewId: 103, reason: '车辆故障' } });
    expect(noSkill.status).toBe(422);
    expect((noSkill.body as ErrorBody).error.fields).toHaveProperty('crewId');
    const noReason = await api(app.url, 'POST', '/api/dispatch/reassign', { cookie: dispatcher, body: { workOrderId: f.workOrderId, crewId: 104 } });
    expect(noReason.status).toBe(400);
    expect((noReason.body as ErrorBody).error.fields).toHaveProperty('reason');
    const ok = await api(app.url, 'POST', '/api/dispatch/reassign', { cookie: dispatcher, body: { workOrderId: f.workOrderId, crewId: 104, reason: '车辆故障' } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(await orderState(f.workOrderId)).toMatchObject({ state: 'assigned', crew_id: 104, transitions: 2 });
    const t = await db.pool.query<{ from_state: string; reason: string }>(
      'SELECT from_state::text, reason FROM work_order_transitions WHERE work_order_id = $1 ORDER BY id DESC LIMIT 1',
      [f.workOrderId],
    );
    expect(t.rows[0]).toEqual({ from_state: 'assigned', reason: 'reassigned from crew 101: 车辆故障' });
    const audit = await db.pool.query<{ details: { fromCrewId: number; toCrewId: number } }>(`SELECT details FROM audit_log WHERE action = 'dispatch.reassign' AND entity_id = $1`, [String(f.workOrderId)]);
    expect(audit.rows[0].details).toMatchObject({ fromCrewId: 101, toCrewId: 104 });
    // a received order is not reassigned (apply is the way)
    const fresh = await addFault('transformer', 2, node(1, 2));
    expect((await api(app.url, 'POST', '/api/dispatch/reassign', { cookie: dispatcher, body: { workOrderId: fresh.workOrderId, crewId: 101, reason: 'x' } })).status).toBe(409);
  });
});

describe('live events', () => {
  it('apply and reassign publish work_order.updated with the order and crew.updated for the crews involved', async () => {
    await clearOpen();
    const f = await addFault('transformer', 2, node(2, 1));
    const sse = await openSse(app.url, '/api/events', dispatcher);
    try {
      expect((await api(app.url, 'POST', '/api/dispatch/apply', { cookie: dispatcher, body: { assignments: [{ workOrderId: f.workOrderId, crewId: 101 }] } })).status).toBe(200);
      expect((await api(app.url, 'POST', '/api/dispatch/reassign', { cookie: dispatcher, body: { workOrderId: f.workOrderId, crewId: 104, reason: '就近' } })).status).toBe(200);
      const want = (m: { data: unknown }, type: string, p: (x: Record<string, unknown>) => boolean): boolean => (m.data as { type: string }).type === type && p((m.data as { payload: Record<string, unknown> }).payload);
      const done = (ms: { data: unknown }[]): boolean => ms.some((m) => want(m, 'work_order.updated', (x) => x.id === f.workOrderId && x.crewId === 104));
      let msgs = await sse.waitFor(1);
      while (!done(msgs)) msgs = await sse.waitFor(msgs.length + 1);
      const types = msgs.map((m) => (m.data as { type: string }).type);
      expect(types).toEqual(expect.arrayContaining(['dispatch.applied', 'dispatch.reassigned']));
      expect(msgs.some((m) => want(m, 'work_order.updated', (x) => x.id === f.workOrderId && x.crewId === 101 && x.state === 'assigned'))).toBe(true);
      // both crews of the reassignment are republished (the old one is free again)
      for (const id of [101, 104]) expect(msgs.some((m) => want(m, 'crew.updated', (x) => x.id === id))).toBe(true);
      const last101 = msgs.filter((m) => want(m, 'crew.updated', (x) => x.id === 101)).at(-1)!.data as { payload: { workOrderId: number | null } };
      expect(last101.payload.workOrderId).toBeNull();
    } finally {
      sse.close();
    }
  });
});

describe('roles', () => {
  it.each(['manager', 'planner'] as const)('%s may not dispatch (403) and nothing is written', async (role) => {
    await clearOpen();
    const f = await addFault('transformer', 2, node(0, 3));
    const cookie = await sessionCookie(db.pool, users[role]);
    expect((await api(app.url, 'POST', '/api/dispatch/proposals', { cookie })).status).toBe(403);
    expect((await api(app.url, 'POST', '/api/dispatch/apply', { cookie, body: { assignments: [{ workOrderId: f.workOrderId, crewId: 101 }] } })).status).toBe(403);
    expect((await api(app.url, 'POST', '/api/dispatch/reassign', { cookie, body: { workOrderId: f.workOrderId, crewId: 101, reason: 'x' } })).status).toBe(403);
    expect(await orderState(f.workOrderId)).toMatchObject({ state: 'received', transitions: 0 });
  });
});
