/**
 * `npm run seed -- [--seed N] [--customers N] [--now ISO]`: loads the Guangzhou demo dataset into the
 * database of `DATABASE_URL`, or into the embedded cluster under `GRIDOPS_DATA_DIR` (started if needed),
 * after applying migrations. Prints the timings and the database size.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/config.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../server/db/embedded.ts';
import { migrate } from '../server/db/migrate.ts';
import { createPool } from '../server/db/pool.ts';
import { consoleLogger } from '../server/log.ts';
import { seedDemo } from './demo.ts';

function intArg(name: string, v: string | undefined, def: number, min: number, max: number): number {
  if (v === undefined) return def;
  const n = Number(v.replace(/_/g, ''));
  if (!Number.isInteger(n) || n < min || n > max) throw new RangeError(`--${name} must be an integer in ${min}..${max}, got ${v}`);
  return n;
}

/** CPU time (user + system) of a local process from /proc, ms; null when not readable (remote server). */
function backendCpuMs(pid: number): number | null {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100; // utime, stime in clock ticks (100 Hz)
  } catch {
    return null;
  }
}

function loadAverage(): string {
  try {
    return `load average ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`;
  } catch {
    return 'load average unknown';
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { seed: { type: 'string' }, customers: { type: 'string' }, now: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log('usage: npm run seed -- [--seed N] [--customers N (1000..10000000)] [--now 2026-11-28T00:00:00+08:00]');
    return;
  }
  const config = loadConfig();
  const seed = intArg('seed', values.seed, config.seed, 0, 2 ** 31 - 1);
  const customers = intArg('customers', values.customers, config.demoCustomers, 1000, 10_000_000);
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, log: (m) => console.log(m) });
    url = embedded.url;
  }
  const pool = createPool(url, { log: consoleLogger, max: 2 });
  try {
    await migrate(pool, { log: (m) => console.log(m) });
    console.log(`seeding ${customers.toLocaleString('en')} customers with seed ${seed}…`);
    const r = await seedDemo(pool, { seed, customers, now: values.now, log: (m) => console.log(`  ${m}`) });
    const size = await pool.query<{ size: string }>('SELECT pg_size_pretty(pg_database_size(current_database())) AS size');
    console.log(`rows: ${JSON.stringify(r.rows)}`);
    console.log(`seeded in ${(r.totalMs / 1000).toFixed(1)} s; database size ${size.rows[0].size}; history ends ${r.referenceNow}`);
    const pgCpu = backendCpuMs(r.backendPid);
    console.log(`cpu: node ${(r.nodeCpuMs / 1000).toFixed(1)} s${pgCpu === null ? '' : `, postgres loading backend ${(pgCpu / 1000).toFixed(1)} s`} (wall time also depends on other load: ${loadAverage()})`);
  } finally {
    await pool.end();
    await embedded?.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
