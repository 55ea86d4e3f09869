/** District boundaries for the map. */
import type pg from 'pg';
import { districtsGeoJson } from '../repositories/districts.ts';

/** How long the GeoJSON is kept per pool, ms: districts only change when the demo is reseeded. */
const TTL_MS = 60_000;
const memo = new WeakMap<pg.Pool, { at: number; value: Promise<unknown> }>();

/**
 * All districts as a GeoJSON FeatureCollection (see the repository for the properties), kept in memory for a
 * minute per pool: building it (simplification, geodesic areas) takes a while.
 */
export function getDistricts(pool: pg.Pool): Promise<unknown> {
  const m = memo.get(pool);
  if (m && Date.now() - m.at < TTL_MS) return m.value;
  const value = districtsGeoJson(pool);
  memo.set(pool, { at: Date.now(), value });
  value.catch(() => memo.delete(pool)); // never cache a failure
  return value;
}
