/**
 * `npm run bench:tiles`: random vector tiles over central Guangzhou at concurrency 20, through the real HTTP app.
 * Customer tiles at z12–16 (the target: p95 ≤ 50 ms with the default 1,000,000-customer demo), plus a smaller
 * run of cell tiles. Uses `DATABASE_URL` or the embedded cluster under `GRIDOPS_DATA_DIR` (seeding the default
 * demo if it is empty). Writes bench-results/tiles.json and bench-results/tiles.md.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { mulberry32 } from '../../geo/random.ts';
import { isSeeded, seedDemo } from '../../seed/demo.ts';
import { hashPassword } from '../../server/auth/password.ts';
import { loadConfig } from '../../server/config.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../server/db/embedded.ts';
import { migrate } from '../../server/db/migrate.ts';
import { createPool } from '../../server/db/pool.ts';
import { silentLogger } from '../../server/log.ts';
import { SESSION_COOKIE, createSession } from '../../server/services/auth.ts';

// central Guangzhou: Liwan, Yuexiu, Haizhu, Tianhe and south Baiyun
const BBOX = [113.22, 23.05, 113.42, 23.2] as const;
const CONCURRENCY = 20;

function tileOf(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  return [Math.floor(((lng + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)];
}

function pct(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

/** CPU seconds (user + system) of local processes from /proc; 0 for pids that are gone. */
function cpuOf(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // the backend exited
    }
  }
  return ticks / 100;
}

interface RunResult {
  layer: string;
  zooms: string;
  requests: number;
  concurrency: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  throughputRps: number;
  status: Record<string, number>;
  avgBytes: number;
  p95ByZoom: Record<string, number>;
  /** CPU per request, ms: this process (load generator + server thread) and the PostgreSQL backends serving it. */
  cpuMsPerRequest: { node: number; postgres: number } | null;
}

async function run(base: string, cookie: string, layer: string, zMin: number, zMax: number, requests: number, seed: number, backends: () => Promise<number[]>): Promise<RunResult> {
  const rng = mulberry32(seed);
  const urls = Array.from({ length: requests }, () => {
    const z = zMin + Math.floor(rng() * (zMax - zMin + 1));
    const [x, y] = tileOf(BBOX[0] + rng() * (BBOX[2] - BBOX[0]), BBOX[1] + rng() * (BBOX[3] - BBOX[1]), z);
    return { z, url: `${base}/api/tiles/${layer}/${z}/${x}/${y}.mvt` };
  });
  const times: number[] = [];
  const byZoom = new Map<number, number[]>();
  const status: Record<string, number> = {};
  let bytes = 0;
  let next = 0;
  const pids = await backends();
  const pg0 = cpuOf(pids);
  const node0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < urls.length) {
        const { z, url } = urls[next++];
        const s = performance.now();
        const res = await fetch(url, { headers: { cookie } });
        const body = await res.arrayBuffer();
        const ms = performance.now() - s;
        times.push(ms);
        (byZoom.get(z) ?? byZoom.set(z, []).get(z) as number[]).push(ms);
        status[res.status] = (status[res.status] ?? 0) + 1;
        bytes += body.byteLength;
      }
    }),
  );
  const wall = (performance.now() - t0) / 1000;
  const nodeCpu = process.cpuUsage(node0);
  const pids2 = await backends();
  const pgCpu = cpuOf(pids2) - pg0; // backends started during the run count from zero
  const local = pids2.length > 0 && pgCpu >= 0;
  times.sort((a, b) => a - b);
  const r1 = (v: number) => Math.round(v * 10) / 10;
  const p95ByZoom: Record<string, number> = {};
  for (const [z, t] of [...byZoom.entries()].sort((a, b) => a[0] - b[0])) p95ByZoom[`z${z}`] = r1(pct(t.sort((a, b) => a - b), 95));
  return {
    layer,
    zooms: `${zMin}–${zMax}`,
    requests,
    concurrency: CONCURRENCY,
    p50: r1(pct(times, 50)),
    p95: r1(pct(times, 95)),
    p99: r1(pct(times, 99)),
    max: r1(times[times.length - 1]),
    throughputRps: r1(requests / wall),
    status,
    avgBytes: Math.round(bytes / requests),
    p95ByZoom,
    cpuMsPerRequest: local ? { node: r1((nodeCpu.user + nodeCpu.system) / 1000 / requests), postgres: r1((pgCpu * 1000) / requests) } : null,
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { requests: { type: 'string' } } });
  const requests = Number(values.requests ?? 2000);
  const config = loadConfig();
  let embedded: EmbeddedPostgres | undefined;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir });
    url = embedded.url;
  }
  const pool = createPool(url, { log: silentLogger, max: 2 });
  let worker: Worker | undefined;
  let userId: number | undefined;
  try {
    await migrate(pool);
    if (!(await isSeeded(pool))) {
      console.log('database empty: seeding the default demo first…');
      await seedDemo(pool, { seed: config.seed, customers: config.demoCustomers, log: (m) => console.log(`  ${m}`) });
    }
    const customers = (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM customers')).rows[0].n;
    const u = await pool.query<{ id: number }>(
      `INSERT INTO users (username, role, password_hash) VALUES ('bench-tiles-' || floor(random() * 1e9)::text, 'planner', $1) RETURNING id`,
      [await hashPassword('bench-only-not-a-login')],
    );
    userId = u.rows[0].id;
    const cookie = `${SESSION_COOKIE}=${await createSession(pool, userId, 1)}`;
    // the server runs in its own thread so this load generator does not share its event loop
    // tsx's loader hooks do not reach worker threads by themselves: register them in the worker first
    const entry = JSON.stringify(new URL('./tiles-server.ts', import.meta.url).href);
    const w = new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${entry}); })`, { eval: true, workerData: { url } });
    worker = w;
    const port = await new Promise<number>((resolve, reject) => {
      w.once('message', (m: { port: number }) => resolve(m.port));
      w.once('error', reject);
    });
    const base = `http://127.0.0.1:${port}`;
    const load = loadavg()[0];
    const backends = async () =>
      (await pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = 'gridops' AND pid <> pg_backend_pid()`)).rows.map((r) => r.pid);
    // warm-up: plans, caches
    const cache = (on: boolean) =>
      new Promise<void>((resolve) => {
        w.once('message', () => resolve());
        w.postMessage(on ? 'cache on' : 'cache off');
      });
    // cold: the server's tile cache off, every tile rendered by PostGIS; warm: cache on (random tiles repeat)
    await cache(false);
    await run(base, cookie, 'customers', 12, 16, 100, 99, backends);
    const cold = await run(base, cookie, 'customers', 12, 16, requests, 1, backends);
    const cells = await run(base, cookie, 'cells', 10, 14, Math.round(requests / 4), 2, backends);
    await cache(true);
    const warm = await run(base, cookie, 'customers', 12, 16, requests, 1, backends);
    const results = [
      { ...cold, layer: 'customers (cold: no server cache)' },
      { ...warm, layer: 'customers (server tile cache, same tile sequence)' },
      { ...cells, layer: 'cells (cold)' },
    ];
    const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, load average ${load.toFixed(1)} at start (shared machine)`;
    const out = { date: new Date().toISOString(), machine, customers, bbox: BBOX, results };
    mkdirSync('bench-results', { recursive: true });
    writeFileSync('bench-results/tiles.json', JSON.stringify(out, null, 2) + '\n');
    const md = [
      `# Vector tiles benchmark`,
      ``,
      `${out.date} — ${machine}. Dataset: ${customers.toLocaleString('en')} customers. Random tiles over central Guangzhou (${BBOX.join(', ')}), concurrency ${CONCURRENCY}, through HTTP (Express in its own thread + session check + PostGIS ST_AsMVT). Target: customer tiles z12–16 p95 ≤ 50 ms.`,
      ``,
      `| layer | zooms | requests | p50 ms | p95 ms | p99 ms | max ms | req/s | avg bytes | statuses | p95 by zoom | CPU ms/request (node, postgres) |`,
      `|---|---|---|---|---|---|---|---|---|---|---|---|`,
      ...results.map(
        (r) =>
          `| ${r.layer} | ${r.zooms} | ${r.requests} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.max} | ${r.throughputRps} | ${r.avgBytes} | ${Object.entries(r.status).map(([k, v]) => `${k}: ${v}`).join(', ')} | ${Object.entries(r.p95ByZoom).map(([k, v]) => `${k} ${v}`).join(', ')} | ${r.cpuMsPerRequest ? `${r.cpuMsPerRequest.node}, ${r.cpuMsPerRequest.postgres}` : 'n/a'} |`,
      ),
      ``,
      `CPU per request is measured from /proc (this process, which also runs the load generator, and the PostgreSQL`,
      `backends serving the app); on a machine shared with other jobs latency is mostly queueing, and`,
      `2 cores ÷ CPU per request bounds the throughput an idle machine would reach.`,
      ``,
    ].join('\n');
    writeFileSync('bench-results/tiles.md', md);
    console.log(md);
  } finally {
    if (userId !== undefined) await pool.query('DELETE FROM users WHERE id = $1', [userId]).catch(() => {});
    if (worker) {
      const w = worker;
      await new Promise<void>((resolve) => {
        w.once('message', () => resolve());
        w.postMessage('stop');
        setTimeout(resolve, 5000).unref();
      });
      await w.terminate();
    }
    await pool.end();
    await embedded?.stop();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
