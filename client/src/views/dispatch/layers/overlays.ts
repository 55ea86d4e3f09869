/**
 * The rest of the Dispatch map: the active plan's grid outlines (under everything), incidents as circles of their
 * radius, the proposal's lines from crews to faults, and the line drawn while a fault is dragged onto a crew.
 */
import type * as maplibregl from 'maplibre-gl';
import type { GridOutlines, Incident, Proposal } from '../../../api/dispatch.ts';

export const GRIDS_SOURCE = 'dispatch-grids';
export const GRIDS_LAYER = 'dispatch-grids-line';
export const GRID_HIGHLIGHT_LAYER = 'dispatch-grid-highlight';
export const INCIDENTS_SOURCE = 'dispatch-incidents';
export const INCIDENTS_LAYER = 'dispatch-incidents';
export const PROPOSAL_SOURCE = 'dispatch-proposal';
export const PROPOSAL_LAYER = 'dispatch-proposal-lines';
export const DRAG_SOURCE = 'dispatch-drag';
export const DRAG_LAYER = 'dispatch-drag-line';

/** Metres per pixel at zoom 0 at Guangzhou's latitude (23.1°): 156543 · cos 23.1°. */
const M_PER_PX_Z0 = 144_000;

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };

/** Adds the sources and layers (empty), grids first so they lie under the faults added later. */
export function addGridLayers(map: maplibregl.Map): void {
  map.addSource(GRIDS_SOURCE, { type: 'geojson', data: EMPTY });
  map.addLayer({ id: GRIDS_LAYER, type: 'line', source: GRIDS_SOURCE, paint: { 'line-color': '#5b6f87', 'line-width': 1, 'line-opacity': 0.7 } });
  map.addLayer({ id: GRID_HIGHLIGHT_LAYER, type: 'line', source: GRIDS_SOURCE, filter: ['==', ['get', 'id'], -1], paint: { 'line-color': '#1f6fb2', 'line-width': 3 } });
  map.addSource(INCIDENTS_SOURCE, { type: 'geojson', data: EMPTY });
  map.addLayer({
    id: INCIDENTS_LAYER,
    type: 'circle',
    source: INCIDENTS_SOURCE,
    paint: {
      // the incident's radius in metres at every zoom
      'circle-radius': ['interpolate', ['exponential', 2], ['zoom'], 0, ['/', ['get', 'radiusM'], M_PER_PX_Z0], 20, ['/', ['*', ['get', 'radiusM'], 1_048_576], M_PER_PX_Z0]],
      'circle-color': 'rgba(215,48,31,0.08)',
      'circle-stroke-color': '#d7301f',
      'circle-stroke-width': 1.5,
    },
  });
}

/** Adds the proposal and drag-line layers (on top of faults and crews). */
export function addActionLayers(map: maplibregl.Map): void {
  map.addSource(PROPOSAL_SOURCE, { type: 'geojson', data: EMPTY });
  map.addLayer({
    id: PROPOSAL_LAYER,
    type: 'line',
    source: PROPOSAL_SOURCE,
    layout: { 'line-cap': 'round' },
    paint: { 'line-color': ['case', ['get', 'onTime'], '#7b3294', '#d7301f'], 'line-width': 3, 'line-dasharray': [2, 1.5] },
  });
  map.addSource(DRAG_SOURCE, { type: 'geojson', data: EMPTY });
  map.addLayer({ id: DRAG_LAYER, type: 'line', source: DRAG_SOURCE, paint: { 'line-color': '#111', 'line-width': 2, 'line-dasharray': [1, 1] } });
}

/** Shows the grid outlines; `highlightId` (the grid filter) is drawn thicker. */
export function setGrids(map: maplibregl.Map, grids: GridOutlines | null, highlightId: number | null): void {
  map.getSource<maplibregl.GeoJSONSource>(GRIDS_SOURCE)?.setData(grids ?? EMPTY);
  if (map.getLayer(GRID_HIGHLIGHT_LAYER)) map.setFilter(GRID_HIGHLIGHT_LAYER, ['==', ['get', 'id'], highlightId ?? -1]);
}

export function setIncidents(map: maplibregl.Map, incidents: readonly Incident[]): void {
  map.getSource<maplibregl.GeoJSONSource>(INCIDENTS_SOURCE)?.setData({
    type: 'FeatureCollection',
    features: incidents.map((i) => ({ type: 'Feature', properties: { id: i.id, radiusM: Math.max(50, i.radiusM) }, geometry: { type: 'Point', coordinates: [i.lng, i.lat] } })),
  });
}

/**
 * The proposal's lines: each crew's road route through its stops when the server gave one, else straight lines
 * from the crew to each fault it gets. `crewPos` and `faultPos` give the positions for the straight lines.
 */
export function setProposal(map: maplibregl.Map, proposal: Proposal | null, crewPos: (id: number) => [number, number] | null, faultPos: (workOrderId: number) => [number, number] | null): void {
  const features: GeoJSON.Feature[] = [];
  if (proposal) {
    const routed = new Set<number>();
    for (const r of proposal.routes) {
      if (!r.geometry) continue;
      routed.add(r.crewId);
      const late = proposal.assignments.some((a) => a.crewId === r.crewId && !a.onTime);
      features.push({ type: 'Feature', properties: { crewId: r.crewId, onTime: !late }, geometry: r.geometry });
    }
    for (const a of proposal.assignments) {
      if (routed.has(a.crewId)) continue;
      const from = crewPos(a.crewId);
      const to = faultPos(a.workOrderId);
      if (from && to) features.push({ type: 'Feature', properties: { crewId: a.crewId, onTime: a.onTime }, geometry: { type: 'LineString', coordinates: [from, to] } });
    }
  }
  map.getSource<maplibregl.GeoJSONSource>(PROPOSAL_SOURCE)?.setData({ type: 'FeatureCollection', features });
}

/** Draws (or clears, with null) the line from a dragged fault to the pointer. */
export function setDragLine(map: maplibregl.Map, line: [[number, number], [number, number]] | null): void {
  map.getSource<maplibregl.GeoJSONSource>(DRAG_SOURCE)?.setData(line ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: line } }] } : EMPTY);
}
