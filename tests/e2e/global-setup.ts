/**
 * E2E global setup: starts the real GridOps server (`npx tsx server/main.ts`) on a free port with its own data
 * folder and a small demo (20,000 customers), waits for `GridOps ready at`, and hands the URL to the tests.
 * Teardown stops it with SIGTERM and deletes the data folder. The client must already be built (`vite build`).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://localhost:<port>` of the server under test. */
    baseUrl: string;
  }
}

/** First start runs initdb, migrations and the seed: allow plenty of time on a busy 2-core machine. */
const READY_TIMEOUT_MS = 280_000;
const STOP_TIMEOUT_MS = 40_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Sends `signal` to every process of the group we started (npx, tsx and the server node process). */
function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

async function waitForGroupExit(pgid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (!groupAlive(pgid)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return !groupAlive(pgid);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync('dist/client/index.html')) {
    throw new Error('dist/client is not built: run `npx vite build` before the e2e tests (npm test does).');
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'gridops-e2e-'));
  // when run as root the embedded cluster runs as the postgres user, which must be able to enter the folder
  await chmod(dataDir, 0o755);
  const port = await freePort();
  const output: string[] = [];
  const child = spawn('npx', ['tsx', 'server/main.ts'], {
    env: { ...process.env, GRIDOPS_DATA_DIR: dataDir, PORT: String(port), GRIDOPS_DEMO_CUSTOMERS: '20000' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // own process group, so teardown can make sure nothing we started outlives the run
    detached: true,
  });
  const tail = () => output.join('').split('\n').slice(-40).join('\n');

  const stop = async (): Promise<void> => {
    const pgid = child.pid;
    // npx does not pass SIGTERM on to the server, so signal the whole group; the server stops its cluster
    if (pgid !== undefined && groupAlive(pgid)) {
      signalGroup(pgid, 'SIGTERM');
      if (!(await waitForGroupExit(pgid, STOP_TIMEOUT_MS))) {
        process.stderr.write(`e2e: server did not stop within ${STOP_TIMEOUT_MS / 1000} s; killing its process group\n`);
        signalGroup(pgid, 'SIGKILL');
      }
    }
    child.stdout?.destroy();
    child.stderr?.destroy();
    await rm(dataDir, { recursive: true, force: true });
  };

  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server not ready after ${READY_TIMEOUT_MS / 1000} s; last output:\n${tail()}`)), READY_TIMEOUT_MS);
      let buffered = '';
      const onData = (chunk: Buffer) => {
        const text = chunk.toString();
        output.push(text);
        buffered += text;
        const m = /GridOps ready at (\S+)/.exec(buffered);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`server exited before it was ready (code ${code}, signal ${signal}); last output:\n${tail()}`));
      });
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    project.provide('baseUrl', url);
  } catch (err) {
    await stop();
    throw err;
  }
  return stop;
}
