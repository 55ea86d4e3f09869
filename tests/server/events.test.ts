/** SSE through LISTEN/NOTIFY: every server process delivers every event; Last-Event-ID replays. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTransaction } from '../../server/db/pool.ts';
import { createRoleUsers, createTestDatabase, openSse, sessionCookie, startTestApp } from './helpers.ts';
import type { TestApp, TestDatabase } from './helpers.ts';

let db: TestDatabase;
let a: TestApp;
let b: TestApp;
let cookie: string;

beforeAll(async () => {
  db = await createTestDatabase();
  [a, b] = await Promise.all([startTestApp(db, { heartbeatMs: 200 }), startTestApp(db)]);
  const users = await createRoleUsers(db.pool);
  cookie = await sessionCookie(db.pool, users.dispatcher);
});
afterAll(async () => {
  await a?.close();
  await b?.close();
  await db?.drop();
});

const dataOf = (m: { data: unknown }) => m.data as { id: number; type: string; payload: unknown; createdAt: string };

describe('GET /api/events', () => {
  it('two app instances on one database both deliver an event published through one of them', async () => {
    const onA = await openSse(a.url, '/api/events', cookie);
    const onB = await openSse(b.url, '/api/events', cookie);
    try {
      expect(onA.status).toBe(200);
      expect(onB.status).toBe(200);
      const id = await a.hub.publish('crew.moved', { crewId: 7, lng: 113.3, lat: 23.1 });
      const [ma, mb] = await Promise.all([onA.waitFor(1), onB.waitFor(1)]);
      for (const m of [ma[0], mb[0]]) {
        expect(m.id).toBe(String(id));
        expect(dataOf(m)).toMatchObject({ id, type: 'crew.moved', payload: { crewId: 7, lng: 113.3, lat: 23.1 } });
      }
      const stored = await db.pool.query('SELECT type, payload FROM events WHERE id = $1', [id]);
      expect(stored.rows[0]).toEqual({ type: 'crew.moved', payload: { crewId: 7, lng: 113.3, lat: 23.1 } });
    } finally {
      onA.close();
      onB.close();
    }
  });

  it('Last-Event-ID (header or query) replays the missed events in order, then continues live', async () => {
    const first = await a.hub.publish('test.replay', { n: 1 });
    const second = await a.hub.publish('test.replay', { n: 2 });
    const third = await b.hub.publish('test.replay', { n: 3 });
    const byHeader = await openSse(b.url, '/api/events', cookie, { 'last-event-id': String(first) });
    const byQuery = await openSse(a.url, `/api/events?lastEventId=${first}`, cookie);
    try {
      for (const s of [byHeader, byQuery]) {
        const got = await s.waitFor(2);
        expect(got.map((m) => Number(m.id))).toEqual([second, third]);
        expect(got.map((m) => (dataOf(m).payload as { n: number }).n)).toEqual([2, 3]);
      }
      const fourth = await b.hub.publish('test.replay', { n: 4 });
      for (const s of [byHeader, byQuery]) {
        const got = await s.waitFor(3);
        expect(got.map((m) => Number(m.id))).toEqual([second, third, fourth]);
      }
    } finally {
      byHeader.close();
      byQuery.close();
    }
  });

  it('an event published inside a rolled-back transaction is never delivered', async () => {
    const s = await openSse(a.url, '/api/events', cookie);
    try {
      await expect(
        withTransaction(db.pool, async (client) => {
          await a.hub.publish('test.rolled-back', {}, client);
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      const kept = await withTransaction(db.pool, (client) => a.hub.publish('test.committed', {}, client));
      const got = await s.waitFor(1);
      expect(got.map((m) => dataOf(m).type)).toEqual(['test.committed']);
      expect(Number(got[0].id)).toBe(kept);
      const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM events WHERE type = 'test.rolled-back'`);
      expect(rows[0].n).toBe(0);
    } finally {
      s.close();
    }
  });

  it('the hub reconnects its LISTEN connection after it is terminated and catches up', async () => {
    const s = await openSse(b.url, '/api/events', cookie);
    try {
      expect(b.hub.listening).toBe(true);
      const killed = await db.pool.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`,
      );
      expect(killed.rowCount).toBe(2); // a's and b's LISTEN connections
      // published while b's LISTEN connection may be down: delivered by the catch-up after reconnecting
      const id = await a.hub.publish('test.after-drop', { ok: true });
      const got = await s.waitFor(1, 15_000);
      expect(Number(got[0].id)).toBe(id);
      await expect.poll(() => b.log.lines.some((l) => l.includes('LISTEN connection restored')), { timeout: 15_000 }).toBe(true);
      expect(b.hub.listening).toBe(true);
      const id2 = await a.hub.publish('test.after-drop', { ok: 2 });
      const got2 = await s.waitFor(2, 15_000);
      expect(Number(got2[1].id)).toBe(id2);
    } finally {
      s.close();
    }
  });

  it('sends the retry hint and heartbeat comments on an idle stream', async () => {
    const ctrl = new AbortController();
    const res = await fetch(`${a.url}/api/events`, { headers: { cookie }, signal: ctrl.signal });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toContain('no-cache');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    while ((text.match(/: ping\n\n/g) ?? []).length < 2) text += (await reader.read()).value ?? '';
    ctrl.abort();
    expect(text.startsWith('retry: 3000\n\n')).toBe(true);
  });

  it('prunes events older than the retention and keeps the recent ones replayable', async () => {
    const old = await a.hub.publish('test.prune', { n: 'old' });
    const fresh = await a.hub.publish('test.prune', { n: 'fresh' });
    await db.pool.query(`UPDATE events SET created_at = now() - interval '25 hours' WHERE id = $1`, [old]);
    expect(await a.hub.prune()).toBeGreaterThanOrEqual(1);
    const { rows } = await db.pool.query<{ id: string }>(`SELECT id FROM events WHERE type = 'test.prune' ORDER BY id`);
    expect(rows.map((r) => Number(r.id))).toEqual([fresh]);
  });
});
