/**
 * District polygons and outlines as MapLibre layers (drawn by the basemap, under the deck.gl overlays).
 * Names are drawn by `district-labels.ts` (deck.gl TextLayer) because the offline style has no glyph server.
 */
import type * as maplibregl from 'maplibre-gl';
import type { Districts } from '../../api/map-data.ts';
import { OSM_ATTRIBUTION } from '../create-map.ts';

export const DISTRICTS_SOURCE = 'districts';
export const DISTRICTS_FILL_LAYER = 'districts-fill';
export const DISTRICTS_OUTLINE_LAYER = 'districts-outline';

/** Distinct pastel fills so neighbouring districts read apart at city zoom. */
const FILLS = ['#dbe7f3', '#e4eedb', '#f3e6d6', '#e8def0', '#dcefee', '#f1e0e4'];

/** Adds the districts source and its fill/outline layers to a loaded map (empty until `setDistricts`). */
export function addDistrictLayers(map: maplibregl.Map): void {
  map.addSource(DISTRICTS_SOURCE, {
    type: 'geojson',
    data: { type: 'FeatureCollection', features: [] },
    attribution: OSM_ATTRIBUTION,
  });
  map.addLayer({
    id: DISTRICTS_FILL_LAYER,
    type: 'fill',
    source: DISTRICTS_SOURCE,
    paint: {
      'fill-color': ['to-color', ['at', ['%', ['get', 'fill_index'], FILLS.length], ['literal', FILLS]]],
      'fill-opacity': 0.85,
    },
  });
  map.addLayer({
    id: DISTRICTS_OUTLINE_LAYER,
    type: 'line',
    source: DISTRICTS_SOURCE,
    paint: { 'line-color': '#4a5d78', 'line-width': ['interpolate', ['linear'], ['zoom'], 8, 1.5, 13, 3] },
  });
}

/** Puts the district features into the map (adds a `fill_index` property for the fill colors). */
export function setDistricts(map: maplibregl.Map, districts: Districts): void {
  const source = map.getSource<maplibregl.GeoJSONSource>(DISTRICTS_SOURCE);
  if (!source) throw new Error('districts source missing: call addDistrictLayers first');
  source.setData({
    type: 'FeatureCollection',
    features: districts.features.map((f, i) => ({ ...f, properties: { ...f.properties, fill_index: i } })),
  });
}

/** Shows or hides the district fill and outline. */
export function setDistrictsVisible(map: maplibregl.Map, visible: boolean): void {
  for (const id of [DISTRICTS_FILL_LAYER, DISTRICTS_OUTLINE_LAYER]) {
    if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
  }
}
