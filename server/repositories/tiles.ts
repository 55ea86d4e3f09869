/**
 * Vector tiles (Mapbox Vector Tile, via PostGIS ST_AsMVT) for the map layers. Every query selects rows with the
 * tile's WGS84 box (GiST index on the 4326 geometry; a Web Mercator tile is an axis-aligned box in lng/lat).
 *
 * From zoom 12 the rows are not reprojected at all: inside one tile, Mercator y is linear in latitude to better
 * than 0.3 of 4096 tile units (the second-order term over a tile's height, ≤ 0.08° at z12, at Guangzhou's
 * latitude), so ST_AsMVTGeom maps the WGS84 geometry straight into the tile's WGS84 box. Per-row
 * ST_Transform was most of a tile's cost. Below zoom 12 rows are transformed to EPSG:3857 as usual.
 */
import type pg from 'pg';
import { gridCellsSql } from './territory.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** Layers served as tiles. */
export const TILE_LAYERS = ['customers', 'substations', 'faults', 'cells', 'roads'] as const;
export type TileLayer = (typeof TILE_LAYERS)[number];

/** Tile extent (MVT units per tile side) and the buffer around it, in the same units. */
const EXTENT = 4096;
const BUFFER = 64;
/** Below this zoom the customers layer is one point per H3 cell (count and load summed), not one per customer. */
export const CUSTOMER_POINTS_MIN_ZOOM = 15;

/**
 * H3 resolution of the customer aggregates below CUSTOMER_POINTS_MIN_ZOOM: a few hundred points per tile
 * (res 8 at z12 is ~120 cells per tile, res 9 at z13 ~200, res 10 at z14 ~400).
 */
export function customerAggResForZoom(z: number): number {
  if (z <= 10) return 7;
  if (z <= 12) return 8;
  if (z === 13) return 9;
  return 10;
}

/** H3 resolution of the `cells` layer at a zoom level. */
export function cellResForZoom(z: number): number {
  if (z <= 9) return 7;
  if (z <= 11) return 8;
  if (z <= 13) return 9;
  return 10;
}

/** Road classes in the `roads` layer below zoom 11 (from zoom 8): the expressways and main arterials. */
export const ROAD_CLASSES_MAJOR = ['motorway', 'motorway_link', 'trunk', 'trunk_link', 'primary', 'primary_link'] as const;
/** Road classes added from zoom 11. */
export const ROAD_CLASSES_MIDDLE = ['secondary', 'secondary_link', 'tertiary', 'tertiary_link'] as const;
/** Lowest zoom with a `roads` layer; from ROADS_ALL_MIN_ZOOM every class is served. */
export const ROADS_MIN_ZOOM = 8;
export const ROADS_ALL_MIN_ZOOM = 13;

/**
 * The road classes served at zoom `z`: none below 8, the major classes from 8, plus secondary and tertiary
 * from 11, and `null` (every class) from 13.
 */
export function roadClassesForZoom(z: number): readonly string[] | null {
  if (z >= ROADS_ALL_MIN_ZOOM) return null;
  if (z >= 11) return [...ROAD_CLASSES_MAJOR, ...ROAD_CLASSES_MIDDLE];
  if (z >= ROADS_MIN_ZOOM) return ROAD_CLASSES_MAJOR;
  return [];
}

/** From this zoom tiles are cut from WGS84 directly (see the module comment). */
export const LINEAR_MIN_ZOOM = 12;

// $1 z, $2 x, $3 y. `bounds` is the tile plus its buffer in 4326 for the index filter; `env` the tile in 3857,
// `env4326` the same tile as a WGS84 box.
const TILE_CTE = `WITH t AS (
  SELECT ST_TileEnvelope($1, $2, $3) AS env,
         ST_Transform(ST_TileEnvelope($1, $2, $3), 4326) AS env4326,
         ST_Transform(ST_TileEnvelope($1, $2, $3, margin => ${BUFFER / EXTENT}), 4326) AS bounds)`;

let linear = true;
const mvtGeom = (g: string): string =>
  linear ? `ST_AsMVTGeom(${g}, t.env4326, ${EXTENT}, ${BUFFER}, true)` : `ST_AsMVTGeom(ST_Transform(${g}, 3857), t.env, ${EXTENT}, ${BUFFER}, true)`;

/** The MVT query of one layer: `rows` (selecting from `t` of TILE_CTE, with a `geom` column) encoded as layer `name`. */
const mvtLayerSql = (name: TileLayer, rows: string): string =>
  `${TILE_CTE}
  SELECT ST_AsMVT(q, '${name}', ${EXTENT}, 'geom') AS mvt FROM (${rows}) q
  WHERE q.geom IS NOT NULL`;

/**
 * Limits a tile to the res-9 cells of some grids (a manager's territory, or ?gridId=): the grid ids and whether
 * they belong to the active plan (then the territory view is used, else the plan's cells are mapped on the fly).
 */
export interface TileScope {
  gridIds: readonly number[];
  active: boolean;
}

/** Layers that a scope limits (the others are infrastructure and basemap, the same for everyone). */
export const SCOPED_LAYERS: ReadonlySet<TileLayer> = new Set(['customers', 'faults', 'cells']);

function sqlFor(layer: TileLayer, z: number, scope: TileScope | null): { sql: string; extra: unknown[] } {
  linear = z >= LINEAR_MIN_ZOOM;
  // with a scope, `inScope(expr, n)` keeps rows whose res-9 cell (expr) is in the scope's grids, $n the grid ids
  const inScope = (expr: string, n: number): string => (scope ? ` AND ${expr} IN (SELECT h3 FROM (${gridCellsSql(`$${n}`, scope.active)}) s)` : '');
  switch (layer) {
    case 'customers':
      if (z < CUSTOMER_POINTS_MIN_ZOOM) {
        // one point per cell centre, with the cell's customers and load; scoped: cells of res ≥ 9 only, so
        // that no cell straddles the scope's edge
        const res = scope ? Math.max(customerAggResForZoom(z), 9) : customerAggResForZoom(z);
        return {
          sql: mvtLayerSql('customers', `
              SELECT c.h3, c.customers AS n, c.load_kw, ${mvtGeom('ST_Centroid(c.geom)')} AS geom
                FROM cells c, t
               WHERE c.res = $4 AND c.customers > 0 AND c.geom && t.bounds${inScope('h3_cell_at(c.h3, 9)', 5)}`),
          extra: scope ? [res, scope.gridIds] : [res],
        };
      }
      return {
        sql: mvtLayerSql('customers', `
            SELECT c.id, c.type::text AS type, c.load_kw, 1 AS n, ${mvtGeom('c.geom')} AS geom
              FROM customers c, t
             WHERE c.geom && t.bounds${inScope('c.h3', 4)}`),
        extra: scope ? [scope.gridIds] : [],
      };
    case 'substations':
      return {
        sql: mvtLayerSql('substations', `
            SELECT s.id, s.name, s.voltage_kv, ${mvtGeom('s.geom')} AS geom
              FROM substations s, t
             WHERE s.geom && t.bounds`),
        extra: [],
      };
    case 'faults':
      return {
        sql: mvtLayerSql('faults', `
            SELECT f.id, f.kind::text AS kind, f.priority, f.status, extract(epoch FROM f.reported_at)::bigint AS reported_at,
                   ${mvtGeom('f.geom')} AS geom
              FROM faults f, t
             WHERE f.geom && t.bounds${inScope('f.h3', 4)}`),
        extra: scope ? [scope.gridIds] : [],
      };
    case 'cells':
      // scoped: res 9 or 10 (cells inside the scope; coarser cells would straddle its edge)
      return {
        sql: mvtLayerSql('cells', `
            SELECT c.h3, c.res, c.customers, c.load_kw, c.faults_12m, c.district_id, ${mvtGeom('c.geom')} AS geom
              FROM cells c, t
             WHERE c.res = $4 AND c.geom && t.bounds${inScope('h3_cell_at(c.h3, 9)', 5)}`),
        extra: scope ? [Math.max(cellResForZoom(z), 9), scope.gridIds] : [cellResForZoom(z)],
      };
    case 'roads':
      // $4 the classes to keep (NULL: all); a road's name is NULL for unnamed local streets
      return {
        sql: mvtLayerSql('roads', `
            SELECT r.class, r.name, ${mvtGeom('r.geom')} AS geom
              FROM roads r, t
             WHERE r.geom && t.bounds AND ($4::text[] IS NULL OR r.class = ANY($4::text[]))`),
        extra: [roadClassesForZoom(z)],
      };
  }
}

/**
 * One tile of `layer` as MVT bytes (empty when the tile has no features). The caller validates z/x/y.
 * With a scope, the customers, faults and cells layers keep only rows inside the scope's grids.
 */
export async function tile(db: Queryable, layer: TileLayer, z: number, x: number, y: number, scope: TileScope | null = null): Promise<Buffer> {
  if (layer === 'roads' && z < ROADS_MIN_ZOOM) return Buffer.alloc(0);
  const sc = SCOPED_LAYERS.has(layer) ? scope : null;
  if (sc && sc.gridIds.length === 0) return Buffer.alloc(0);
  const { sql, extra } = sqlFor(layer, z, sc);
  // named: PostgreSQL keeps one prepared statement per (layer, variant) and connection, skipping parse/plan work
  const name = `tile-${layer}-${z < LINEAR_MIN_ZOOM ? 'm' : 'l'}${layer === 'customers' && z < CUSTOMER_POINTS_MIN_ZOOM ? 'a' : ''}${sc ? (sc.active ? '-sa' : '-sp') : ''}`;
  const { rows } = await db.query<{ mvt: Buffer | null }>({ name, text: sql, values: [z, x, y, ...extra] });
  return rows[0]?.mvt ?? Buffer.alloc(0);
}
