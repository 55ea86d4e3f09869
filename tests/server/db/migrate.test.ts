import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMigrations, migrate } from '../../../server/db/migrate.ts';
import { createTestDatabase } from '../helpers.ts';
import type { TestDatabase } from '../helpers.ts';

let empty: TestDatabase;
let scratch: TestDatabase;
let dir: string;

beforeAll(async () => {
  [empty, scratch] = await Promise.all([createTestDatabase({ empty: true }), createTestDatabase({ empty: true })]);
  dir = mkdtempSync(join(tmpdir(), 'gridops-migrations-'));
});
afterAll(async () => {
  await empty?.drop();
  await scratch?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('migrate', () => {
  it('applies every migration once on a blank database, concurrently safe; a second run is a no-op', async () => {
    const files = listMigrations();
    expect(files[0]).toBe('001_init.sql');
    // two processes racing: the advisory lock serialises them, each migration is applied exactly once
    const [x, y] = await Promise.all([migrate(empty.pool), migrate(empty.pool)]);
    expect([...x, ...y].sort()).toEqual([...files].sort());
    expect(await migrate(empty.pool)).toEqual([]);
    const { rows } = await empty.pool.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(files);
    const geo = await empty.pool.query(`SELECT count(*)::int AS n FROM geometry_columns WHERE srid <> 4326`);
    expect(geo.rows[0].n).toBe(0); // every geometry column is WGS84
  });

  it('orders files numerically, rolls back a failing migration and keeps the earlier ones', async () => {
    writeFileSync(join(dir, '10_later.sql'), 'CREATE TABLE later (id int);');
    writeFileSync(join(dir, '2_first.sql'), 'CREATE TABLE first (id int);');
    writeFileSync(join(dir, '11_broken.sql'), 'CREATE TABLE half (id int); SELECT no_such_function();');
    expect(listMigrations(dir)).toEqual(['2_first.sql', '10_later.sql', '11_broken.sql']);
    await expect(migrate(scratch.pool, { dir })).rejects.toThrow(/migration 11_broken.sql failed/);
    const { rows } = await scratch.pool.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY applied_at, name');
    expect(rows.map((r) => r.name)).toEqual(['2_first.sql', '10_later.sql']);
    const half = await scratch.pool.query(`SELECT to_regclass('half') AS t`);
    expect(half.rows[0].t).toBeNull();
    // fixed, it applies just that one
    writeFileSync(join(dir, '11_broken.sql'), 'CREATE TABLE half (id int);');
    expect(await migrate(scratch.pool, { dir })).toEqual(['11_broken.sql']);
  });

  it('rejects badly named or duplicate-numbered files', () => {
    const bad = mkdtempSync(join(tmpdir(), 'gridops-migrations-bad-'));
    try {
      writeFileSync(join(bad, 'init.sql'), '');
      expect(() => listMigrations(bad)).toThrow(/NNN_name.sql: init.sql/);
      rmSync(join(bad, 'init.sql'));
      writeFileSync(join(bad, '003_a.sql'), '');
      writeFileSync(join(bad, '3_b.sql'), '');
      expect(() => listMigrations(bad)).toThrow(/two migrations numbered 3/);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});
