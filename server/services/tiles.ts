/** Vector tiles: validation of the tile address and the cache policy per layer. */
import type pg from 'pg';
import type { SessionUser } from '../auth/types.ts';
import { BadRequestError } from '../errors.ts';
import { SCOPED_LAYERS, TILE_LAYERS, tile, type TileLayer, type TileScope } from '../repositories/tiles.ts';
import { ensureTerritory, gridForUser, territoryLimit } from './territory.ts';
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
 * Which grids `user`'s tiles are limited to: `?gridId=` (checked: a manager's own grid only), else a manager's
 * grids of the active plan (possibly none: empty tiles), else nothing (null: the whole city). The limit applies to
 * the customers, faults and cells layers; substations and roads are the same for everyone.
 * @throws NotFoundError for an unknown grid; NotYourTerritoryError for a manager's foreign grid.
 */
export async function tileScopeFor(pool: pg.Pool, user: SessionUser, gridId: number | undefined): Promise<TileScope | null> {
  if (gridId !== undefined) {
    const g = await gridForUser(pool, user, gridId);
    await ensureTerritory(pool);
    return { gridIds: [g.id], active: g.active };
  }
  const own = await territoryLimit(pool, user);
  if (own === null) return null;
  await ensureTerritory(pool);
  return { gridIds: own, active: true };
}

/**
 * The MVT bytes of a tile (empty buffer for an empty tile), limited to `scope` when given (see tileScopeFor).
 * Dataset layers go through the one-minute memory cache (keyed with the scope).
 * @throws BadRequestError for a bad address.
 */
export async function getTile(pool: pg.Pool, layer: TileLayer, z: number, x: number, y: number, scope: TileScope | null = null): Promise<Buffer> {
  checkTileAddress(z, x, y);
  if (!CACHED.has(layer)) return tile(pool, layer, z, x, y, scope);
  const sc = SCOPED_LAYERS.has(layer) ? scope : null;
  const key = `${layer}/${z}/${x}/${y}${sc ? `|${sc.active ? 'a' : 'p'}${sc.gridIds.join(',')}` : ''}`;
  const hit = tileCache.get(key);
  if (hit) return hit;
  const buf = await tile(pool, layer, z, x, y, sc);
  tileCache.set(key, buf);
  return buf;
}
