/**
 * Server tests' global setup: a throwaway embedded PostgreSQL in a temp dir (or the server of
 * `TEST_DATABASE_URL`), with a migrated template database. Each test file clones the template
 * (`createTestDatabase` in helpers.ts) and drops its clone afterwards.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../server/db/embedded.ts';
import type { EmbeddedPostgres } from '../../server/db/embedded.ts';
import { migrate } from '../../server/db/migrate.ts';
import { createPool } from '../../server/db/pool.ts';
import { silentLogger } from '../../server/log.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of a database on the test server from which databases can be created and dropped. */
    pgAdminUrl: string;
    /** Name of the migrated template database. */
    pgTemplate: string;
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let embedded: EmbeddedPostgres | undefined;
  let tempDir: string | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  const template = `gridops_template_${process.pid}`;
  if (!adminUrl) {
    tempDir = mkdtempSync(join(tmpdir(), 'gridops-test-'));
    chmodSync(tempDir, 0o755); // the postgres user must be able to enter it
    embedded = await startEmbeddedPostgres({ dataDir: tempDir, database: 'postgres', throwaway: true });
    adminUrl = embedded.url;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(template)}`);
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(template)}`);
  } finally {
    await admin.end();
  }
  const pool = createPool(withDatabase(adminUrl, template), { log: silentLogger, max: 1 });
  try {
    await migrate(pool);
  } finally {
    await pool.end();
  }
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', template);

  return async () => {
    if (embedded) {
      await embedded.stop();
    } else {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(template)} WITH (FORCE)`).finally(() => c.end());
    }
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  };
}
