/**
 * The role × route matrix: every registered route, called with no session and as each role, must answer
 * 401 without a session (unless public), 403 for a role it does not allow, and neither for a role it allows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../server/auth/types.ts';
import { loadRoutes } from '../../server/routes/index.ts';
import type { RouteDef } from '../../server/routes/define.ts';
import { createRoleUsers, sessionCookie, useTestApp } from './helpers.ts';

const routes = await loadRoutes();

const env = useTestApp();
let users: Awaited<ReturnType<typeof createRoleUsers>>;

beforeAll(async () => {
  users = await createRoleUsers(env.db.pool);
});

/** A concrete URL for a route pattern: every parameter becomes `1`. */
function concretePath(pattern: string): string {
  return pattern.replace(/[{}]/g, '').replace(/[:*]\w+/g, '1');
}

/** Calls the route and resolves to its status without waiting for the body (SSE streams never end). */
async function statusOf(route: RouteDef, cookie: string | undefined): Promise<{ status: number; body: string }> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), 30_000);
  try {
    const headers: Record<string, string> = {};
    if (cookie) headers.cookie = cookie;
    const hasBody = route.method !== 'get' && route.method !== 'delete';
    if (hasBody) headers['content-type'] = 'application/json';
    const res = await fetch(`${env.app.url}${concretePath(route.path)}`, {
      method: route.method.toUpperCase(),
      headers,
      body: hasBody ? '{}' : undefined,
      signal: ctrl.signal,
    });
    const streaming = (res.headers.get('content-type') ?? '').startsWith('text/event-stream');
    const body = streaming ? '' : await res.text();
    if (streaming) await res.body?.cancel();
    return { status: res.status, body };
  } finally {
    clearTimeout(timer);
  }
}

describe('route table', () => {
  it('has the foundation routes, each with a declared access', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    for (const k of ['post /api/auth/login', 'post /api/auth/logout', 'get /api/auth/me', 'get /api/health', 'get /api/config', 'get /api/events']) {
      expect(keys).toContain(k);
    }
    for (const r of routes) expect(r.roles === 'public' || (Array.isArray(r.roles) && r.roles.length > 0)).toBe(true);
  });
});

describe.each(routes.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))('%s', (_name, route) => {
  it(route.roles === 'public' ? 'is public: no session is not 401/403' : 'without a session: 401', async () => {
    const { status, body } = await statusOf(route, undefined);
    if (route.roles === 'public') expect([401, 403], body).not.toContain(status);
    else {
      expect(status, body).toBe(401);
      expect(JSON.parse(body)).toMatchObject({ error: { code: 'unauthorized' } });
    }
  });

  it.each(ROLES)('as %s', async (role) => {
    // a fresh session per call: the route may be logout
    const { status, body } = await statusOf(route, await sessionCookie(env.db.pool, users[role]));
    const allowed = route.roles === 'public' || route.roles.includes(role);
    if (allowed) {
      expect([401, 403], `${role} is allowed but got ${status}: ${body}`).not.toContain(status);
      // the route must really be mounted, not fall through to the /api 404
      expect(body).not.toMatch(/"No route /);
    } else {
      expect(status, body).toBe(403);
      expect(JSON.parse(body)).toMatchObject({ error: { code: 'forbidden' } });
    }
  });
});
