/**
 * Public customer reports and places: no login needed, ticket and status page without personal data, the
 * per-IP rate limit (429 with Retry-After, counted in PostgreSQL so a second server process shares it),
 * validation (400 naming the field, 422 outside the service area or for an unknown address) and nothing
 * half-written when a report is refused. Nothing else becomes reachable without login.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createRoleUsers, createTestDatabase, openSse, sessionCookie, startTestApp, type TestApp, type TestDatabase } from './helpers.ts';

interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
}

let db: TestDatabase;
let app: TestApp;
let second: TestApp;

const INSIDE: [number, number] = [113.32, 23.13];

/** Rows written by reports (to check that a refused report writes nothing). */
async function counts(): Promise<{ faults: number; orders: number; transitions: number; reports: number }> {
  const { rows } = await db.pool.query<{ faults: number; orders: number; transitions: number; reports: number }>(
    `SELECT (SELECT count(*)::int FROM faults) AS faults, (SELECT count(*)::int FROM work_orders) AS orders,
            (SELECT count(*)::int FROM work_order_transitions) AS transitions, (SELECT count(*)::int FROM reports) AS reports`,
  );
  return rows[0];
}

/** Each test its own client IP (the app trusts X-Forwarded-For from loopback). */
let ipSeq = 1;
const fromIp = (): Record<string, string> => ({ 'x-forwarded-for': `10.0.0.${ipSeq++}` });

beforeAll(async () => {
  db = await createTestDatabase();
  await db.pool.query(
    `INSERT INTO districts (id, adcode, name_zh, name_en, population, geom)
     VALUES (1, 440106, '天河区', 'Tianhe', 2240000, ST_Multi(ST_MakeEnvelope(113.25, 23.08, 113.45, 23.25, 4326)))`,
  );
  await db.pool.query(`INSERT INTO stations (id, name, kind, district_id, geom) VALUES (1, '体育西路', 'subway', 1, ST_SetSRID(ST_MakePoint(113.3215, 23.1357), 4326))`);
  await db.pool.query(`INSERT INTO substations (id, name, voltage_kv, district_id, geom) VALUES (1, '天河变电站', 110, 1, ST_SetSRID(ST_MakePoint(113.33, 23.14), 4326))`);
  app = await startTestApp(db, { config: { reportLimit: 3, reportWindowSeconds: 600 } });
  second = await startTestApp(db, { config: { reportLimit: 3, reportWindowSeconds: 600 } });
}, 120_000);

afterAll(async () => {
  await app?.close();
  await second?.close();
  await db?.drop();
});

describe('POST /api/reports', () => {
  it('files a report without login: ticket, received work order, fault source report, transition, event', async () => {
    const users = await createRoleUsers(db.pool);
    const sse = await openSse(app.url, '/api/events', await sessionCookie(db.pool, users.dispatcher));
    try {
      const r = await api(app.url, 'POST', '/api/reports', { headers: fromIp(), body: { lng: INSIDE[0], lat: INSIDE[1], phone: '13800138000', description: '家里突然停电了，整栋楼都没电' } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      const body = r.body as { ticket: string; workOrderId: number; receivedAt: string };
      expect(body.ticket).toMatch(/^GZ\d{6}\d{5,}$/);
      const { rows } = await db.pool.query<{ state: string; source: string; kind: string; status: string; phone: string }>(
        `SELECT w.state::text AS state, f.source, f.kind::text AS kind, f.status, r.phone
           FROM work_orders w JOIN faults f ON f.id = w.fault_id JOIN reports r ON r.work_order_id = w.id WHERE w.id = $1`,
        [body.workOrderId],
      );
      expect(rows[0]).toEqual({ state: 'received', source: 'report', kind: 'outage', status: 'open', phone: '13800138000' });
      const [m] = await sse.waitFor(1);
      expect(m.data).toMatchObject({ type: 'work_order.created', payload: { id: body.workOrderId, state: 'received', source: 'report', ticket: body.ticket } });

      const s = await api(app.url, 'GET', `/api/reports/${body.ticket}`);
      expect(s.status).toBe(200);
      expect(s.body).toMatchObject({ ticket: body.ticket, state: 'received', receivedAt: body.receivedAt, history: [{ state: 'received' }] });
      // the public page shows no phone number, names or crew
      const text = JSON.stringify(s.body);
      expect(text).not.toContain('13800138000');
      expect(Object.keys(s.body as object).sort()).toEqual(['history', 'receivedAt', 'state', 'ticket', 'updatedAt']);
      expect((await api(app.url, 'GET', '/api/reports/GZ26010100000')).status).toBe(404);
      expect((await api(app.url, 'GET', '/api/reports/nonsense')).status).toBe(400);
    } finally {
      sse.close();
    }
  });

  it('classifies the words: smoke → transformer P1, meter → meter P4', async () => {
    const headers = fromIp();
    const smoke = (await api(app.url, 'POST', '/api/reports', { headers, body: { lng: 113.3, lat: 23.2, phone: '020-83001234', description: '路边变压器冒烟了' } })).body as { workOrderId: number };
    const meter = (await api(app.url, 'POST', '/api/reports', { headers, body: { lng: 113.4, lat: 23.1, phone: '13900139000', description: '电表一直不走字' } })).body as { workOrderId: number };
    const { rows } = await db.pool.query<{ id: number; kind: string; priority: number }>(
      'SELECT w.id, f.kind::text AS kind, w.priority FROM work_orders w JOIN faults f ON f.id = w.fault_id WHERE w.id = ANY($1::bigint[]) ORDER BY w.id',
      [[smoke.workOrderId, meter.workOrderId]],
    );
    expect(rows.map((r) => [r.kind, r.priority])).toEqual([
      ['transformer', 1],
      ['meter', 4],
    ]);
  });

  it('an address is matched against known places', async () => {
    const r = await api(app.url, 'POST', '/api/reports', { headers: fromIp(), body: { address: '体育西路', phone: '13800138001', description: '地铁站附近停电' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const { rows } = await db.pool.query<{ lng: number; lat: number; address: string }>(
      'SELECT ST_X(f.geom) AS lng, ST_Y(f.geom) AS lat, r.address FROM reports r JOIN work_orders w ON w.id = r.work_order_id JOIN faults f ON f.id = w.fault_id WHERE r.ticket = $1',
      [(r.body as { ticket: string }).ticket],
    );
    expect(rows[0]).toEqual({ lng: 113.3215, lat: 23.1357, address: '体育西路' });
  });

  it('validation: 400 naming the fields, 422 outside the service area (lng/lat) or unknown address; nothing written', async () => {
    const before = await counts();
    const headers = fromIp();
    const bad = await api(app.url, 'POST', '/api/reports', { headers, body: { lng: INSIDE[0], phone: 'abc', description: 'x' } });
    expect(bad.status).toBe(400);
    expect(Object.keys((bad.body as ErrorBody).error.fields ?? {}).sort()).toEqual(['description', 'lat', 'phone']);
    const long = await api(app.url, 'POST', '/api/reports', { headers, body: { lng: INSIDE[0], lat: INSIDE[1], phone: '13800138000', description: '停'.repeat(501) } });
    expect(Object.keys((long.body as ErrorBody).error.fields ?? {})).toEqual(['description']);
    const outside = await api(app.url, 'POST', '/api/reports', { headers, body: { lng: 116.4, lat: 39.9, phone: '13800138000', description: '北京停电了啊' } });
    expect(outside.status).toBe(422);
    expect(Object.keys((outside.body as ErrorBody).error.fields ?? {}).sort()).toEqual(['lat', 'lng']);
    const unknown = await api(app.url, 'POST', '/api/reports', { headers: fromIp(), body: { address: '不存在的地方', phone: '13800138000', description: '这里停电了' } });
    expect(unknown.status).toBe(422);
    expect(Object.keys((unknown.body as ErrorBody).error.fields ?? {})).toEqual(['address']);
    expect(await counts()).toEqual(before);
  });

  it('rate limit per client IP: the 4th report in the window is 429 with Retry-After, also on a second server process', async () => {
    const headers = fromIp();
    const body = { lng: INSIDE[0], lat: INSIDE[1], phone: '13800138000', description: '又停电了，请尽快处理' };
    for (const url of [app.url, second.url, app.url]) expect((await api(url, 'POST', '/api/reports', { headers, body })).status).toBe(201);
    const before = await counts();
    for (const url of [second.url, app.url]) {
      const r = await api(url, 'POST', '/api/reports', { headers, body });
      expect(r.status).toBe(429);
      expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(await counts()).toEqual(before);
    // another client is not affected
    expect((await api(app.url, 'POST', '/api/reports', { headers: fromIp(), body })).status).toBe(201);
  });
});

describe('GET /api/places', () => {
  it('finds stations, districts and substations by name, public, at most 10', async () => {
    const r = await api(app.url, 'GET', `/api/places?q=${encodeURIComponent('天河')}`);
    expect(r.status).toBe(200);
    const items = (r.body as { items: { name: string; kind: string; lng: number; lat: number }[] }).items;
    expect(items.map((p) => [p.name, p.kind])).toEqual([
      ['天河区', 'district'],
      ['天河变电站', 'substation'],
    ]);
    const st = (await api(app.url, 'GET', `/api/places?q=${encodeURIComponent('体育')}`)).body as { items: { kind: string; lng: number }[] };
    expect(st.items).toEqual([{ name: '体育西路', kind: 'station', lng: 113.3215, lat: 23.1357 }]);
    expect(((await api(app.url, 'GET', '/api/places?q=%25')).body as { items: unknown[] }).items).toEqual([]);
    expect(((await api(app.url, 'GET', '/api/places')).body as { items: unknown[] }).items).toEqual([]);
  });
});

describe('without login', () => {
  it('work orders, crews, incidents and the simulator stay closed (401)', async () => {
    for (const [method, path] of [
      ['GET', '/api/work-orders'],
      ['GET', '/api/work-orders/1'],
      ['POST', '/api/work-orders/1/transitions'],
      ['GET', '/api/crews'],
      ['GET', '/api/incidents'],
      ['GET', '/api/simulator'],
      ['GET', '/api/events'],
    ] as const) {
      expect((await api(app.url, method, path, { body: method === 'POST' ? {} : undefined })).status, path).toBe(401);
    }
  });
});
