/** `server/main.ts` as a process: exit codes and messages, the ready line, clean shutdown. */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../server/db/embedded.ts';
import { api, createTestDatabase, createUser, loginAs } from './helpers.ts';
import type { TestDatabase } from './helpers.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface MainProcess {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  /** Resolves with the first match of `re` on stdout; rejects if the process exits first. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

function runMain(env: Record<string, string>): MainProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (re, timeoutMs = 120_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timeout waiting for ${re}; stdout:\n${out}\nstderr:\n${err}`)), timeoutMs);
        const check = (): void => {
          const m = re.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m);
          }
        };
        child.stdout!.on('data', check);
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`exited with ${code} before ${re}; stdout:\n${out}\nstderr:\n${err}`));
        });
        check();
      }),
  };
}

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe('server/main.ts', () => {
  it('exits 2 with one clear line when DATABASE_URL does not answer', async () => {
    const port = await freePort(); // nothing listens there
    const p = runMain({ DATABASE_URL: `postgresql://gridops:s3cret@127.0.0.1:${port}/gridops`, PORT: '0' });
    expect(await p.exited).toBe(2);
    expect(p.stderr()).toMatch(new RegExp(`^Cannot reach the database at postgresql://gridops:\\*\\*\\*@127\\.0\\.0\\.1:${port}/gridops: .*ECONNREFUSED.*\\n$`));
    expect(p.stderr()).not.toContain('s3cret');
    expect(p.stderr()).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('exits 1 naming the variable for a bad configuration', async () => {
    const p = runMain({ PORT: 'eighty', DATABASE_URL: db.url });
    expect(await p.exited).toBe(1);
    expect(p.stderr()).toMatch(/^Invalid configuration: PORT="eighty": .*\n$/);
  });

  it('prints the ready line, serves, and exits 0 on SIGTERM', async () => {
    const p = runMain({ DATABASE_URL: db.url, PORT: '0', GRIDOPS_DEMO: '0' });
    const [, url] = await p.waitFor(/GridOps ready at (http:\/\/localhost:\d+)\n/);
    expect((await api(url, 'GET', '/api/health')).status).toBe(200);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.stdout()).toContain('SIGTERM: shutting down');
  });

  it('refuses to start in production while a user has the demo password', async () => {
    await createUser(db.pool, 'legacy-admin', 'admin', { password: 'gridops' });
    const p = runMain({ DATABASE_URL: db.url, PORT: '0', NODE_ENV: 'production' });
    expect(await p.exited).toBe(1);
    expect(p.stderr()).toMatch(/^Refusing to start with NODE_ENV=production: 1 user\(s\) still have the demo password "gridops" \(legacy-admin\)/);
  });

  it('embedded demo: creates the cluster, seeds, prints the demo accounts, and keeps them across a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gridops-main-'));
    chmodSync(dataDir, 0o755);
    const env = { GRIDOPS_DATA_DIR: dataDir, PORT: '0', GRIDOPS_DEMO_CUSTOMERS: '1000' };
    try {
      const first = runMain(env);
      const [, url] = await first.waitFor(/GridOps ready at (http:\/\/localhost:\d+)\n/, 240_000);
      expect(first.stdout()).toMatch(/demo accounts: admin, planner, dispatcher(, manager1( … manager\d+)?)? \(password "gridops"\)/);
      const me = await api(url, 'GET', '/api/auth/me', { cookie: await loginAs(url, { username: 'planner', password: 'gridops' }) });
      expect(me.body).toMatchObject({ user: { username: 'planner', role: 'planner' } });
      first.child.kill('SIGINT');
      expect(await first.exited).toBe(0);
      expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false); // cluster stopped

      const second = runMain(env);
      const [, url2] = await second.waitFor(/GridOps ready at (http:\/\/localhost:\d+)\n/, 240_000);
      expect(second.stdout()).not.toMatch(/creating the embedded|seeding|demo accounts:/);
      expect(await loginAs(url2, { username: 'admin', password: 'gridops' })).toMatch(/^gridops_session=/);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 600_000);
});
