/**
 * Starting and stopping a whole GridOps server: database (embedded unless `DATABASE_URL`), migrations,
 * demo seed and accounts, the SSE hub and the HTTP listener. `main.ts` wraps this for the command line;
 * the e2e tests call it directly.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { isSeeded, seedDemo } from '../seed/demo.ts';
import { createApp } from './app.ts';
import type { Config } from './config.ts';
import type { EmbeddedPostgres } from './db/embedded.ts';
import { startEmbeddedPostgres } from './db/embedded.ts';
import { migrate } from './db/migrate.ts';
import { createPool, isDbUnavailableError } from './db/pool.ts';
import { EventHub } from './events/hub.ts';
import type { Logger } from './log.ts';
import { describeDemoAccounts, ensureDemoAccounts, usersWithDemoPassword } from './services/demo-accounts.ts';
import { ensureDemoPlan } from './services/demo-plan.ts';
import { ensureTerritory } from './services/territory.ts';
import { startRoadNetwork } from './services/road-network.ts';
import { startSimulator } from './simulator/index.ts';

/** The configured database cannot be reached at start (main exits with code 2). */
export class DatabaseUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnreachableError';
  }
}

/** Production refuses to start while demo passwords are in place. */
export class DemoPasswordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoPasswordError';
  }
}

/** A running server. */
export interface RunningServer {
  /** `http://localhost:<port>`. */
  url: string;
  port: number;
  pool: pg.Pool;
  hub: EventHub;
  embedded: EmbeddedPostgres | undefined;
  /** Phase durations of the start, ms (`database`, `migrate`, `seed`, `accounts`, `plan`, `roads`, `listen`, `total`). */
  timingsMs: Record<string, number>;
  /** Closes HTTP (ending SSE streams), the hub, the pool and the embedded cluster. Idempotent. */
  close(): Promise<void>;
}

/** Hides the password of a connection URL for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      const addr = server.address();
      resolve(typeof addr === 'object' && addr ? addr.port : port);
    });
  });
}

/**
 * Starts GridOps with `config`. Progress goes to `log.info`.
 * @throws DatabaseUnreachableError when `DATABASE_URL` does not answer.
 * @throws MissingPostgresError (from the embedded manager) when PostgreSQL/PostGIS are not installed.
 * @throws DemoPasswordError in production while a user still has the demo password.
 * Aborting `opts.signal` during the start stops the embedded cluster at once (failing whatever runs, e.g. the
 * seed, whose transaction rolls back) and rejects.
 */
export async function startGridOps(config: Config, log: Logger, opts: { signal?: AbortSignal } = {}): Promise<RunningServer> {
  const t0 = performance.now();
  const timingsMs: Record<string, number> = {};
  let mark = t0;
  const lap = (name: string): void => {
    const now = performance.now();
    timingsMs[name] = Math.round(now - mark);
    mark = now;
  };

  const cleanups: (() => Promise<void>)[] = [];
  const cleanup = async (): Promise<void> => {
    for (const c of cleanups.splice(0).reverse()) await c().catch((err: Error) => log.warn('shutdown step failed', { error: err.message }));
  };

  let embedded: EmbeddedPostgres | undefined;
  const onAbort = (): void => {
    log.info('start aborted: stopping');
    void (embedded?.stop() ?? Promise.resolve()).then(cleanup);
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const checkAborted = (): void => {
    if (opts.signal?.aborted) throw new Error('start aborted');
  };

  try {
    let url = config.databaseUrl;
    if (!url) {
      embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, log: (m) => log.info(m) });
      const emb = embedded;
      cleanups.push(() => emb.stop());
      url = embedded.url;
      checkAborted();
    }
    const pool = createPool(url, { log });
    cleanups.push(() => pool.end());
    try {
      await pool.query('SELECT 1');
    } catch (err) {
      if (isDbUnavailableError(err) || (err as { code?: string }).code === '3D000' || (err as { code?: string }).code === '28P01') {
        throw new DatabaseUnreachableError(`Cannot reach the database at ${redactUrl(url)}: ${(err as Error).message}`);
      }
      throw err;
    }
    lap('database');
    checkAborted();

    await migrate(pool, { log: (m) => log.info(m) });
    lap('migrate');

    if (config.demo && !(await isSeeded(pool))) {
      log.info(`seeding the Guangzhou demo (seed ${config.seed}, ${config.demoCustomers} customers)…`);
      await seedDemo(pool, { seed: config.seed, customers: config.demoCustomers, log: (m) => log.info(m) });
    }
    lap('seed');
    checkAborted();

    if (config.demo) {
      const { created, all } = await ensureDemoAccounts(pool);
      if (created.length > 0) log.info(`demo accounts: ${describeDemoAccounts(all)}`);
    }
    if (config.nodeEnv === 'production') {
      const weak = await usersWithDemoPassword(pool);
      if (weak.length > 0) {
        throw new DemoPasswordError(
          `Refusing to start with NODE_ENV=production: ${weak.length} user(s) still have the demo password "gridops" (${weak.slice(0, 5).join(', ')}${weak.length > 5 ? ', …' : ''}). Change them first: npm run user -- set-password <username>`,
        );
      }
    }
    lap('accounts');

    // the demo's grids: one per manager, active from 2026-08-01 (built once, at the first start)
    if (config.demo) await ensureDemoPlan(pool, log);
    // the territory and KPI views of the active plan (one query when already fresh; rebuilt after a new seed or plan)
    await ensureTerritory(pool);
    lap('plan');
    checkAborted();

    // loads the routing file, or builds the network in a background process (routes answer 503 meanwhile)
    const roads = await startRoadNetwork(pool, config, log, { databaseUrl: url });
    cleanups.push(() => roads.stop());
    lap('roads');

    const hub = new EventHub(pool, { connection: { connectionString: url }, log });
    await hub.start();
    cleanups.push(() => hub.stop());
    const app = await createApp({ pool, config, hub, log, roads });
    const server = createServer(app);
    const port = await listen(server, config.port);
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    lap('listen');
    checkAborted();
    // the live-demo simulator: a client of this server's own API (GRIDOPS_SIMULATOR, on in the demo)
    if (config.simulator) {
      const sim = await startSimulator(pool, config, log, `http://127.0.0.1:${port}`);
      cleanups.push(() => sim.stop());
    }
    opts.signal?.removeEventListener('abort', onAbort);
    timingsMs.total = Math.round(performance.now() - t0);

    let closing: Promise<void> | undefined;
    return {
      url: `http://localhost:${port}`,
      port,
      pool,
      hub,
      embedded,
      timingsMs,
      close: () => (closing ??= cleanup()),
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}
