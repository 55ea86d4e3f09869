/** Read-only map data endpoints (issue 3): config, districts, cells, substations, stations. */
import type { FeatureCollection, Geometry } from 'geojson';
import type { CellColumns, ClientConfig } from '../../../contracts/map-data.ts';
import { requestJson } from './http.ts';

export type { CellColumns, ClientConfig } from '../../../contracts/map-data.ts';

/** Properties of a district feature. */
export interface DistrictProps {
  name_zh: string;
  name_en?: string;
  /** Optional label anchor `[lng, lat]`; the client computes one when absent. */
  label?: [number, number];
}

export interface SubstationProps {
  name?: string | null;
  name_zh?: string | null;
  name_en?: string | null;
  voltage_kv?: number | null;
}

export interface StationProps {
  name?: string | null;
  name_zh?: string | null;
  name_en?: string | null;
  /** OSM `station` kind: subway, train, tram, monorail… */
  station?: string | null;
  kind?: string | null;
}

export type Districts = FeatureCollection<Geometry, DistrictProps>;
export type Substations = FeatureCollection<Geometry, SubstationProps>;
export type Stations = FeatureCollection<Geometry, StationProps>;

/** @throws ApiError */
export async function fetchConfig(signal?: AbortSignal): Promise<ClientConfig> {
  const c = await requestJson<Partial<ClientConfig>>('/api/config', { signal });
  return { basemapStyle: c.basemapStyle ?? null, demo: c.demo ?? false };
}

/** @throws ApiError */
export function fetchDistricts(signal?: AbortSignal): Promise<Districts> {
  return requestJson<Districts>('/api/districts', { signal });
}

/** @throws ApiError */
export function fetchSubstations(signal?: AbortSignal): Promise<Substations> {
  return requestJson<Substations>('/api/substations', { signal });
}

/** @throws ApiError */
export function fetchStations(signal?: AbortSignal): Promise<Stations> {
  return requestJson<Stations>('/api/stations', { signal });
}

/**
 * Fetches cell weights at H3 resolution `res`, optionally only within `bbox` (`minLng,minLat,maxLng,maxLat`).
 * @throws ApiError, or Error when the columns disagree in length.
 */
export async function fetchCells(res: number, bbox: string | null, signal?: AbortSignal): Promise<CellColumns> {
  const c = await requestJson<CellColumns>(`/api/cells?res=${res}${bbox ? `&bbox=${bbox}` : ''}`, { signal });
  const n = c.h3.length;
  if (c.customers.length !== n || c.load.length !== n || c.faults.length !== n) {
    throw new Error(`/api/cells?res=${res}: column lengths differ (h3 ${n}, customers ${c.customers.length}, load ${c.load.length}, faults ${c.faults.length})`);
  }
  return c;
}

/** URL template of the customer vector tiles. */
export const CUSTOMER_TILES_URL = '/api/tiles/customers/{z}/{x}/{y}.mvt';
