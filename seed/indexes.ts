/**
 * Drops a table's plain (non-constraint) indexes for a bulk load and recreates them afterwards: building an
 * index once after COPY is several times faster than maintaining it row by row. Runs inside the caller's
 * transaction, so a failure restores the indexes. Node-only.
 */
import type pg from 'pg';

/**
 * Drops every index of `table` that does not back a constraint and returns the statements to recreate them.
 * @throws database errors.
 */
export async function dropPlainIndexes(client: pg.PoolClient, table: string): Promise<string[]> {
  const r = await client.query<{ name: string; def: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS def
       FROM pg_index i
      WHERE i.indrelid = $1::regclass
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
      ORDER BY 1`,
    [table],
  );
  for (const row of r.rows) await client.query(`DROP INDEX ${row.name}`);
  return r.rows.map((row) => row.def);
}

/** Runs the `CREATE INDEX` statements returned by `dropPlainIndexes`. */
export async function recreateIndexes(client: pg.PoolClient, defs: readonly string[]): Promise<void> {
  for (const def of defs) await client.query(def);
}
