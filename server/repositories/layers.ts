/** SQL for the point layers of the map: substations and rail/metro stations. */
import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/**
 * All rows of a point table as a GeoJSON FeatureCollection ordered by id; each feature's properties are the
 * given columns (names and values as in the table). `table` and `columns` are SQL identifiers from this file.
 */
async function pointLayerGeoJson(db: Queryable, table: 'substations' | 'stations', columns: readonly string[]): Promise<unknown> {
  const properties = columns.map((c) => `'${c}', ${c}`).join(', ');
  const { rows } = await db.query<{ fc: unknown }>(
    `SELECT json_build_object('type', 'FeatureCollection', 'features', COALESCE(json_agg(json_build_object(
              'type', 'Feature', 'id', id,
              'properties', json_build_object(${properties}),
              'geometry', ST_AsGeoJSON(geom, 6)::json) ORDER BY id), '[]'::json)) AS fc
       FROM ${table}`,
  );
  return rows[0].fc;
}

/** Substations as GeoJSON points; properties id, name, voltage_kv, district_id. */
export function substationsGeoJson(db: Queryable): Promise<unknown> {
  return pointLayerGeoJson(db, 'substations', ['id', 'name', 'voltage_kv', 'district_id']);
}

/** Rail and metro stations as GeoJSON points; properties id, name, kind, district_id. */
export function stationsGeoJson(db: Queryable): Promise<unknown> {
  return pointLayerGeoJson(db, 'stations', ['id', 'name', 'kind', 'district_id']);
}
