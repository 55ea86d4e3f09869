/** SQL for `cells` (H3 cells at resolutions 7–10 with their weights). */
import type pg from 'pg';
import type { CellColumns } from '../../contracts/map-data.ts';
import { gridCellsSql } from './territory.ts';

export type { CellColumns };

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

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

/**
 * Like `cellColumns`, but only what lies inside the grids `gridIds` of the active plan (a manager's territory):
 * at res 9 and 10 the cells inside them; at res 7 and 8 their territory's res-9 cells summed by parent, so a
 * coarse cell on the territory's edge counts only the territory's part (customers, load, faults, area).
 */
export async function cellColumnsInScope(db: Queryable, res: number, bbox: readonly [number, number, number, number] | null, gridIds: readonly number[]): Promise<CellColumns> {
  const params: unknown[] = [res, gridIds];
  let box = '';
  if (bbox) {
    params.push(...bbox);
    box = ' AND c.geom && ST_MakeEnvelope($3, $4, $5, $6, 4326)';
  }
  const scoped = `(${gridCellsSql('$2', true)})`;
  const source =
    res >= 9
      ? `SELECT c.h3, c.customers, c.load_kw, c.faults_12m, c.district_id, c.area_km2
           FROM cells c WHERE c.res = $1 AND h3_cell_at(c.h3, 9) IN (SELECT h3 FROM ${scoped} s)${box}`
      : `SELECT h3_cell_at(c.h3, $1) AS h3, sum(c.customers)::int AS customers, sum(c.load_kw) AS load_kw, sum(c.faults_12m)::int AS faults_12m,
                mode() WITHIN GROUP (ORDER BY c.district_id) AS district_id, sum(c.area_km2) AS area_km2
           FROM ${scoped} s JOIN cells c ON c.h3 = s.h3
          WHERE true${box}
          GROUP BY 1`;
  const { rows } = await db.query<{ h3: string[] | null; customers: number[] | null; load: number[] | null; faults: number[] | null; district: Array<number | null> | null; area: number[] | null }>(
    `SELECT array_agg(h3 ORDER BY h3) AS h3, array_agg(customers ORDER BY h3) AS customers, array_agg(load_kw ORDER BY h3) AS load,
            array_agg(faults_12m ORDER BY h3) AS faults, array_agg(district_id ORDER BY h3) AS district,
            array_agg(round(area_km2::numeric, 5)::float8 ORDER BY h3) AS area
       FROM (${source}) q`,
    params,
  );
  const r = rows[0];
  return { res, h3: r.h3 ?? [], customers: r.customers ?? [], load: r.load ?? [], faults: r.faults ?? [], district: r.district ?? [], area: r.area ?? [] };
}
