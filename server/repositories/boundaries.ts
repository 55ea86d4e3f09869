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
