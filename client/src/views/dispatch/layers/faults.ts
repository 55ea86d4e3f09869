/**
 * Faults (open work orders) as a clustered MapLibre GeoJSON source: clusters when zoomed out (coloured by their
 * most urgent priority, sized by count), single faults coloured by priority with an outline by state, and a ring
 * around the selected one.
 */
import type * as maplibregl from 'maplibre-gl';
import type { WorkOrder } from '../../../api/work-orders.ts';
import { matchColor, PRIORITY_COLORS, STATE_COLORS } from './colors.ts';

export const FAULTS_SOURCE = 'dispatch-faults';
export const FAULT_CLUSTERS_LAYER = 'dispatch-fault-clusters';
export const FAULT_POINTS_LAYER = 'dispatch-fault-points';
export const FAULT_SELECTED_LAYER = 'dispatch-fault-selected';
/** Above this zoom faults are never clustered. */
export const CLUSTER_MAX_ZOOM = 12;

/** GeoJSON of the faults (properties: id, priority, state, kind, mutualAid). */
export function faultFeatures(orders: readonly WorkOrder[]): GeoJSON.FeatureCollection<GeoJSON.Point> {
  return {
    type: 'FeatureCollection',
    features: orders.map((wo) => ({
      type: 'Feature',
      id: wo.id,
      properties: { id: wo.id, priority: wo.priority, state: wo.state, kind: wo.kind, mutualAid: wo.mutualAid },
      geometry: { type: 'Point', coordinates: [wo.lng, wo.lat] },
    })),
  };
}

/** Adds the source and layers (empty) to a loaded map. */
export function addFaultLayers(map: maplibregl.Map): void {
  map.addSource(FAULTS_SOURCE, {
    type: 'geojson',
    data: { type: 'FeatureCollection', features: [] },
    cluster: true,
    clusterRadius: 36,
    clusterMaxZoom: CLUSTER_MAX_ZOOM,
    clusterProperties: { minPriority: ['min', ['get', 'priority']] },
  });
  map.addLayer({
    id: FAULT_CLUSTERS_LAYER,
    type: 'circle',
    source: FAULTS_SOURCE,
    filter: ['has', 'point_count'],
    paint: {
      'circle-color': matchColor('minPriority', PRIORITY_COLORS, '#999') as maplibregl.ExpressionSpecification,
      'circle-opacity': 0.8,
      'circle-radius': ['step', ['get', 'point_count'], 10, 10, 14, 50, 18, 200, 24],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': 2,
    },
  });
  map.addLayer({
    id: FAULT_POINTS_LAYER,
    type: 'circle',
    source: FAULTS_SOURCE,
    filter: ['!', ['has', 'point_count']],
    paint: {
      'circle-color': matchColor('priority', PRIORITY_COLORS, '#999') as maplibregl.ExpressionSpecification,
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 9, 5, 15, 9],
      'circle-stroke-color': matchColor('state', STATE_COLORS, '#fff') as maplibregl.ExpressionSpecification,
      'circle-stroke-width': 2.5,
    },
  });
  map.addLayer({
    id: FAULT_SELECTED_LAYER,
    type: 'circle',
    source: FAULTS_SOURCE,
    filter: ['==', ['get', 'id'], -1],
    paint: { 'circle-radius': 15, 'circle-color': 'rgba(0,0,0,0)', 'circle-stroke-color': '#111', 'circle-stroke-width': 3 },
  });
}

/** Replaces the faults shown and marks the selected one. */
export function setFaults(map: maplibregl.Map, orders: readonly WorkOrder[], selectedId: number | null): void {
  map.getSource<maplibregl.GeoJSONSource>(FAULTS_SOURCE)?.setData(faultFeatures(orders));
  if (map.getLayer(FAULT_SELECTED_LAYER)) map.setFilter(FAULT_SELECTED_LAYER, ['all', ['!', ['has', 'point_count']], ['==', ['get', 'id'], selectedId ?? -1]]);
}
