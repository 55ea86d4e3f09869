/**
 * Reads an OSM extract (.osm.pbf, or GeoJSON LineStrings with OSM tags and node ids) into a
 * routable network. Node-only (file I/O); the rules are in geo/routing/osm.ts.
 */
import { readFileSync } from 'node:fs';
import { networkFromOsm, wayRule, type OsmImportReport } from '../../geo/routing/osm.ts';
import type { RoadNetwork } from '../../geo/routing/network.ts';
import { readOsmPbfWays } from './osm-pbf.ts';
import { waysFromGeoJson } from './osm-geojson.ts';

/**
 * Imports `file` by extension (.pbf → PBF reader, .geojson/.json → GeoJSON reader). With
 * `keepLargestScc: false` the network is not reduced to its largest strongly connected component.
 * Throws Error on an unknown extension or malformed file.
 */
export function importOsmFile(file: string, opts: { keepLargestScc?: boolean } = {}): { network: RoadNetwork; report: OsmImportReport } {
  if (/\.pbf$/i.test(file)) {
    const { ways, stats } = readOsmPbfWays(file, (t) => wayRule(t) !== null);
    const r = networkFromOsm(ways, opts);
    // the PBF reader filtered already: report the ways in the file
    r.report.waysRead = stats.waysRead;
    return r;
  }
  if (/\.(geo)?json$/i.test(file)) return networkFromOsm(waysFromGeoJson(readFileSync(file, 'utf8')), opts);
  throw new Error(`${file}: expected .osm.pbf, .geojson or .json`);
}
