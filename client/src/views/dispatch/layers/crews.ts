/**
 * Crews as MapLibre layers: a circle coloured by status with an arrow rotated to the heading (the arrow image is
 * drawn on a canvas: the offline style has no sprite), and the route each driving crew follows.
 */
import type * as maplibregl from 'maplibre-gl';
import type { Crew } from '../../../api/dispatch.ts';
import { CREW_COLORS, matchColor } from './colors.ts';

export const CREWS_SOURCE = 'dispatch-crews';
export const CREW_ROUTES_SOURCE = 'dispatch-crew-routes';
export const CREW_ROUTES_LAYER = 'dispatch-crew-routes';
export const CREWS_LAYER = 'dispatch-crews';
export const CREW_ARROWS_LAYER = 'dispatch-crew-arrows';
export const CREW_PICKED_LAYER = 'dispatch-crew-picked';
const ARROW_IMAGE = 'dispatch-crew-arrow';

/** A 24 px white arrow pointing up (north), as image data for `map.addImage`. */
function arrowImage(): ImageData {
  const size = 24;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#ffffff';
  ctx.strokeStyle = 'rgba(0,0,0,0.55)';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  ctx.moveTo(12, 2);
  ctx.lineTo(20, 20);
  ctx.lineTo(12, 15);
  ctx.lineTo(4, 20);
  ctx.closePath();
  ctx.fill();
  ctx.stroke();
  return ctx.getImageData(0, 0, size, size);
}

/** Adds the crews' and routes' sources and layers (empty) to a loaded map. */
export function addCrewLayers(map: maplibregl.Map): void {
  if (!map.hasImage(ARROW_IMAGE)) map.addImage(ARROW_IMAGE, arrowImage());
  map.addSource(CREW_ROUTES_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addLayer({
    id: CREW_ROUTES_LAYER,
    type: 'line',
    source: CREW_ROUTES_SOURCE,
    layout: { 'line-join': 'round', 'line-cap': 'round' },
    paint: { 'line-color': matchColor('status', CREW_COLORS, '#1769d1') as maplibregl.ExpressionSpecification, 'line-width': 4, 'line-opacity': 0.75 },
  });
  map.addSource(CREWS_SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  map.addLayer({
    id: CREW_PICKED_LAYER,
    type: 'circle',
    source: CREWS_SOURCE,
    filter: ['==', ['get', 'id'], -1],
    paint: { 'circle-radius': 17, 'circle-color': 'rgba(255,215,0,0.45)', 'circle-stroke-color': '#b8860b', 'circle-stroke-width': 2 },
  });
  map.addLayer({
    id: CREWS_LAYER,
    type: 'circle',
    source: CREWS_SOURCE,
    paint: {
      'circle-color': matchColor('status', CREW_COLORS, '#9aa5b1') as maplibregl.ExpressionSpecification,
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 7, 15, 12],
      'circle-stroke-color': '#17324d',
      'circle-stroke-width': 1.5,
    },
  });
  map.addLayer({
    id: CREW_ARROWS_LAYER,
    type: 'symbol',
    source: CREWS_SOURCE,
    filter: ['has', 'heading'],
    layout: {
      'icon-image': ARROW_IMAGE,
      'icon-size': ['interpolate', ['linear'], ['zoom'], 9, 0.45, 15, 0.75],
      'icon-rotate': ['get', 'heading'],
      'icon-rotation-alignment': 'map',
      'icon-allow-overlap': true,
      'icon-ignore-placement': true,
    },
  });
}

/** Replaces the crews (and their routes) shown; `pickedId` is highlighted. */
export function setCrews(map: maplibregl.Map, crews: readonly Crew[], pickedId: number | null): void {
  map.getSource<maplibregl.GeoJSONSource>(CREWS_SOURCE)?.setData({
    type: 'FeatureCollection',
    features: crews.map((c) => ({
      type: 'Feature',
      id: c.id,
      properties: { id: c.id, code: c.code, status: c.status, ...(c.headingDeg !== null ? { heading: c.headingDeg } : {}) },
      geometry: { type: 'Point', coordinates: [c.lng, c.lat] },
    })),
  });
  map.getSource<maplibregl.GeoJSONSource>(CREW_ROUTES_SOURCE)?.setData({
    type: 'FeatureCollection',
    features: crews
      .filter((c) => c.route && c.route.coordinates.length >= 2)
      .map((c) => ({ type: 'Feature', properties: { id: c.id, status: c.status }, geometry: { type: 'LineString', coordinates: c.route!.coordinates } })),
  });
  if (map.getLayer(CREW_PICKED_LAYER)) map.setFilter(CREW_PICKED_LAYER, ['==', ['get', 'id'], pickedId ?? -1]);
}
