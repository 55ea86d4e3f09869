/** HTTP conventions: JSON errors, validation naming fields, body limits, 404, hidden 500s, GeoError mapping. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GeoError } from '../../geo/errors.ts';
import { ConflictError } from '../../server/errors.ts';
import { defineRoute } from '../../server/routes/define.ts';
import { loadRoutes } from '../../server/routes/index.ts';
import { api, createRoleUsers, createTestDatabase, sessionCookie, startTestApp } from './helpers.ts';
import type { TestApp, TestDatabase } from './helpers.ts';

const testRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/test/echo',
    roles: 'public',
    body: z.object({ name: z.string().min(1), count: z.number().int().positive(), nested: z.object({ x: z.number() }).optional() }),
    query: z.object({ page: z.coerce.number().int().min(1).default(1) }),
    handler: ({ body, query }) => ({ body, query }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/test/items/:id',
    roles: 'public',
    params: z.object({ id: z.coerce.number().int().positive() }),
    handler: ({ params }) => ({ id: params.id }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/test/boom',
    roles: 'public',
    handler: () => {
      throw new Error('secret detail: password=hunter2');
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/test/geo',
    roles: 'public',
    handler: () => {
      throw new GeoError('no_route', 'no path between the points', 'to');
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/test/conflict',
    roles: 'public',
    handler: () => {
      throw new ConflictError('stale version', { currentVersion: 3 });
    },
  }),
  defineRoute({ method: 'get', path: '/api/test/admin-only', roles: ['admin'], handler: ({ user }) => ({ who: user.username }) }),
];

let db: TestDatabase;
let app: TestApp;

beforeAll(async () => {
  db = await createTestDatabase();
  app = await startTestApp(db, { app: { routes: [...(await loadRoutes()), ...testRoutes] } });
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

describe('input validation', () => {
  it('malformed JSON answers 400 JSON', async () => {
    const res = await api(app.url, 'POST', '/api/auth/login', { rawBody: '{"username": "admin", ' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'bad_request', message: 'Malformed JSON body' } });
  });

  it('a missing field answers 400 naming the field', async () => {
    const res = await api(app.url, 'POST', '/api/auth/login', { body: { username: 'admin' } });
    expect(res.status).toBe(400);
    const err = (res.body as { error: { code: string; fields: Record<string, string> } }).error;
    expect(err.code).toBe('bad_request');
    expect(Object.keys(err.fields)).toEqual(['password']);
  });

  it('names every bad field, nested ones by their dotted path', async () => {
    const res = await api(app.url, 'POST', '/api/test/echo?page=0', { body: { name: '', count: 1.5, nested: { x: 'a' } } });
    expect(res.status).toBe(400);
    const fields = (res.body as { error: { fields: Record<string, string> } }).error.fields;
    expect(Object.keys(fields).sort()).toEqual(['count', 'name', 'nested.x']);
    // the query is validated too
    const q = await api(app.url, 'POST', '/api/test/echo?page=0', { body: { name: 'a', count: 1 } });
    expect(q.status).toBe(400);
    expect(Object.keys((q.body as { error: { fields: object } }).error.fields)).toEqual(['page']);
  });

  it('passes parsed and defaulted input to the handler', async () => {
    const res = await api(app.url, 'POST', '/api/test/echo?page=3', { body: { name: 'a', count: 2 } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ body: { name: 'a', count: 2 }, query: { page: 3 } });
    const p = await api(app.url, 'GET', '/api/test/items/42');
    expect(p.body).toEqual({ id: 42 });
    expect((await api(app.url, 'GET', '/api/test/items/abc')).status).toBe(400);
  });

  it('a body over 1 MB answers 413 JSON', async () => {
    const res = await api(app.url, 'POST', '/api/auth/login', {
      rawBody: JSON.stringify({ username: 'x'.repeat(1_100_000), password: 'y' }),
    });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ error: { code: 'payload_too_large' } });
  });
});

describe('errors', () => {
  it('an unknown /api route answers 404 JSON', async () => {
    const res = await api(app.url, 'GET', '/api/does-not-exist');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'No route GET /api/does-not-exist' } });
    expect((await api(app.url, 'DELETE', '/api/health')).status).toBe(404);
  });

  it('an unexpected error answers 500 with only a request id; the details go to the log', async () => {
    const res = await api(app.url, 'GET', '/api/test/boom');
    expect(res.status).toBe(500);
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toBeTruthy();
    expect(res.body).toEqual({ error: { code: 'internal', message: 'Internal server error', requestId } });
    expect(JSON.stringify(res.body)).not.toContain('hunter2');
    expect(app.log.lines.some((l) => l.includes('hunter2') && l.includes(requestId!))).toBe(true);
  });

  it('maps GeoError and AppError details', async () => {
    const geo = await api(app.url, 'GET', '/api/test/geo');
    expect(geo.status).toBe(422);
    expect(geo.body).toEqual({ error: { code: 'no_route', message: 'no path between the points', fields: { to: 'no path between the points' } } });
    const conflict = await api(app.url, 'GET', '/api/test/conflict');
    expect(conflict.status).toBe(409);
    expect(conflict.body).toEqual({ error: { code: 'conflict', message: 'stale version', currentVersion: 3 } });
  });

  it('answers 403 to a role the route does not allow, and checks access before validating', async () => {
    const users = await createRoleUsers(db.pool);
    const planner = await api(app.url, 'GET', '/api/test/admin-only', { cookie: await sessionCookie(db.pool, users.planner) });
    expect(planner.status).toBe(403);
    expect(planner.body).toMatchObject({ error: { code: 'forbidden' } });
    const admin = await api(app.url, 'GET', '/api/test/admin-only', { cookie: await sessionCookie(db.pool, users.admin) });
    expect(admin).toMatchObject({ status: 200, body: { who: 'test-admin' } });
    expect((await api(app.url, 'GET', '/api/events?lastEventId=bad')).status).toBe(401);
  });
});

describe('public endpoints and the client', () => {
  it('GET /api/health answers the PostgreSQL and PostGIS versions', async () => {
    const res = await api(app.url, 'GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', postgres: expect.stringMatching(/^\d+\.\d+/), postgis: expect.stringMatching(/^3\./) });
  });

  it('GET /api/config answers the basemap style and demo flag', async () => {
    expect((await api(app.url, 'GET', '/api/config')).body).toEqual({ basemapStyle: null, demo: false });
  });

  it('serves the built client with an SPA fallback for non-API GETs, and never for /api', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gridops-client-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><html><body>GridOps shell</body></html>');
    writeFileSync(join(dir, 'assets', 'app-abc123.js'), 'console.log(1)');
    const withClient = await startTestApp(db, { app: { clientDir: dir } });
    const without = await startTestApp(db, { app: { clientDir: join(dir, 'missing') } });
    try {
      const deep = await fetch(`${withClient.url}/plans/7/edit`);
      expect(deep.status).toBe(200);
      expect(await deep.text()).toContain('GridOps shell');
      const asset = await fetch(`${withClient.url}/assets/app-abc123.js`);
      expect(await asset.text()).toBe('console.log(1)');
      expect(asset.headers.get('cache-control')).toContain('immutable');
      expect((await api(withClient.url, 'GET', '/api/nope')).status).toBe(404);
      const notBuilt = await fetch(`${without.url}/`);
      expect(notBuilt.status).toBe(503);
      expect(await notBuilt.text()).toMatch(/npm run build/);
    } finally {
      await withClient.close();
      await without.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
