/** The embedded cluster: created once, data kept across restarts, stale postmaster.pid handled. */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MissingPostgresError, findPostgres, startEmbeddedPostgres } from '../../../server/db/embedded.ts';
import type { EmbeddedPostgres } from '../../../server/db/embedded.ts';

let dataDir: string;
let running: EmbeddedPostgres | undefined;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'gridops-embedded-'));
  chmodSync(dataDir, 0o755);
});
afterAll(async () => {
  await running?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

const start = () => startEmbeddedPostgres({ dataDir, throwaway: true });

describe('embedded PostgreSQL', () => {
  it('creates the cluster with PostGIS on first start and keeps data across a restart', async () => {
    running = await start();
    expect(running.created).toBe(true);
    expect(running.owned).toBe(true);
    expect(existsSync(join(dataDir, 'postgres', 'PG_VERSION'))).toBe(true);
    const [v] = await query<{ v: string }>(running.url, 'SELECT postgis_lib_version() AS v');
    expect(v.v).toMatch(/^3\./);
    await query(running.url, 'CREATE TABLE kept (x int); INSERT INTO kept VALUES (42)');
    await running.stop();
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);

    running = await start();
    expect(running.created).toBe(false);
    expect(await query(running.url, 'SELECT x FROM kept')).toEqual([{ x: 42 }]);
  });

  it('a second start while it runs attaches to the running cluster and does not stop it', async () => {
    const second = await start();
    expect(second.owned).toBe(false);
    expect(second.port).toBe(running!.port);
    await second.stop();
    expect(await query(running!.url, 'SELECT x FROM kept')).toEqual([{ x: 42 }]);
  });

  it('starts after a crash that left a stale postmaster.pid (dead pid)', async () => {
    const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
    const content = readFileSync(pidFile, 'utf8');
    await running!.stop();
    // a pid that surely is gone: a process that already exited
    const dead = spawnSync('true').pid!;
    writeFileSync(pidFile, content.replace(/^\d+/, String(dead)));
    running = await start();
    expect(await query(running.url, 'SELECT x FROM kept')).toEqual([{ x: 42 }]);
  });

  it('starts after the postmaster was killed with SIGKILL', async () => {
    const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    await expect.poll(() => { try { process.kill(pid, 0); return true; } catch { return false; } }, { timeout: 10_000 }).toBe(false);
    expect(existsSync(pidFile)).toBe(true);
    running = await start();
    expect(running.owned).toBe(true);
    expect(await query(running.url, 'SELECT x FROM kept')).toEqual([{ x: 42 }]);
  });

  it('names the Debian package when PostgreSQL is missing', async () => {
    const err = await findPostgres('/nonexistent', '/nonexistent-root').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingPostgresError);
    expect((err as Error).message).toMatch(/postgresql-15-postgis-3/);
  });
});
