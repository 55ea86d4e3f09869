/**
 * Helpers for server tests: a private database per test file (cloned from the migrated template),
 * an app on a random port over real HTTP, and users/sessions for each role.
 *
 *   const db = await createTestDatabase();          // in beforeAll; db.drop() in afterAll
 *   const env = useTestApp();                       // or both hooks at once: env.db, env.app
 *   const app = await startTestApp(db);             // app.url, app.close()
 *   const users = await createRoleUsers(db.pool);   // one user per role
 *   const cookie = await loginAs(app.url, users.planner);
 *   await fetch(`${app.url}/api/...`, { headers: { cookie } });
 *   const env = useSeededApp({ roadGrid: 4, seed }); // app over a road grid, users, dispatcher cookie, then seed(env)
 *
 * Also a minimal MVT reader (`decodeMvt`) and `tileOf` for the vector-tile tests.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Pbf from 'pbf';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { buildRoutingData, Router } from '../../geo/routing/index.ts';
import { NetworkBuilder } from '../../geo/routing/network.ts';
import { createApp } from '../../server/app.ts';
import type { AppOptions } from '../../server/app.ts';
import { hashPassword } from '../../server/auth/password.ts';
import type { Role } from '../../server/auth/types.ts';
import { loadConfig } from '../../server/config.ts';
import type { Config } from '../../server/config.ts';
import { createPool } from '../../server/db/pool.ts';
import { EventHub } from '../../server/events/hub.ts';
import type { Logger } from '../../server/log.ts';
import { memoryLogger } from '../../server/log.ts';
import { SESSION_COOKIE, createSession } from '../../server/services/auth.ts';
import { RoadNetworkService, ServiceArea } from '../../server/services/road-network.ts';

/** A database of its own for one test file. */
export interface TestDatabase {
  name: string;
  url: string;
  pool: pg.Pool;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/** The URL of `database` on the server of `url`. */
export function databaseUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: inject('pgAdminUrl') });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/**
 * Creates a database for this test file: a clone of the migrated template, or with `empty: true` a blank
 * database (no schema, no PostGIS) for testing migrations themselves.
 */
export async function createTestDatabase(opts: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `gridops_test_${randomBytes(6).toString('hex')}`;
  const template = opts.empty ? 'template0' : inject('pgTemplate');
  for (let attempt = 0; ; attempt++) {
    try {
      await adminQuery(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(template)}`);
      break;
    } catch (err) {
      // 55006: the template is momentarily in use by another file's clone
      if ((err as { code?: string }).code !== '55006' || attempt >= 20) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
  const url = databaseUrl(inject('pgAdminUrl'), name);
  const pool = createPool(url, { log: memoryLogger(), max: 5 });
  return {
    name,
    url,
    pool,
    drop: async () => {
      await pool.end().catch(() => {});
      await adminQuery(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    },
  };
}

/** A running test app. */
export interface TestApp {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  hub: EventHub;
  config: Config;
  /** Every line the app logged. */
  log: Logger & { lines: string[] };
  close(): Promise<void>;
}

/**
 * Starts the app over real HTTP on a random port, on `db.url` (its own pool, hub and LISTEN connection).
 * `config` overrides the defaults (demo off).
 */
export async function startTestApp(
  db: { url: string },
  opts: { config?: Partial<Config>; app?: AppOptions; hubReconnectDelayMs?: number; heartbeatMs?: number } = {},
): Promise<TestApp> {
  const log = memoryLogger();
  const config: Config = { ...loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url }), demo: false, ...opts.config };
  const pool = createPool(db.url, { log, max: 5 });
  const hub = new EventHub(pool, { connection: { connectionString: db.url }, log, reconnectDelayMs: opts.hubReconnectDelayMs ?? 100, heartbeatMs: opts.heartbeatMs });
  await hub.start();
  const app = await createApp({ pool, config, hub, log }, opts.app);
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hub,
    config,
    log,
    close: async () => {
      await hub.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}

/**
 * Registers `beforeAll`/`afterAll` hooks that create a test database and start the app on it, and close
 * both after the file. The returned fields are set once that `beforeAll` has run (use them in hooks and tests).
 */
export function useTestApp(): { db: TestDatabase; app: TestApp } {
  const env = {} as { db: TestDatabase; app: TestApp };
  beforeAll(async () => {
    env.db = await createTestDatabase();
    env.app = await startTestApp(env.db);
  });
  afterAll(async () => {
    await env.app?.close();
    await env.db?.drop();
  });
  return env;
}

/** A running app from `serveWithRoads`. */
export interface TestServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the app on `db.url` with exactly `config` and the road network service `roads` (the app of
 * `startTestApp` has none), over real HTTP on a random port; `max` is the pool size.
 */
export async function serveWithRoads(db: { url: string }, config: Config, roads: RoadNetworkService | undefined, max: number): Promise<TestServer> {
  const log = memoryLogger();
  const pool = createPool(db.url, { log, max });
  const hub = new EventHub(pool, { connection: { connectionString: db.url }, log });
  await hub.start();
  const server = createServer(await createApp({ pool, config, hub, log, roads }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await hub.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}

/**
 * A ready road network service over a square grid of `size` × `size` nodes 0.01° (~1 km) apart from
 * (113.3, 23.1): two-way 30 km/h secondary roads, `横<j>路` east–west and `纵<i>路` north–south.
 */
export function roadGridService(size: number): RoadNetworkService {
  const b = new NetworkBuilder();
  const ids: number[][] = [];
  for (let i = 0; i < size; i++) {
    ids.push([]);
    for (let j = 0; j < size; j++) ids[i].push(b.addNode(113.3 + 0.01 * i, 23.1 + 0.01 * j));
  }
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      if (i + 1 < size) b.addEdge({ source: ids[i][j], target: ids[i + 1][j], dir: 3, speedKmh: 30, roadClass: 'secondary', name: `横${j}路`, synthetic: true });
      if (j + 1 < size) b.addEdge({ source: ids[i][j], target: ids[i][j + 1], dir: 3, speedKmh: 30, roadClass: 'secondary', name: `纵${i}路`, synthetic: true });
    }
  }
  const net = b.build();
  const svc = new RoadNetworkService();
  svc.router = new Router(buildRoutingData(net).data);
  svc.area = ServiceArea.fromNetwork(net);
  svc.state = 'ready';
  return svc;
}

/** What `useSeededApp` sets up. */
export interface SeededApp {
  db: TestDatabase;
  app: TestServer;
  users: Record<Role, TestUser>;
  /** A session cookie of `users.dispatcher`. */
  cookie: string;
}

/**
 * Registers `beforeAll`/`afterAll` hooks: a test database, the app on it (demo off, pool of 5) with the road grid of
 * `roadGridService(roadGrid)`, one user per role and a dispatcher session, then `seed(env)` for the file's own rows;
 * closes both after the file. The returned fields are set once that `beforeAll` has run (use them in hooks and tests).
 */
export function useSeededApp(opts: { roadGrid: number; seed?: (env: SeededApp) => Promise<void> }): SeededApp {
  const env = {} as SeededApp;
  beforeAll(async () => {
    env.db = await createTestDatabase();
    env.app = await serveWithRoads(env.db, { ...loadConfig({ NODE_ENV: 'test', DATABASE_URL: env.db.url }), demo: false }, roadGridService(opts.roadGrid), 5);
    env.users = await createRoleUsers(env.db.pool);
    env.cookie = await sessionCookie(env.db.pool, env.users.dispatcher);
    await opts.seed?.(env);
  }, 120_000);
  afterAll(async () => {
    await env.app?.close();
    await env.db?.drop();
  });
  return env;
}

/** A user created for tests, with its clear-text password. */
export interface TestUser {
  id: number;
  username: string;
  role: Role;
  managerId: number | null;
  password: string;
}

/** The password of users made by `createUser`/`createRoleUsers`. */
export const TEST_PASSWORD = 'correct horse battery staple';

/** Inserts a grid manager row (needed by a `manager` user); resolves to its id. */
export async function createManager(pool: pg.Pool, id: number): Promise<number> {
  await pool.query(
    `INSERT INTO managers (id, code, name, home) VALUES ($1, $2, $3, ST_SetSRID(ST_MakePoint(113.26, 23.13), 4326))
     ON CONFLICT (id) DO NOTHING`,
    [id, `TEST-${id}`, `Test manager ${id}`],
  );
  return id;
}

/** Creates one user (a manager user gets a fresh managers row unless `managerId` is given). */
export async function createUser(
  pool: pg.Pool,
  username: string,
  role: Role,
  opts: { password?: string; managerId?: number } = {},
): Promise<TestUser> {
  const password = opts.password ?? TEST_PASSWORD;
  const managerId = role === 'manager' ? (opts.managerId ?? (await createManager(pool, 900_000 + Math.floor(Math.random() * 99_999)))) : null;
  const { rows } = await pool.query<{ id: number }>(
    'INSERT INTO users (username, role, manager_id, password_hash) VALUES ($1, $2, $3, $4) RETURNING id',
    [username, role, managerId, await hashPassword(password)],
  );
  return { id: rows[0].id, username, role, managerId, password };
}

/** One user per role, named `test-<role>`. */
export async function createRoleUsers(pool: pg.Pool): Promise<Record<Role, TestUser>> {
  const [admin, planner, dispatcher, manager] = await Promise.all([
    createUser(pool, 'test-admin', 'admin'),
    createUser(pool, 'test-planner', 'planner'),
    createUser(pool, 'test-dispatcher', 'dispatcher'),
    createUser(pool, 'test-manager', 'manager'),
  ]);
  return { admin, planner, dispatcher, manager };
}

/** The `name=value` pair of a Set-Cookie header list, or undefined. */
export function cookieFrom(res: Response, name = 'gridops_session'): string | undefined {
  const c = res.headers.getSetCookie().find((h) => h.startsWith(`${name}=`));
  return c?.split(';')[0];
}

/** A session cookie for `user` made directly in the database (no login round trip, no rate limit). */
export async function sessionCookie(pool: pg.Pool, user: { id: number }, ttlHours = 1): Promise<string> {
  return `${SESSION_COOKIE}=${await createSession(pool, user.id, ttlHours)}`;
}

/**
 * Logs in and resolves to the `Cookie` header value for later requests.
 * @throws Error when the login does not answer 200.
 */
export async function loginAs(baseUrl: string, user: { username: string; password: string }): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: user.username, password: user.password }),
  });
  if (res.status !== 200) throw new Error(`login as ${user.username} answered ${res.status}: ${await res.text()}`);
  const cookie = cookieFrom(res);
  if (!cookie) throw new Error('login set no session cookie');
  return cookie;
}

/** fetch JSON with an optional cookie; resolves to status, body (parsed if JSON) and headers. */
export async function api(
  baseUrl: string,
  method: string,
  path: string,
  opts: { cookie?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.cookie) headers.cookie = opts.cookie;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) body = JSON.stringify(opts.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('application/json')) parsed = JSON.parse(text);
  return { status: res.status, body: parsed, headers: res.headers };
}

/** A parsed server-sent event. */
export interface SseMessage {
  id: string | undefined;
  data: unknown;
}

/** An open SSE connection collecting messages. */
export interface SseStream {
  status: number;
  messages: SseMessage[];
  /** Resolves once at least `n` messages arrived. @throws Error after `timeoutMs`. */
  waitFor(n: number, timeoutMs?: number): Promise<SseMessage[]>;
  close(): void;
}

/** Opens `GET path` as an SSE stream (with the cookie and extra headers) and parses its messages. */
export async function openSse(baseUrl: string, path: string, cookie: string, headers: Record<string, string> = {}): Promise<SseStream> {
  const ctrl = new AbortController();
  const res = await fetch(`${baseUrl}${path}`, { headers: { cookie, accept: 'text/event-stream', ...headers }, signal: ctrl.signal });
  const messages: SseMessage[] = [];
  const waiters: (() => void)[] = [];
  if (res.body && res.status === 200) {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      let buf = '';
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const lines = block.split('\n');
            const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6));
            if (data.length === 0) continue; // comments, retry:
            const id = lines.find((l) => l.startsWith('id: '))?.slice(4);
            messages.push({ id, data: JSON.parse(data.join('\n')) });
            waiters.splice(0).forEach((w) => w());
          }
        }
      } catch {
        // aborted
      }
    })();
  }
  return {
    status: res.status,
    messages,
    close: () => ctrl.abort(),
    waitFor: (n, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`SSE: ${messages.length} of ${n} messages after ${timeoutMs} ms`)), timeoutMs);
        const check = (): void => {
          if (messages.length >= n) {
            clearTimeout(timer);
            resolve(messages);
          } else waiters.push(check);
        };
        check();
      }),
  };
}

/** Minimal MVT reader: layer name → features (with their properties decoded). */
export function decodeMvt(buf: ArrayBuffer): Map<string, Array<Record<string, unknown>>> {
  const layers = new Map<string, Array<Record<string, unknown>>>();
  const pbf = new Pbf(new Uint8Array(buf));
  pbf.readFields((tag, _: unknown, p?: Pbf) => {
    if (tag !== 3 || !p) return;
    const end = p.readVarint() + p.pos;
    let name = '';
    const keys: string[] = [];
    const values: unknown[] = [];
    const raw: number[][] = [];
    while (p.pos < end) {
      const val = p.readVarint();
      const t = val >> 3;
      if (t === 1) name = p.readString();
      else if (t === 2) {
        const fend = p.readVarint() + p.pos;
        let tags: number[] = [];
        while (p.pos < fend) {
          const fv = p.readVarint();
          if (fv >> 3 === 2) tags = p.readPackedVarint();
          else p.skip(fv);
        }
        raw.push(tags);
      } else if (t === 3) keys.push(p.readString());
      else if (t === 4) {
        const vend = p.readVarint() + p.pos;
        let v: unknown = null;
        while (p.pos < vend) {
          const vt = p.readVarint() >> 3;
          v = vt === 1 ? p.readString() : vt === 2 ? p.readFloat() : vt === 3 ? p.readDouble() : vt === 4 ? p.readVarint64() : vt === 5 ? p.readVarint() : vt === 6 ? p.readSVarint() : p.readBoolean();
        }
        values.push(v);
      } else p.skip(val);
    }
    layers.set(name, raw.map((tags) => Object.fromEntries(Array.from({ length: tags.length / 2 }, (_, i) => [keys[tags[2 * i]], values[tags[2 * i + 1]]]))));
  }, null);
  return layers;
}

/** The tile containing a point at zoom z (Web Mercator, XYZ scheme). */
export function tileOf(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lng + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [x, y];
}
