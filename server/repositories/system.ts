/** SQL for the health check. */
import type pg from 'pg';

/** PostgreSQL and PostGIS versions, e.g. `{postgres: '15.14', postgis: '3.3.2'}` (postgis null if absent). */
export async function databaseVersions(db: Pick<pg.Pool, 'query'>): Promise<{ postgres: string; postgis: string | null }> {
  const { rows } = await db.query<{ postgres: string; postgis: string | null }>(
    `SELECT current_setting('server_version') AS postgres,
            (SELECT extversion FROM pg_extension WHERE extname = 'postgis') AS postgis`,
  );
  return rows[0];
}
