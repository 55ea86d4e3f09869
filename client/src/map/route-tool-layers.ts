/**
 * The route tool's drawing: one GeoJSON source with the route line and its end points, as MapLibre layers on top
 * of everything else (so any view with a map can show it without owning a deck.gl layer list).
 */
import type * as maplibregl from 'maplibre-gl';
import type { LngLat } from './route-tool-api.ts';

export const ROUTE_SOURCE = 'route-tool';
export const ROUTE_LINE_LAYER = 'route-line';
export const ROUTE_POINTS_LAYER = 'route-points';

/** Draws the picked points (start, then end) and, when known, the route line. */
export function setRouteLayers(map: maplibregl.Map, points: readonly LngLat[], line: LngLat[] | null): void {
  const data: GeoJSON.FeatureCollection = {
    type: 'FeatureCollection',
    features: [
      ...(line ? [{ type: 'Feature' as const, properties: { kind: 'line' }, geometry: { type: 'LineString' as const, coordinates: line } }] : []),
      ...points.map((p, i) => ({ type: 'Feature' as const, properties: { kind: i === 0 ? 'start' : 'end' }, geometry: { type: 'Point' as const, coordinates: [...p] } })),
    ],
  };
  const source = map.getSource<maplibregl.GeoJSONSource>(ROUTE_SOURCE);
  if (source) {
    source.setData(data);
    return;
  }
  map.addSource(ROUTE_SOURCE, { type: 'geojson', data });
  map.addLayer({
    id: ROUTE_LINE_LAYER,
    type: 'line',
    source: ROUTE_SOURCE,
    filter: ['==', ['geometry-type'], 'LineString'],
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': '#1769d1', 'line-width': ['interpolate', ['linear'], ['zoom'], 9, 4, 15, 8], 'line-opacity': 0.9 },
  });
  map.addLayer({
    id: ROUTE_POINTS_LAYER,
    type: 'circle',
    source: ROUTE_SOURCE,
    filter: ['==', ['geometry-type'], 'Point'],
    paint: {
      'circle-radius': 7,
      'circle-color': ['match', ['get', 'kind'], 'start', '#1f9d55', '#d64545'],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
    },
  });
}

/** Removes the route drawing (nothing to do when there is none or the map is gone). */
export function clearRouteLayers(map: maplibregl.Map): void {
  try {
    for (const id of [ROUTE_POINTS_LAYER, ROUTE_LINE_LAYER]) if (map.getLayer(id)) map.removeLayer(id);
    if (map.getSource(ROUTE_SOURCE)) map.removeSource(ROUTE_SOURCE);
  } catch {
    // the map was removed before the tool (its view is closing): nothing left to clear
  }
}
