/** SQL for `districts`. */
import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/**
 * All districts as a GeoJSON FeatureCollection (built in PostgreSQL). Properties: id, adcode, name_zh,
 * name_en, population (2020 census), area_km2, label (`[lng, lat]` inside the district). Geometry is
 * simplified to ~10 m (ST_SimplifyPreserveTopology 0.0001°) and rounded to 6 decimals.
 */
export async function districtsGeoJson(db: Queryable): Promise<unknown> {
  const { rows } = await db.query<{ fc: unknown }>(
    `SELECT json_build_object('type', 'FeatureCollection', 'features', COALESCE(json_agg(f ORDER BY (f->>'id')::int), '[]'::json)) AS fc
       FROM (
         SELECT json_build_object(
                  'type', 'Feature',
                  'id', d.id,
                  'properties', json_build_object(
                    'id', d.id, 'adcode', d.adcode, 'name_zh', d.name_zh, 'name_en', d.name_en,
                    'population', d.population,
                    'area_km2', round((ST_Area(d.geom::geography) / 1e6)::numeric, 1),
                    'label', json_build_array(round(ST_X(p)::numeric, 5), round(ST_Y(p)::numeric, 5))),
                  'geometry', ST_AsGeoJSON(ST_SimplifyPreserveTopology(d.geom, 0.0001), 6)::json) AS f
           FROM districts d, LATERAL ST_PointOnSurface(d.geom) AS p
       ) s`,
  );
  return rows[0].fc;
}
