/** The PostgreSQL connection pool, transactions, and recognising "the database is unavailable" errors. */
import pg from 'pg';
import type { Logger } from '../log.ts';

// bigint (int8) and numeric stay strings by default; counts and sums in this app fit in a double
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface PoolOptions {
  /** Most connections, default 10. */
  max?: number;
  /** Log of idle-connection errors (a dropped server), so they do not crash the process. */
  log: Logger;
}

/** Creates a pool for `connectionString`. Errors of idle clients are logged, never thrown. */
export function createPool(connectionString: string, opts: PoolOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: opts.max ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: 'gridops',
  });
  pool.on('error', (err) => opts.log.warn('db: idle connection lost', { error: err.message }));
  return pool;
}

/**
 * Runs `fn` inside BEGIN … COMMIT on one client; rolls back and rethrows if `fn` throws.
 * A client whose connection broke is destroyed rather than returned to the pool.
 */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    try {
      await client.query('ROLLBACK');
    } catch (rollbackErr) {
      broken = rollbackErr as Error;
    }
    throw err;
  } finally {
    client.release(broken);
  }
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
]);

const UNAVAILABLE_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Connection is closed',
  'the database system is',
  'terminating connection due to administrator command',
];

/** True when `err` means the database cannot be reached right now (answer 503, retry later). */
export function isDbUnavailableError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
  if (err instanceof AggregateError) return err.errors.some(isDbUnavailableError);
  return UNAVAILABLE_MESSAGES.some((m) => err.message.includes(m));
}
