/**
 * Vector tiles (Mapbox Vector Tile, via PostGIS ST_AsMVT) for the map layers. Every query selects rows with the
 * tile's WGS84 box (GiST index on the 4326 geometry; a Web Mercator tile is an axis-aligned box in lng/lat)
 * and transforms only those rows to EPSG:3857.
 */
import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** Layers served as tiles. */
export const TILE_LAYERS = ['customers', 'substations', 'faults', 'cells'] as const;
export type TileLayer = (typeof TILE_LAYERS)[number];

/** Tile extent (MVT units per tile side) and the buffer around it, in the same units. */
const EXTENT = 4096;
const BUFFER = 64;
/** Below this zoom the customers layer is one point per H3 cell (count and load summed), not one per customer. */
export const CUSTOMER_POINTS_MIN_ZOOM = 15;

/** H3 resolution of the `cells` layer (and of customer aggregates) at a zoom level. */
export function cellResForZoom(z: number): number {
  if (z <= 9) return 7;
  if (z <= 11) return 8;
  if (z <= 13) return 9;
  return 10;
}

// $1 z, $2 x, $3 y. `bounds` is the tile plus its buffer in 4326 for the index filter; `env` the tile in 3857.
const TILE_CTE = `WITH t AS (
  SELECT ST_TileEnvelope($1, $2, $3) AS env,
         ST_Transform(ST_TileEnvelope($1, $2, $3, margin => ${BUFFER / EXTENT}), 4326) AS bounds)`;

const mvtGeom = (g: string): string => `ST_AsMVTGeom(ST_Transform(${g}, 3857), t.env, ${EXTENT}, ${BUFFER}, true)`;

function sqlFor(layer: TileLayer, z: number): { sql: string; extra: unknown[] } {
  switch (layer) {
    case 'customers':
      if (z < CUSTOMER_POINTS_MIN_ZOOM) {
        // one point per cell centre, with the cell's customers and load
        return {
          sql: `${TILE_CTE}
            SELECT ST_AsMVT(q, 'customers', ${EXTENT}, 'geom') AS mvt FROM (
              SELECT c.h3, c.customers AS n, c.load_kw, ${mvtGeom('ST_Centroid(c.geom)')} AS geom
                FROM cells c, t
               WHERE c.res = $4 AND c.customers > 0 AND c.geom && t.bounds) q
            WHERE q.geom IS NOT NULL`,
          extra: [cellResForZoom(z)],
        };
      }
      return {
        sql: `${TILE_CTE}
          SELECT ST_AsMVT(q, 'customers', ${EXTENT}, 'geom') AS mvt FROM (
            SELECT c.id, c.type::text AS type, c.load_kw, 1 AS n, ${mvtGeom('c.geom')} AS geom
              FROM customers c, t
             WHERE c.geom && t.bounds) q
          WHERE q.geom IS NOT NULL`,
        extra: [],
      };
    case 'substations':
      return {
        sql: `${TILE_CTE}
          SELECT ST_AsMVT(q, 'substations', ${EXTENT}, 'geom') AS mvt FROM (
            SELECT s.id, s.name, s.voltage_kv, ${mvtGeom('s.geom')} AS geom
              FROM substations s, t
             WHERE s.geom && t.bounds) q
          WHERE q.geom IS NOT NULL`,
        extra: [],
      };
    case 'faults':
      return {
        sql: `${TILE_CTE}
          SELECT ST_AsMVT(q, 'faults', ${EXTENT}, 'geom') AS mvt FROM (
            SELECT f.id, f.kind::text AS kind, f.priority, f.status, extract(epoch FROM f.reported_at)::bigint AS reported_at,
                   ${mvtGeom('f.geom')} AS geom
              FROM faults f, t
             WHERE f.geom && t.bounds) q
          WHERE q.geom IS NOT NULL`,
        extra: [],
      };
    case 'cells':
      return {
        sql: `${TILE_CTE}
          SELECT ST_AsMVT(q, 'cells', ${EXTENT}, 'geom') AS mvt FROM (
            SELECT c.h3, c.res, c.customers, c.load_kw, c.faults_12m, c.district_id, ${mvtGeom('c.geom')} AS geom
              FROM cells c, t
             WHERE c.res = $4 AND c.geom && t.bounds) q
          WHERE q.geom IS NOT NULL`,
        extra: [cellResForZoom(z)],
      };
  }
}

/**
 * One tile of `layer` as MVT bytes (empty when the tile has no features). The caller validates z/x/y.
 */
export async function tile(db: Queryable, layer: TileLayer, z: number, x: number, y: number): Promise<Buffer> {
  const { sql, extra } = sqlFor(layer, z);
  const { rows } = await db.query<{ mvt: Buffer | null }>({ name: `tile-${layer}-${extra.length ? 'agg' : 'pt'}-${z < CUSTOMER_POINTS_MIN_ZOOM ? 'lo' : 'hi'}`, text: sql, values: [z, x, y, ...extra] });
  return rows[0]?.mvt ?? Buffer.alloc(0);
}
