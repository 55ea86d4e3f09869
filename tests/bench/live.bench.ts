/**
 * `npm run bench:live`: live delivery under load. Two GridOps server processes on one database (LISTEN/NOTIFY);
 * 200 SSE clients (half on each); a publisher inserting 50 events per second for 60 s through the hub (as the
 * services do). Measures delivery latency (publish → client, p50/p95/p99/max), lost, duplicated and out-of-order
 * events per client, and each server's resident memory at start and end. Writes bench-results/live.json and .md.
 *
 * Database: `DATABASE_URL` (a database the bench may migrate and write events into), else a throwaway embedded
 * cluster in a temp dir. Options: `--clients N`, `--rate N` (events/s), `--seconds N`, `--payload BYTES`, `--serial`
 * (publish one event at a time: then the events commit in id order, and any out-of-order delivery is the servers').
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import { hashPassword } from '../../server/auth/password.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../server/db/embedded.ts';
import { migrate } from '../../server/db/migrate.ts';
import { createPool } from '../../server/db/pool.ts';
import { EventHub } from '../../server/events/hub.ts';
import { silentLogger } from '../../server/log.ts';
import { SESSION_COOKIE, createSession } from '../../server/services/auth.ts';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '200' },
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '60' },
    payload: { type: 'string', default: '800' },
    // publish one event at a time (each awaited): commit order = id order, so any reordering is the servers'
    serial: { type: 'boolean', default: false },
  },
});
const CLIENTS = Number(args.clients);
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const PAYLOAD_BYTES = Number(args.payload);
const TOTAL = RATE * SECONDS;
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(ROOT, 'bench-results');

/** Resident memory of a process, MiB (Linux /proc). */
function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

/** CPU time used by a process so far, seconds (user + system, Linux /proc). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // after "pid (comm) ": state is field 0, utime 11, stime 12 (clock ticks, 100 per second on Linux)
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Starts `node --import tsx server/main.ts` on `port`; resolves once it prints "GridOps ready". */
function startServer(url: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url, PORT: String(port), GRIDOPS_DEMO: '0', GRIDOPS_SIMULATOR: 'off', NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server on ${port} did not start: ${out}`)), 60_000);
    const onData = (d: Buffer): void => {
      out += d.toString();
      if (out.includes('GridOps ready')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => reject(new Error(`server on ${port} exited with ${code}: ${out}`)));
  });
}

/** A worker thread holding the SSE clients of one server (live-clients.ts). */
function startClients(url: string, cookie: string, clients: number): Promise<Worker> {
  // the worker runs a .ts file: register tsx's loader in it first
  const entry = JSON.stringify(new URL('./live-clients.ts', import.meta.url).href);
  const w = new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${entry}); })`, { eval: true, workerData: { url, cookie, clients, total: TOTAL } });
  return new Promise((resolve, reject) => {
    w.once('message', () => resolve(w));
    w.once('error', reject);
  });
}

/** Asks a client worker for something and resolves to its answer. */
function ask<T>(w: Worker, message: string): Promise<T> {
  return new Promise((resolve) => {
    w.once('message', (m: T) => resolve(m));
    w.postMessage(message);
  });
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

async function main(): Promise<void> {
  const load0 = loadavg();
  let embedded: EmbeddedPostgres | undefined;
  let tempDir: string | undefined;
  let url = process.env.DATABASE_URL;
  if (!url) {
    tempDir = mkdtempSync(join(tmpdir(), 'gridops-live-'));
    chmodSync(tempDir, 0o755); // the postgres user must be able to enter it
    embedded = await startEmbeddedPostgres({ dataDir: tempDir, database: 'gridops_live', throwaway: true });
    url = embedded.url;
  }
  const servers: ChildProcess[] = [];
  const workers: Worker[] = [];
  const pool = createPool(url, { log: silentLogger, max: 8 });
  try {
    await migrate(pool);
    await pool.query(`INSERT INTO users (username, role, password_hash) VALUES ('bench-live', 'dispatcher', $1) ON CONFLICT (username) DO NOTHING`, [await hashPassword(`bench-${Date.now()}-${Math.random()}`)]);
    const { rows } = await pool.query<{ id: number }>(`SELECT id FROM users WHERE username = 'bench-live'`);
    const cookie = `${SESSION_COOKIE}=${await createSession(pool, rows[0].id, 2)}`;
    const ports = [18_900 + Math.floor(Math.random() * 500), 19_500 + Math.floor(Math.random() * 500)];
    for (const port of ports) servers.push(await startServer(url, port));
    console.log(`two servers up (pids ${servers.map((s) => s.pid).join(', ')}); connecting ${CLIENTS} SSE clients…`);

    // half the clients on each server, each half in its own worker thread
    for (let k = 0; k < 2; k++) workers.push(await startClients(`http://127.0.0.1:${ports[k]}`, cookie, Math.ceil((CLIENTS - k) / 2)));
    const connected = CLIENTS;
    await new Promise((r) => setTimeout(r, 1000));
    const memStart = servers.map((s) => rssMiB(s.pid!));
    const cpuStart = servers.map((s) => cpuSeconds(s.pid!));
    console.log(`${connected} clients connected; memory ${memStart.join(' / ')} MiB; publishing ${RATE}/s for ${SECONDS} s…`);

    // the publisher: events through the hub (INSERT + NOTIFY), as the services publish them
    const hub = new EventHub(pool, { connection: { connectionString: url }, log: silentLogger });
    const padding = 'x'.repeat(Math.max(0, PAYLOAD_BYTES - 60));
    const t0 = performance.now();
    const pending: Promise<unknown>[] = [];
    let late = 0;
    for (let seq = 0; seq < TOTAL; seq++) {
      const due = t0 + (seq * 1000) / RATE;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      else if (wait < -50) late++;
      const sent = hub.publish('bench.live', { seq, sentAt: performance.timeOrigin + performance.now(), padding });
      if (args.serial) await sent;
      else pending.push(sent);
      if (pending.length > 200) await Promise.all(pending.splice(0, 100));
    }
    await Promise.all(pending);
    const publishS = (performance.now() - t0) / 1000;
    // let the last events arrive
    const deadline = performance.now() + 10_000;
    for (;;) {
      const counts = await Promise.all(workers.map((w) => ask<{ count: number }>(w, 'count')));
      if (counts.reduce((x, c) => x + c.count, 0) >= TOTAL * CLIENTS || performance.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const memEnd = servers.map((s) => rssMiB(s.pid!));
    const cpuUsed = servers.map((s, i) => round1(cpuSeconds(s.pid!) - cpuStart[i]));
    const answers = await Promise.all(workers.map((w) => ask<{ perClient: { lost: number; duplicated: number; outOfOrder: number }[]; latencies: Float64Array }>(w, 'finish')));
    let lost = 0;
    let duplicated = 0;
    let outOfOrder = 0;
    let clientsComplete = 0;
    const perServer = answers.map((a) => ({
      lost: a.perClient.reduce((x, c) => x + c.lost, 0),
      duplicated: a.perClient.reduce((x, c) => x + c.duplicated, 0),
      latencies: a.latencies,
    }));
    for (const a of answers) {
      for (const c of a.perClient) {
        lost += c.lost;
        duplicated += c.duplicated;
        outOfOrder += c.outOfOrder;
        if (c.lost === 0 && c.duplicated === 0) clientsComplete++;
      }
    }
    const all = Float64Array.from([...answers[0].latencies, ...answers[1].latencies]).sort();
    const lat = (a: Float64Array) => ({ p50: round1(quantile(a, 0.5)), p95: round1(quantile(a, 0.95)), p99: round1(quantile(a, 0.99)), max: round1(a[a.length - 1] ?? NaN) });
    const load1 = loadavg();
    const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}; load average ${load0.map((l) => l.toFixed(1)).join(' / ')} at start, ${load1.map((l) => l.toFixed(1)).join(' / ')} at the end (a machine shared with other jobs: latencies are inflated)`;
    const result = {
      date: new Date().toISOString(),
      machine,
      setup: { servers: 2, clients: CLIENTS, serialPublisher: args.serial, ratePerSecond: RATE, seconds: SECONDS, events: TOTAL, payloadBytes: PAYLOAD_BYTES, publishSeconds: round1(publishS), publisherLateSends: late },
      deliveries: { expected: TOTAL * CLIENTS, received: all.length, lost, duplicated, outOfOrder, clientsComplete },
      latencyMs: lat(all),
      perServer: perServer.map((s, i) => ({ server: i + 1, pid: servers[i].pid, lost: s.lost, duplicated: s.duplicated, latencyMs: lat(Float64Array.from(s.latencies).sort()), memoryMiB: { start: memStart[i], end: memEnd[i] }, cpuSeconds: cpuUsed[i] })),
      targetP99Ms: 200,
    };
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, 'live.json'), `${JSON.stringify(result, null, 2)}\n`);
    const md = [
      '# Live delivery benchmark (`npm run bench:live`)',
      '',
      `${result.date}. Machine: ${machine}.`,
      '',
      `Two server processes on one PostgreSQL (LISTEN/NOTIFY), ${CLIENTS} SSE clients (half on each), ${RATE} events/s for ${SECONDS} s (${TOTAL} events of ~${PAYLOAD_BYTES} bytes, published through the hub by a separate process${args.serial ? ', one at a time' : ', concurrently when the publisher falls behind'}), loopback.`,
      '',
      '| | p50 ms | p95 ms | p99 ms | max ms | lost | duplicated | memory start → end MiB | server CPU s |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      ...result.perServer.map((s) => `| server ${s.server} | ${s.latencyMs.p50} | ${s.latencyMs.p95} | ${s.latencyMs.p99} | ${s.latencyMs.max} | ${s.lost} | ${s.duplicated} | ${s.memoryMiB.start} → ${s.memoryMiB.end} | ${s.cpuSeconds} |`),
      `| **all** | ${result.latencyMs.p50} | ${result.latencyMs.p95} | **${result.latencyMs.p99}** | ${result.latencyMs.max} | ${lost} | ${duplicated} | | |`,
      '',
      `Deliveries: ${all.length} of ${TOTAL * CLIENTS} expected; ${clientsComplete} of ${CLIENTS} clients got every event exactly once; ${outOfOrder} out of SSE id order. Target p99 ≤ 200 ms: ${result.latencyMs.p99 <= 200 ? 'met' : 'missed'}. Publisher sends more than 50 ms late: ${late}. Server CPU s: user + system time each server process used while publishing (${SECONDS} s), independent of how busy the rest of the machine was.`,
      '',
    ].join('\n');
    writeFileSync(join(OUT, 'live.md'), md);
    console.log(md);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
    for (const s of servers) s.kill('SIGTERM');
    await Promise.all(servers.map((s) => new Promise((r) => (s.exitCode !== null ? r(null) : s.once('exit', r)))));
    await pool.end();
    await embedded?.stop();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
