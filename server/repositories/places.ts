/** SQL for known places (rail/metro stations, districts, substations) matched by name. */
import type pg from 'pg';

type Db = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** A named place. */
export interface PlaceRow {
  name: string;
  kind: 'station' | 'district' | 'substation';
  lng: number;
  lat: number;
}

/**
 * Places whose name contains `q` (case-insensitive; `%` and `_` taken literally): exact names first, then names
 * starting with `q`, then shorter names; at most `limit`. A district is placed at a point on its surface.
 */
export async function searchPlaces(db: Db, q: string, limit: number): Promise<PlaceRow[]> {
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const { rows } = await db.query<PlaceRow>(
    `SELECT name, kind, lng, lat FROM (
       SELECT name, 'station' AS kind, ST_X(geom) AS lng, ST_Y(geom) AS lat FROM stations WHERE name ILIKE $1
       UNION ALL
       SELECT name_zh, 'district', ST_X(ST_PointOnSurface(geom)), ST_Y(ST_PointOnSurface(geom)) FROM districts WHERE name_zh ILIKE $1 OR name_en ILIKE $1
       UNION ALL
       SELECT name, 'substation', ST_X(geom), ST_Y(geom) FROM substations WHERE name ILIKE $1
     ) p
     ORDER BY (lower(name) = lower($2)) DESC, (lower(name) LIKE lower($3)) DESC, length(name), name, kind
     LIMIT $4`,
    [like, q, `${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`, limit],
  );
  return rows;
}

/** True when the point lies in a district (the service area). */
export async function inServiceArea(db: Db, lng: number, lat: number): Promise<boolean> {
  const { rows } = await db.query<{ inside: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM districts WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326))) AS inside',
    [lng, lat],
  );
  return rows[0].inside;
}
