import { beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../server/auth/password.ts';
import { MAX_LOGIN_FAILURES } from '../../server/services/auth.ts';
import { api, cookieFrom, createRoleUsers, createUser, loginAs, useTestApp } from './helpers.ts';
import type { TestUser } from './helpers.ts';

const env = useTestApp();
let users: Awaited<ReturnType<typeof createRoleUsers>>;

beforeAll(async () => {
  users = await createRoleUsers(env.db.pool);
});

const login = (username: string, password: string, headers: Record<string, string> = {}) =>
  fetch(`${env.app.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username, password }),
  });

describe('password hashing', () => {
  it('stores scrypt$N$r$p$salt$hash with a random salt and verifies only the right password', async () => {
    const a = await hashPassword('secret');
    const b = await hashPassword('secret');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('secret', a)).toBe(true);
    expect(await verifyPassword('Secret', a)).toBe(false);
    expect(await verifyPassword('secret', 'not-a-hash')).toBe(false);
    expect(await verifyPassword('secret', 'scrypt$16384$8$1$c2FsdA==$')).toBe(false);
  });
});

describe('login', () => {
  it('answers the user and sets an HttpOnly SameSite=Lax session cookie (not Secure over http)', async () => {
    const res = await login(users.manager.username, users.manager.password);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      user: { id: users.manager.id, username: 'test-manager', role: 'manager', managerId: users.manager.managerId },
    });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('gridops_session='))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).not.toMatch(/Secure/);
    // the database keeps only a hash of the token
    const token = cookieFrom(res)!.split('=')[1];
    const { rows } = await env.db.pool.query('SELECT token_hash FROM sessions WHERE user_id = $1', [users.manager.id]);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.token_hash)).not.toContain(token);
  });

  it('marks the cookie Secure behind an HTTPS proxy on the loopback', async () => {
    const res = await login(users.planner.username, users.planner.password, { 'x-forwarded-proto': 'https' });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().find((c) => c.startsWith('gridops_session='))).toMatch(/Secure/);
  });

  it('answers 401 for a wrong password and for an unknown user, with the same message', async () => {
    const wrong = await login(users.admin.username, 'nope');
    const unknown = await login('nobody-here', 'nope');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await wrong.json(), await unknown.json()];
    expect(a).toEqual({ error: { code: 'unauthorized', message: 'Wrong username or password' } });
    expect(b).toEqual(a);
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it('rate-limits failed logins per username and IP with 429, even for the right password', async () => {
    const victim: TestUser = await createUser(env.db.pool, 'rate-limited', 'dispatcher');
    for (let i = 0; i < MAX_LOGIN_FAILURES; i++) expect((await login(victim.username, `guess-${i}`)).status).toBe(401);
    const blocked = await login(victim.username, victim.password);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('too_many_requests');
    // another account from the same IP is not affected
    expect((await login(users.dispatcher.username, users.dispatcher.password)).status).toBe(200);
    // once the failures age out of the window, the right password works again
    await env.db.pool.query(`UPDATE login_failures SET at = at - interval '1 hour' WHERE username = $1`, [victim.username]);
    expect((await login(victim.username, victim.password)).status).toBe(200);
  });

  it('a successful login clears earlier failures', async () => {
    const u = await createUser(env.db.pool, 'clears-failures', 'planner');
    for (let i = 0; i < MAX_LOGIN_FAILURES - 1; i++) await login(u.username, 'bad');
    expect((await login(u.username, u.password)).status).toBe(200);
    for (let i = 0; i < MAX_LOGIN_FAILURES - 1; i++) expect((await login(u.username, 'bad')).status).toBe(401);
    expect((await login(u.username, u.password)).status).toBe(200);
  });
});

describe('sessions', () => {
  it('GET /api/auth/me answers the session user, 401 without a session or with a forged cookie', async () => {
    const cookie = await loginAs(env.app.url, users.dispatcher);
    const me = await api(env.app.url, 'GET', '/api/auth/me', { cookie });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ user: { id: users.dispatcher.id, username: 'test-dispatcher', role: 'dispatcher', managerId: null } });
    expect((await api(env.app.url, 'GET', '/api/auth/me')).status).toBe(401);
    expect((await api(env.app.url, 'GET', '/api/auth/me', { cookie: 'gridops_session=forged' })).status).toBe(401);
  });

  it('logout deletes the session server-side: the old cookie no longer works', async () => {
    const cookie = await loginAs(env.app.url, users.admin);
    expect((await api(env.app.url, 'GET', '/api/auth/me', { cookie })).status).toBe(200);
    const out = await api(env.app.url, 'POST', '/api/auth/logout', { cookie });
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().join()).toMatch(/gridops_session=;/);
    expect((await api(env.app.url, 'GET', '/api/auth/me', { cookie })).status).toBe(401);
  });

  it('an expired session answers 401', async () => {
    const cookie = await loginAs(env.app.url, users.planner);
    expect((await api(env.app.url, 'GET', '/api/auth/me', { cookie })).status).toBe(200);
    await env.db.pool.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [users.planner.id]);
    const res = await api(env.app.url, 'GET', '/api/auth/me', { cookie });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'unauthorized', message: 'Not logged in' } });
  });
});
