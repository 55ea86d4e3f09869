/** SQL for the point layers of the map: substations and rail/metro stations. */
import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** Substations as GeoJSON points; properties id, name, voltage_kv, district_id. */
export async function substationsGeoJson(db: Queryable): Promise<unknown> {
  const { rows } = await db.query<{ fc: unknown }>(
    `SELECT json_build_object('type', 'FeatureCollection', 'features', COALESCE(json_agg(json_build_object(
              'type', 'Feature', 'id', id,
              'properties', json_build_object('id', id, 'name', name, 'voltage_kv', voltage_kv, 'district_id', district_id),
              'geometry', ST_AsGeoJSON(geom, 6)::json) ORDER BY id), '[]'::json)) AS fc
       FROM substations`,
  );
  return rows[0].fc;
}

/** Rail and metro stations as GeoJSON points; properties id, name, kind, district_id. */
export async function stationsGeoJson(db: Queryable): Promise<unknown> {
  const { rows } = await db.query<{ fc: unknown }>(
    `SELECT json_build_object('type', 'FeatureCollection', 'features', COALESCE(json_agg(json_build_object(
              'type', 'Feature', 'id', id,
              'properties', json_build_object('id', id, 'name', name, 'kind', kind, 'district_id', district_id),
              'geometry', ST_AsGeoJSON(geom, 6)::json) ORDER BY id), '[]'::json)) AS fc
       FROM stations`,
  );
  return rows[0].fc;
}
