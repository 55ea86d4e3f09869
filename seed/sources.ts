/**
 * Reads the real source files in `seed/data/` (see SOURCES.md) into typed records. Node-only.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DISTRICTS, districtIdByName, type DistrictMeta } from './districts.ts';

const DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));

/** GeoJSON MultiPolygon coordinates, `[lng, lat]`. */
export type MultiPolygonCoords = number[][][][];

/** A district: static facts plus its OSM boundary. */
export interface DistrictSource extends DistrictMeta {
  geometry: MultiPolygonCoords;
}

/** An OSM substation reduced to a point. */
export interface SubstationSource {
  /** `substations.id`, 1-based in file order. */
  id: number;
  name: string | null;
  /** Highest voltage in kV parsed from OSM `voltage` (e.g. "500000;220000" → 500); null when absent. */
  voltageKv: number | null;
  districtId: number;
  /** Area-weighted centroid of the OSM polygon's outer ring, `[lng, lat]`. */
  lngLat: [number, number];
}

/** An OSM rail or metro station. */
export interface StationSource {
  id: number;
  name: string | null;
  /** subway, train, tram or monorail (OSM `tram_stop` is folded into `tram`). */
  kind: 'subway' | 'train' | 'tram' | 'monorail';
  districtId: number;
  lngLat: [number, number];
}

/** Everything the seed reads from `seed/data/`. */
export interface Sources {
  districts: DistrictSource[];
  substations: SubstationSource[];
  stations: StationSource[];
}

interface Feature {
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown };
}

function readFeatures(file: string): Feature[] {
  const j = JSON.parse(readFileSync(DATA_DIR + file, 'utf8')) as { features: Feature[] };
  return j.features;
}

/** Area-weighted centroid of a ring (shoelace); falls back to the vertex mean for degenerate rings. */
function ringCentroid(ring: number[][]): [number, number] {
  let a = 0;
  let cx = 0;
  let cy = 0;
  const x0 = ring[0][0];
  const y0 = ring[0][1];
  for (let i = 0; i + 1 < ring.length; i++) {
    const x1 = ring[i][0] - x0;
    const y1 = ring[i][1] - y0;
    const x2 = ring[i + 1][0] - x0;
    const y2 = ring[i + 1][1] - y0;
    const f = x1 * y2 - x2 * y1;
    a += f;
    cx += (x1 + x2) * f;
    cy += (y1 + y2) * f;
  }
  if (Math.abs(a) < 1e-18) {
    let sx = 0;
    let sy = 0;
    for (const p of ring) {
      sx += p[0];
      sy += p[1];
    }
    return [sx / ring.length, sy / ring.length];
  }
  return [x0 + cx / (3 * a), y0 + cy / (3 * a)];
}

function parseVoltageKv(v: unknown): number | null {
  if (typeof v !== 'string' || v.trim() === '') return null;
  let max = -1;
  for (const part of v.split(';')) {
    const n = Number(part.trim());
    if (Number.isFinite(n) && n > max) max = n;
  }
  return max > 0 ? max / 1000 : null;
}

let cached: Sources | undefined;

/**
 * Loads districts, substations (OSM `power=substation` only; plants are skipped) and stations from
 * `seed/data/`. Cached after the first call. Deterministic order: file order.
 * @throws Error when a file is missing or names an unknown district.
 */
export function loadSources(): Sources {
  if (cached) return cached;
  const byName = new Map<string, MultiPolygonCoords>();
  for (const f of readFeatures('guangzhou_districts_osm_wgs84.geojson')) {
    const g = f.geometry;
    const coords = g.type === 'Polygon' ? [g.coordinates as number[][][]] : (g.coordinates as MultiPolygonCoords);
    byName.set(String(f.properties.district_name), coords);
  }
  const districts: DistrictSource[] = DISTRICTS.map((d) => {
    const geometry = byName.get(d.nameZh);
    if (!geometry) throw new Error(`district ${d.nameZh} missing from the OSM boundary file`);
    return { ...d, geometry };
  });

  const substations: SubstationSource[] = [];
  for (const f of readFeatures('guangzhou_power_polygons_osm_wgs84.geojson')) {
    if (f.properties.power !== 'substation') continue;
    const g = f.geometry;
    const outer = g.type === 'Polygon' ? (g.coordinates as number[][][])[0] : (g.coordinates as MultiPolygonCoords)[0][0];
    substations.push({
      id: substations.length + 1,
      name: typeof f.properties.name === 'string' ? f.properties.name : null,
      voltageKv: parseVoltageKv(f.properties.voltage),
      districtId: districtIdByName(String(f.properties.district)),
      lngLat: ringCentroid(outer),
    });
  }

  const stations: StationSource[] = [];
  for (const f of readFeatures('guangzhou_rail_stations_osm_wgs84.geojson')) {
    const raw = String(f.properties.station);
    const kind = raw === 'tram_stop' ? 'tram' : (raw as StationSource['kind']);
    if (!['subway', 'train', 'tram', 'monorail'].includes(kind)) throw new Error(`unknown station kind ${raw}`);
    const c = f.geometry.coordinates as number[];
    stations.push({
      id: stations.length + 1,
      name: typeof f.properties.name === 'string' ? f.properties.name : null,
      kind,
      districtId: districtIdByName(String(f.properties.district)),
      lngLat: [c[0], c[1]],
    });
  }
  cached = { districts, substations, stations };
  return cached;
}
