/**
 * SQL for the `roads` table (pgRouting's edge layout, see migration 001 and seed/roads/load.ts) and the
 * service-area outline the routing endpoints check points against.
 */
import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/**
 * A cheap identity of the `roads` contents, used to name the routing file and to tell whether a file
 * matches the table: row count, sum of (source + target) and sum of the free-flow cost in whole
 * deciseconds (`round(greatest(cost, reverse_cost) · 10)`, the router's integer weights). Integer sums,
 * so the same table always gives the same string. One sequential scan.
 */
export async function roadsFingerprint(db: Queryable): Promise<{ rows: number; fingerprint: string }> {
  const { rows } = await db.query<{ n: string; nodes: string | null; ds: string | null }>(
    `SELECT count(*) AS n, sum(source + target) AS nodes, sum(round(greatest(cost, reverse_cost) * 10)::bigint) AS ds FROM roads`,
  );
  const r = rows[0];
  return { rows: Number(r.n), fingerprint: `n${r.n}-v${r.nodes ?? 0}-w${r.ds ?? 0}` };
}

/** One `roads` row as read back for rebuilding a network. */
export interface RoadRow {
  id: number;
  source: number;
  target: number;
  cost: number;
  reverseCost: number;
  lengthM: number;
  roadClass: string;
  name: string | null;
  synthetic: boolean;
  /** the LineString as little-endian WKB */
  wkb: Buffer;
}

/** Every `roads` row ordered by id (the whole table in memory: ~100 MB for the demo network). */
export async function readRoads(db: Queryable): Promise<RoadRow[]> {
  const { rows } = await db.query<{
    id: string;
    source: string;
    target: string;
    cost: number;
    reverse_cost: number;
    length_m: number;
    class: string;
    name: string | null;
    synthetic: boolean;
    wkb: Buffer;
  }>(`SELECT id, source, target, cost, reverse_cost, length_m, class, name, synthetic, ST_AsBinary(geom, 'NDR') AS wkb FROM roads ORDER BY id`);
  return rows.map((r) => ({
    id: Number(r.id),
    source: Number(r.source),
    target: Number(r.target),
    cost: r.cost,
    reverseCost: r.reverse_cost,
    lengthM: r.length_m,
    roadClass: r.class,
    name: r.name,
    synthetic: r.synthetic,
    wkb: r.wkb,
  }));
}

/**
 * The service area as one GeoJSON (Multi)Polygon: the districts simplified to ~50 m (0.0005°), merged and
 * widened by 0.01° (~1 km; roads run up to and a little across the border, and the simplification cuts
 * corners), for in-memory point-in-polygon tests. Null when no districts are loaded.
 */
export async function serviceAreaGeometry(db: Queryable): Promise<{ type: string; coordinates: unknown } | null> {
  const { rows } = await db.query<{ g: string | null }>(
    `SELECT ST_AsGeoJSON(ST_Buffer(ST_Union(ST_SimplifyPreserveTopology(geom, 0.0005)), 0.01, 'quad_segs=4'), 6) AS g FROM districts`,
  );
  return rows[0].g === null ? null : (JSON.parse(rows[0].g) as { type: string; coordinates: unknown });
}
