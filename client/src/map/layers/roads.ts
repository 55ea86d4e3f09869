/**
 * The road network as MapLibre line layers from the `roads` vector tiles (class and name per line): drawn by the
 * basemap above the district fills and under the deck.gl overlays. The server already thins the classes by zoom
 * (major roads from z8, secondary/tertiary from z11, all from z13); here each class gets a colour and a width.
 */
import type * as maplibregl from 'maplibre-gl';
import { DISTRICTS_OUTLINE_LAYER } from './districts.ts';

export const ROADS_SOURCE = 'roads';
export const ROADS_CASING_LAYER = 'roads-casing';
export const ROADS_LINE_LAYER = 'roads-line';
/** The deck.gl density layer, interleaved into the MapLibre style under this id; roads go under it. */
const DENSITY_LAYER = 'density-cells';

/** Line colour per class group: expressways orange, arterials yellow, the rest white with a grey casing. */
const COLOR: maplibregl.ExpressionSpecification = [
  'match',
  ['get', 'class'],
  ['motorway', 'motorway_link'],
  '#e8891d',
  ['trunk', 'trunk_link'],
  '#f0a63a',
  ['primary', 'primary_link'],
  '#f6cf5a',
  ['secondary', 'secondary_link'],
  '#fbe89a',
  '#ffffff',
];

/** Rank of a class for widths: 3 expressways, 2 primary, 1 secondary/tertiary, 0 local streets. */
const RANK: maplibregl.ExpressionSpecification = [
  'match',
  ['get', 'class'],
  ['motorway', 'motorway_link', 'trunk', 'trunk_link'],
  3,
  ['primary', 'primary_link'],
  2,
  ['secondary', 'secondary_link', 'tertiary', 'tertiary_link'],
  1,
  0,
];

/** Line width in px by zoom and class rank (the casing is 1.5 px wider). */
const width = (extra: number): maplibregl.ExpressionSpecification => [
  'interpolate',
  ['linear'],
  ['zoom'],
  8,
  ['+', extra, ['*', 0.5, RANK]],
  13,
  ['+', extra, ['+', 0.8, ['*', 1.2, RANK]]],
  17,
  ['+', extra, ['+', 3, ['*', 3, RANK]]],
];

/**
 * Adds (or, with a new attribution text, replaces) the roads source and its casing/line layers, above the
 * district fills and under the deck.gl density layer when it is already interleaved.
 */
export function addRoadLayers(map: maplibregl.Map, attribution: string, visible: boolean): void {
  for (const id of [ROADS_LINE_LAYER, ROADS_CASING_LAYER]) if (map.getLayer(id)) map.removeLayer(id);
  if (map.getSource(ROADS_SOURCE)) map.removeSource(ROADS_SOURCE);
  map.addSource(ROADS_SOURCE, {
    type: 'vector',
    tiles: [`${window.location.origin}/api/basemap/roads/{z}/{x}/{y}.mvt`],
    minzoom: 8,
    maxzoom: 16,
    attribution,
  });
  const beforeId = map.getLayer(DENSITY_LAYER) ? DENSITY_LAYER : DISTRICTS_OUTLINE_LAYER;
  const visibility = visible ? 'visible' : 'none';
  map.addLayer(
    {
      id: ROADS_CASING_LAYER,
      type: 'line',
      source: ROADS_SOURCE,
      'source-layer': 'roads',
      minzoom: 11,
      layout: { 'line-join': 'round', 'line-cap': 'round', visibility },
      paint: { 'line-color': '#9aa5b1', 'line-width': width(1.5) },
    },
    beforeId,
  );
  map.addLayer(
    {
      id: ROADS_LINE_LAYER,
      type: 'line',
      source: ROADS_SOURCE,
      'source-layer': 'roads',
      layout: { 'line-join': 'round', 'line-cap': 'round', visibility },
      paint: { 'line-color': COLOR, 'line-width': width(0) },
    },
    beforeId,
  );
}

/** Shows or hides the road layers. */
export function setRoadsVisible(map: maplibregl.Map, visible: boolean): void {
  for (const id of [ROADS_CASING_LAYER, ROADS_LINE_LAYER]) {
    if (map.getLayer(id)) map.setLayoutProperty(id, 'visibility', visible ? 'visible' : 'none');
  }
}
