/**
 * Reads OSM ways from GeoJSON: LineString features carrying OSM tags as properties and the OSM
 * node ids in `properties.nodes` (one per coordinate), as exported by overpass-turbo or osmium
 * (`osmium export --add-unique-id=type_id` does not keep node ids, so use an Overpass `out geom` export
 * converted with node ids, or the .osm.pbf reader instead).
 */
import type { OsmWay } from '../../geo/routing/osm.ts';

interface Feature {
  type: string;
  geometry: { type: string; coordinates: number[][] } | null;
  properties: Record<string, unknown> | null;
}

/**
 * The ways of a GeoJSON FeatureCollection. Features that are not LineStrings are skipped; a
 * LineString without `properties.nodes` of matching length throws Error naming the feature.
 * O(features · vertices).
 */
export function waysFromGeoJson(text: string): OsmWay[] {
  const fc = JSON.parse(text) as { type: string; features: Feature[] };
  if (fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw new Error('GeoJSON: expected a FeatureCollection.');
  const ways: OsmWay[] = [];
  fc.features.forEach((f, i) => {
    if (f.geometry?.type !== 'LineString') return;
    const p = f.properties ?? {};
    const coords = f.geometry.coordinates;
    const nodes = p.nodes;
    if (!Array.isArray(nodes) || nodes.length !== coords.length) {
      throw new Error(`GeoJSON feature ${i} (${String(p.id ?? '?')}): properties.nodes must list one OSM node id per coordinate.`);
    }
    const tags: Record<string, string> = {};
    for (const [k, v] of Object.entries(p)) if (k !== 'nodes' && k !== 'id' && typeof v === 'string') tags[k] = v;
    const idStr = String(p.id ?? p['@id'] ?? i);
    ways.push({
      id: Number(idStr.replace(/^(w|way\/)/, '')) || i,
      nodes: nodes.map(Number),
      coords: coords.flatMap((c) => [c[0], c[1]]),
      tags,
    });
  });
  return ways;
}
