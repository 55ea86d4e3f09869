/** Point layers of the map: substations and stations. */
import type pg from 'pg';
import { stationsGeoJson, substationsGeoJson } from '../repositories/layers.ts';

/** Substations as a GeoJSON FeatureCollection. */
export function getSubstations(pool: pg.Pool): Promise<unknown> {
  return substationsGeoJson(pool);
}

/** Rail and metro stations as a GeoJSON FeatureCollection. */
export function getStations(pool: pg.Pool): Promise<unknown> {
  return stationsGeoJson(pool);
}
