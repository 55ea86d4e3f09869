/**
 * The demo road network: the synthetic Guangzhou network generated from the seed's districts,
 * population and stations, with the real Huacheng extract spliced in. Node-only (reads seed/data).
 * The lead's seed calls `generateDemoRoadNetwork(seed)`, then `copyRoads(client, network)` and
 * `buildRoutingFile(network, path)` (seed/roads/load.ts).
 */
import { fileURLToPath } from 'node:url';
import { loadSources } from '../sources.ts';
import { importOsmFile } from './import.ts';
import { generateRoadNetwork, type SyntheticReport, type SyntheticRoadOptions } from './synthetic.ts';
import type { RoadNetwork } from '../../geo/routing/network.ts';

/** Path of the real Huacheng CBD extract (GeoJSON, OSM). */
export const HUACHENG_GEOJSON = fileURLToPath(new URL('../data/roads/huacheng_cbd_highways_osm_wgs84.geojson', import.meta.url));

/** Generator inputs from seed/data: districts with census population, stations, the real extract. Throws when a file is missing. */
export function demoRoadInputs(seed: number): SyntheticRoadOptions {
  const src = loadSources();
  return {
    seed,
    districts: src.districts.map((d) => ({ population: d.population, geometry: d.geometry })),
    anchors: src.stations.map((s) => s.lngLat),
    real: importOsmFile(HUACHENG_GEOJSON, { keepLargestScc: false }).network,
  };
}

/**
 * The demo road network for a seed (deterministic): a few hundred thousand nodes, a few seconds.
 * `overrides` tune the generator (e.g. `densityRef` for a smaller network in tests).
 */
export function generateDemoRoadNetwork(seed: number, overrides: Partial<SyntheticRoadOptions> = {}): { network: RoadNetwork; report: SyntheticReport } {
  return generateRoadNetwork({ ...demoRoadInputs(seed), ...overrides });
}

export { copyRoads, buildRoutingFile, buildRoutingFileAsync, readRoutingFile } from './load.ts';
