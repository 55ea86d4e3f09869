/**
 * Imported boundaries (e.g. government grids) usable as hard boundaries of a plan (`boundariesId`): GeoJSON
 * polygons checked in PostGIS (valid, inside the service area) and stored in one transaction with an audit entry.
 */
import type pg from 'pg';
import type { SessionUser } from '../auth/types.ts';
import { withTransaction } from '../db/pool.ts';
import { NotFoundError, UnprocessableError } from '../errors.ts';
import type { FieldErrors } from '../errors.ts';
import { insertAudit } from '../repositories/audit.ts';
import * as repo from '../repositories/boundaries.ts';
import type { BoundariesRow } from '../repositories/boundaries.ts';

/** Most features in one import. */
export const MAX_AREAS = 1000;
/** Most coordinate pairs in one import. */
export const MAX_POSITIONS = 200_000;

/** A Polygon or MultiPolygon feature as the route validated it. */
export interface AreaFeature {
  name: string | null;
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'MultiPolygon'; coordinates: number[][][][] };
}

/** Coordinate pairs in nested GeoJSON coordinates. */
const countPositions = (c: unknown): number => (!Array.isArray(c) ? 0 : typeof c[0] === 'number' ? 1 : c.reduce((s: number, x: unknown) => s + countPositions(x), 0));

/**
 * Validates and stores a set of areas; resolves to `{id, areas}`.
 * @throws UnprocessableError naming each bad feature (`geojson.features.N`): too many features or vertices,
 *   a geometry PostGIS cannot read, an invalid polygon (with PostGIS's reason), an area outside the service
 *   area, or no service area loaded at all.
 */
export async function importBoundaries(pool: pg.Pool, user: SessionUser, name: string, features: AreaFeature[]): Promise<{ id: number; areas: number }> {
  if (features.length > MAX_AREAS) throw new UnprocessableError(`geojson: ${features.length} features, at most ${MAX_AREAS}`, 'unprocessable', undefined, { 'geojson.features': `at most ${MAX_AREAS}` });
  const positions = features.reduce((s, f) => s + countPositions(f.geometry.coordinates), 0);
  if (positions > MAX_POSITIONS) throw new UnprocessableError(`geojson: ${positions} vertices, at most ${MAX_POSITIONS}`, 'unprocessable', undefined, { geojson: `at most ${MAX_POSITIONS} vertices` });
  const geometries = features.map((f) => JSON.stringify(f.geometry));
  let checks: repo.AreaCheck[] | null;
  try {
    checks = await repo.checkAreas(pool, geometries);
  } catch (err) {
    throw new UnprocessableError(`geojson: PostGIS cannot read a geometry: ${(err as Error).message}`, 'unprocessable', undefined, { geojson: (err as Error).message });
  }
  if (checks === null) throw new UnprocessableError('No service area is loaded (no districts and no cells): seed the dataset first');
  const fields: FieldErrors = {};
  checks.forEach((c, i) => {
    if (!c.valid) fields[`geojson.features.${i}`] = `invalid polygon: ${c.reason}`;
    else if (!c.inside) fields[`geojson.features.${i}`] = 'lies outside the service area';
  });
  const bad = Object.keys(fields);
  if (bad.length > 0) {
    throw new UnprocessableError(`${bad.length} of ${features.length} features rejected: ${bad.slice(0, 5).map((k) => `${k} ${fields[k]}`).join('; ')}`, 'unprocessable', undefined, fields);
  }
  return withTransaction(pool, async (client) => {
    const id = await repo.insertBoundaries(client, name, features.map((f, i) => ({ name: f.name, geometry: geometries[i] })), user.id);
    await insertAudit(client, { userId: user.id, action: 'boundaries.import', entity: 'boundaries', entityId: id, details: { name, areas: features.length } });
    return { id, areas: features.length };
  });
}

/** Every boundaries set, newest first. */
export function listBoundaries(pool: pg.Pool): Promise<BoundariesRow[]> {
  return repo.listBoundaries(pool);
}

/**
 * A set's areas as GeoJSON.
 * @throws NotFoundError for an unknown set.
 */
export async function getBoundariesGeoJson(pool: pg.Pool, id: number): Promise<unknown> {
  const fc = await repo.boundariesGeoJson(pool, id);
  if (fc === undefined) throw new NotFoundError(`No boundaries ${id}`);
  return fc;
}
