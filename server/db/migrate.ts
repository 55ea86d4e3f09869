/**
 * Schema migrations: `server/db/migrations/NNN_name.sql`, applied in numeric order, each in its own
 * transaction and recorded in `schema_migrations`. Applying twice is a no-op; an advisory lock keeps two
 * processes from migrating at once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';

/** The folder of the project's migration files. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

// any constant shared by all GridOps processes
const LOCK_KEY = 0x67726964; // 'grid'

/** Migration files in `dir` sorted by their numeric prefix. @throws Error on a name without one or a duplicate number. */
export function listMigrations(dir = MIGRATIONS_DIR): string[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql'));
  const numbered = files.map((f) => {
    const m = /^(\d+)_[\w.-]+\.sql$/.exec(f);
    if (!m) throw new Error(`migration file name must be NNN_name.sql: ${f}`);
    return { f, n: Number(m[1]) };
  });
  numbered.sort((a, b) => a.n - b.n || a.f.localeCompare(b.f));
  for (let i = 1; i < numbered.length; i++) {
    if (numbered[i].n === numbered[i - 1].n) throw new Error(`two migrations numbered ${numbered[i].n}: ${numbered[i - 1].f}, ${numbered[i].f}`);
  }
  return numbered.map((x) => x.f);
}

/**
 * Applies every migration not yet recorded. Resolves to the names applied now (empty when up to date).
 * @throws the SQL error of a failing migration (that migration is rolled back; earlier ones stay).
 */
export async function migrate(pool: pg.Pool, opts: { dir?: string; log?: (m: string) => void } = {}): Promise<string[]> {
  const dir = opts.dir ?? MIGRATIONS_DIR;
  const files = listMigrations(dir);
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        name        text PRIMARY KEY,
        applied_at  timestamptz NOT NULL DEFAULT now()
      )`);
      const { rows } = await client.query<{ name: string }>('SELECT name FROM schema_migrations');
      const done = new Set(rows.map((r) => r.name));
      for (const file of files) {
        if (done.has(file)) continue;
        const sql = readFileSync(join(dir, file), 'utf8');
        await client.query('BEGIN');
        try {
          await client.query(sql);
          await client.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK');
          (err as Error).message = `migration ${file} failed: ${(err as Error).message}`;
          throw err;
        }
        applied.push(file);
        opts.log?.(`migrated ${file}`);
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => {});
    }
  } finally {
    client.release();
  }
  return applied;
}
