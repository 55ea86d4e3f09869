/** District boundaries for the map. */
import type pg from 'pg';
import { districtsGeoJson } from '../repositories/districts.ts';

/** All districts as a GeoJSON FeatureCollection (see the repository for the properties). */
export function getDistricts(pool: pg.Pool): Promise<unknown> {
  return districtsGeoJson(pool);
}
