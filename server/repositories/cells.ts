/** SQL for `cells` (H3 cells at resolutions 7–10 with their weights). */
import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** Per-cell weights as parallel columns, index i of every array describing `h3[i]`. */
export interface CellColumns {
  res: number;
  h3: string[];
  /** Customers. */
  customers: number[];
  /** Contracted load, kW. */
  load: number[];
  /** Faults in the last twelve months. */
  faults: number[];
  /** District id (majority of the cell's area). */
  district: Array<number | null>;
  /** Service area inside the cell, km². */
  area: number[];
}

/**
 * Cells of one resolution, optionally only those intersecting a `[minLng, minLat, maxLng, maxLat]` box, sorted by
 * H3 index. The columns are assembled by PostgreSQL (array_agg), not row by row.
 */
export async function cellColumns(db: Queryable, res: number, bbox: readonly [number, number, number, number] | null): Promise<CellColumns> {
  const params: unknown[] = [res];
  let where = 'res = $1';
  if (bbox) {
    params.push(...bbox);
    where += ' AND geom && ST_MakeEnvelope($2, $3, $4, $5, 4326)';
  }
  const { rows } = await db.query<{ h3: string[] | null; customers: number[] | null; load: number[] | null; faults: number[] | null; district: Array<number | null> | null; area: number[] | null }>(
    `SELECT array_agg(h3 ORDER BY h3) AS h3,
            array_agg(customers ORDER BY h3) AS customers,
            array_agg(load_kw ORDER BY h3) AS load,
            array_agg(faults_12m ORDER BY h3) AS faults,
            array_agg(district_id ORDER BY h3) AS district,
            array_agg(round(area_km2::numeric, 5)::float8 ORDER BY h3) AS area
       FROM cells WHERE ${where}`,
    params,
  );
  const r = rows[0];
  return { res, h3: r.h3 ?? [], customers: r.customers ?? [], load: r.load ?? [], faults: r.faults ?? [], district: r.district ?? [], area: r.area ?? [] };
}
