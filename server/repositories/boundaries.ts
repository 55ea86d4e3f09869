/** SQL for `boundaries` and `boundary_areas` (imported areas used as hard grid boundaries). */
import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** True when a boundaries set with this id exists. */
export async function boundariesExist(db: Queryable, id: number): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM boundaries WHERE id = $1', [id]);
  return rows.length > 0;
}

/**
 * For the cells at resolution `res` whose centre (point on surface) lies in an area of the set: `h3 → area idx`.
 * Cells outside every area are absent.
 */
export async function boundaryLabels(db: Queryable, boundariesId: number, res: number): Promise<Map<string, number>> {
  const { rows } = await db.query<{ h3: string; idx: number }>(
    `SELECT DISTINCT ON (c.h3) c.h3, a.idx
       FROM cells c JOIN boundary_areas a ON a.boundaries_id = $1 AND ST_Intersects(a.geom, ST_PointOnSurface(c.geom))
      WHERE c.res = $2 ORDER BY c.h3, a.idx`,
    [boundariesId, res],
  );
  return new Map(rows.map((r) => [r.h3, r.idx]));
}

/** Validation of one imported geometry. */
export interface AreaCheck {
  valid: boolean;
  /** ST_IsValidReason, e.g. `Self-intersection[113.2 23.1]`. */
  reason: string;
  /** Covered by the service area (districts, or the cells' extent without districts), 0.005° slack. */
  inside: boolean;
}

/**
 * Checks GeoJSON geometries (as JSON strings) in PostGIS: validity and whether each lies in the service area
 * (the union of the districts, or the cells' extent when no districts are loaded, grown by 0.005° ≈ 500 m).
 * Resolves to null when there is no service area at all (nothing loaded).
 * @throws the database error for a geometry PostGIS cannot parse.
 */
export async function checkAreas(db: Queryable, geometries: readonly string[]): Promise<AreaCheck[] | null> {
  const { rows } = await db.query<{ valid: boolean; reason: string; inside: boolean | null }>(
    `WITH svc AS (
       SELECT COALESCE((SELECT ST_Buffer(ST_Union(geom), 0.005) FROM districts),
                       (SELECT ST_SetSRID(ST_Expand(ST_Extent(geom)::geometry, 0.005), 4326) FROM cells)) AS g),
     f AS (SELECT ord, ST_SetSRID(ST_GeomFromGeoJSON(j), 4326) AS geom FROM unnest($1::text[]) WITH ORDINALITY AS t(j, ord))
     SELECT ST_IsValid(f.geom) AS valid, ST_IsValidReason(f.geom) AS reason,
            CASE WHEN svc.g IS NULL THEN NULL WHEN NOT ST_IsValid(f.geom) THEN false ELSE ST_CoveredBy(f.geom, svc.g) END AS inside
       FROM f, svc ORDER BY f.ord`,
    [geometries],
  );
  if (rows.length > 0 && rows[0].inside === null) return null;
  return rows.map((r) => ({ valid: r.valid, reason: r.reason, inside: r.inside === true }));
}

/** Stores a boundaries set and its areas (as MultiPolygons); resolves to its id. */
export async function insertBoundaries(db: Queryable, name: string, areas: ReadonlyArray<{ name: string | null; geometry: string }>, userId: number | null): Promise<number> {
  const { rows } = await db.query<{ id: number }>('INSERT INTO boundaries (name, areas, created_by) VALUES ($1, $2, $3) RETURNING id', [name, areas.length, userId]);
  const id = rows[0].id;
  await db.query(
    `INSERT INTO boundary_areas (boundaries_id, idx, name, geom)
     SELECT $1, ord - 1, n, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(j), 4326))
       FROM unnest($2::text[], $3::text[]) WITH ORDINALITY AS t(n, j, ord)`,
    [id, areas.map((a) => a.name), areas.map((a) => a.geometry)],
  );
  return id;
}

/** A stored boundaries set. */
export interface BoundariesRow {
  id: number;
  name: string;
  areas: number;
  createdBy: number | null;
  createdAt: string;
}

/** Every boundaries set, newest first. */
export async function listBoundaries(db: Queryable): Promise<BoundariesRow[]> {
  const { rows } = await db.query<{ id: number; name: string; areas: number; created_by: number | null; created_at: Date }>(
    'SELECT id, name, areas, created_by, created_at FROM boundaries ORDER BY id DESC',
  );
  return rows.map((r) => ({ id: r.id, name: r.name, areas: r.areas, createdBy: r.created_by, createdAt: r.created_at.toISOString() }));
}

/** The areas of a set as a GeoJSON FeatureCollection (idx, name), or undefined for an unknown set. */
export async function boundariesGeoJson(db: Queryable, id: number): Promise<unknown> {
  const { rows } = await db.query<{ fc: unknown }>(
    `SELECT json_build_object('type', 'FeatureCollection', 'features', COALESCE(json_agg(json_build_object(
              'type', 'Feature', 'id', a.idx, 'properties', json_build_object('idx', a.idx, 'name', a.name),
              'geometry', ST_AsGeoJSON(a.geom, 6)::json) ORDER BY a.idx) FILTER (WHERE a.idx IS NOT NULL), '[]'::json)) AS fc
       FROM boundaries b LEFT JOIN boundary_areas a ON a.boundaries_id = b.id
      WHERE b.id = $1 GROUP BY b.id`,
    [id],
  );
  return rows[0]?.fc;
}
