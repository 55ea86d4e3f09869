/** A database that drops mid-run: requests answer 503, nothing half-written, and the app recovers. */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../../server/db/embedded.ts';
import type { EmbeddedPostgres } from '../../server/db/embedded.ts';
import { migrate } from '../../server/db/migrate.ts';
import { createPool } from '../../server/db/pool.ts';
import { silentLogger } from '../../server/log.ts';
import { api, createRoleUsers, loginAs, openSse, sessionCookie, startTestApp } from './helpers.ts';
import type { TestApp } from './helpers.ts';

let dataDir: string;
let cluster: EmbeddedPostgres;
let app: TestApp;

// this file runs its own cluster: stopping the shared test cluster would break the other files
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'gridops-outage-'));
  chmodSync(dataDir, 0o755);
  cluster = await startEmbeddedPostgres({ dataDir, throwaway: true });
  const pool = createPool(cluster.url, { log: silentLogger });
  await migrate(pool);
  await pool.end();
  app = await startTestApp({ url: cluster.url }, { hubReconnectDelayMs: 100 });
});
afterAll(async () => {
  await app?.close();
  await cluster?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('database outage', () => {
  it('answers 503 while the database is down and recovers when it is back', async () => {
    const setup = createPool(cluster.url, { log: silentLogger });
    const users = await createRoleUsers(setup);
    const cookie = await sessionCookie(setup, users.planner);
    await setup.end();
    expect((await api(app.url, 'GET', '/api/health')).status).toBe(200);
    expect((await api(app.url, 'GET', '/api/auth/me', { cookie })).status).toBe(200);
    const port = cluster.port;

    await cluster.stop();
    const health = await api(app.url, 'GET', '/api/health');
    expect(health.status).toBe(503);
    expect(health.body).toEqual({ error: { code: 'unavailable', message: 'Database unavailable, try again shortly' } });
    expect(health.headers.get('retry-after')).toBe('5');
    expect((await api(app.url, 'GET', '/api/auth/me', { cookie })).status).toBe(503);
    const login = await api(app.url, 'POST', '/api/auth/login', { body: { username: users.admin.username, password: users.admin.password } });
    expect(login.status).toBe(503);
    expect(login.headers.getSetCookie()).toEqual([]);

    cluster = await startEmbeddedPostgres({ dataDir, throwaway: true, port });
    await expect.poll(async () => (await api(app.url, 'GET', '/api/health')).status, { timeout: 20_000, interval: 250 }).toBe(200);
    expect((await api(app.url, 'GET', '/api/auth/me', { cookie })).status).toBe(200);
    // the failed login left no session and no failure record behind; logging in works again
    expect(await loginAs(app.url, users.admin)).toMatch(/^gridops_session=/);

    // the SSE hub re-LISTENs: an event published after the outage reaches a client
    await expect.poll(() => app.hub.listening, { timeout: 20_000, interval: 100 }).toBe(true);
    const stream = await openSse(app.url, '/api/events', cookie);
    try {
      const id = await app.hub.publish('test.after-outage', {});
      expect(Number((await stream.waitFor(1, 15_000))[0].id)).toBe(id);
    } finally {
      stream.close();
    }
  });
});
