/** Vector tiles: validation of the tile address and the cache policy per layer. */
import type pg from 'pg';
import { BadRequestError } from '../errors.ts';
import { TILE_LAYERS, tile, type TileLayer } from '../repositories/tiles.ts';
import { tileCache } from './tiles-cache.ts';

/** Highest zoom level served. */
export const MAX_TILE_ZOOM = 22;

/** Cache-Control per layer: the dataset layers change only on reseed; faults change as faults come in. */
export const TILE_CACHE_CONTROL: Record<TileLayer, string> = {
  customers: 'public, max-age=3600',
  substations: 'public, max-age=86400',
  cells: 'public, max-age=3600',
  faults: 'public, max-age=60',
  roads: 'public, max-age=3600',
};

/**
 * Checks a tile address: z in 0..MAX_TILE_ZOOM, x and y in 0..2^z − 1.
 * @throws BadRequestError naming the bad field.
 */
export function checkTileAddress(z: number, x: number, y: number): void {
  if (!Number.isInteger(z) || z < 0 || z > MAX_TILE_ZOOM) throw new BadRequestError(`z must be an integer 0..${MAX_TILE_ZOOM}, got ${z}`, { z: 'out of range' });
  const n = 2 ** z;
  if (!Number.isInteger(x) || x < 0 || x >= n) throw new BadRequestError(`x must be an integer 0..${n - 1} at z ${z}, got ${x}`, { x: 'out of range' });
  if (!Number.isInteger(y) || y < 0 || y >= n) throw new BadRequestError(`y must be an integer 0..${n - 1} at z ${z}, got ${y}`, { y: 'out of range' });
}

/** True when `s` names a tile layer. */
export function isTileLayer(s: string): s is TileLayer {
  return (TILE_LAYERS as readonly string[]).includes(s);
}

/** Layers whose tiles may be kept in the server's memory cache (faults change as they are reported). */
const CACHED: ReadonlySet<TileLayer> = new Set(['customers', 'substations', 'cells', 'roads']);

/**
 * The MVT bytes of a tile (empty buffer for an empty tile). Dataset layers go through the one-minute memory cache.
 * @throws BadRequestError for a bad address.
 */
export async function getTile(pool: pg.Pool, layer: TileLayer, z: number, x: number, y: number): Promise<Buffer> {
  checkTileAddress(z, x, y);
  if (!CACHED.has(layer)) return tile(pool, layer, z, x, y);
  const key = `${layer}/${z}/${x}/${y}`;
  const hit = tileCache.get(key);
  if (hit) return hit;
  const buf = await tile(pool, layer, z, x, y);
  tileCache.set(key, buf);
  return buf;
}
