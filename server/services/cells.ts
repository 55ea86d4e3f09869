/** Cell weights for the density map and the partitioner. */
import type pg from 'pg';
import { BadRequestError } from '../errors.ts';
import { cellColumns, type CellColumns } from '../repositories/cells.ts';

/**
 * Weights of the cells at resolution `res` (7–10), optionally within a `[minLng, minLat, maxLng, maxLat]` box.
 * @throws BadRequestError for an inverted or out-of-range box.
 */
export function getCells(pool: pg.Pool, res: number, bbox: readonly [number, number, number, number] | null): Promise<CellColumns> {
  if (bbox) {
    const [a, b, c, d] = bbox;
    if (a < -180 || c > 180 || b < -90 || d > 90 || a >= c || b >= d) {
      throw new BadRequestError(`bbox must be minLng,minLat,maxLng,maxLat with min < max, got ${bbox.join(',')}`, { bbox: 'invalid box' });
    }
  }
  return cellColumns(pool, res, bbox);
}
