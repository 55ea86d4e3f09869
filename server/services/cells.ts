/** Cell weights for the density map and the partitioner. */
import type pg from 'pg';
import type { SessionUser } from '../auth/types.ts';
import { BadRequestError } from '../errors.ts';
import { cellColumns, cellColumnsInScope, type CellColumns } from '../repositories/cells.ts';
import { ensureTerritory, territoryLimit } from './territory.ts';

/**
 * Weights of the cells at resolution `res` (7–10), optionally within a `[minLng, minLat, maxLng, maxLat]` box.
 * A manager (`user`) gets only their territory (the grids they own in the active plan; nothing without grids),
 * coarse cells counting only their part inside it (see cellColumnsInScope).
 * @throws BadRequestError for an inverted or out-of-range box.
 */
export async function getCells(pool: pg.Pool, res: number, bbox: readonly [number, number, number, number] | null, user?: SessionUser): Promise<CellColumns> {
  if (bbox) {
    const [a, b, c, d] = bbox;
    if (a < -180 || c > 180 || b < -90 || d > 90 || a >= c || b >= d) {
      throw new BadRequestError(`bbox must be minLng,minLat,maxLng,maxLat with min < max, got ${bbox.join(',')}`, { bbox: 'invalid box' });
    }
  }
  const limit = user ? await territoryLimit(pool, user) : null;
  if (limit === null) return cellColumns(pool, res, bbox);
  await ensureTerritory(pool);
  return cellColumnsInScope(pool, res, bbox, limit);
}
