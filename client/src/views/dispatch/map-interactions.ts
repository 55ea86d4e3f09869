/**
 * Pointer handling on the Dispatch map: click a fault to open it, a cluster to zoom in, a crew to pick it for the
 * selected order; drag a waiting fault onto a crew to assign it by hand (a dashed line follows the pointer); hover
 * for the tooltip.
 */
import type * as maplibregl from 'maplibre-gl';
import { CREWS_LAYER } from './layers/crews.ts';
import { FAULT_CLUSTERS_LAYER, FAULT_POINTS_LAYER, FAULTS_SOURCE } from './layers/faults.ts';
import { setDragLine } from './layers/overlays.ts';

export type MapHover = { kind: 'crew'; id: number; x: number; y: number } | { kind: 'fault'; id: number; x: number; y: number } | { kind: 'cluster'; count: number; x: number; y: number };

export interface InteractionCallbacks {
  selectOrder(id: number): void;
  pickCrew(id: number): void;
  /** a fault was dropped on a crew */
  dropOnCrew(orderId: number, crewId: number): void;
  /** whether the order may be dragged (still waiting for a crew) */
  canDrag(orderId: number): boolean;
  hover(h: MapHover | null): void;
}

/** Pixels of slack around the pointer when looking for a crew or fault under it. */
const SLACK = 8;
/** Pointer travel (px) after which a press on a fault is a drag, not a click. */
const DRAG_START = 5;

function box(p: maplibregl.Point): [maplibregl.PointLike, maplibregl.PointLike] {
  return [
    [p.x - SLACK, p.y - SLACK],
    [p.x + SLACK, p.y + SLACK],
  ];
}

/** Attaches the handlers; returns a function that removes them. */
export function attachInteractions(map: maplibregl.Map, cb: InteractionCallbacks): () => void {
  const layers = () => [CREWS_LAYER, FAULT_POINTS_LAYER, FAULT_CLUSTERS_LAYER].filter((id) => map.getLayer(id));
  const topFeature = (p: maplibregl.Point) => map.queryRenderedFeatures(box(p), { layers: layers() })[0];
  let drag: { orderId: number; from: [number, number]; start: maplibregl.Point; moved: boolean } | null = null;

  const onClick = (e: maplibregl.MapMouseEvent) => {
    const f = topFeature(e.point);
    if (!f) return;
    const p = f.properties as Record<string, unknown>;
    if (f.layer.id === CREWS_LAYER) cb.pickCrew(Number(p.id));
    else if (f.layer.id === FAULT_POINTS_LAYER) cb.selectOrder(Number(p.id));
    else if (f.layer.id === FAULT_CLUSTERS_LAYER && f.geometry.type === 'Point') {
      const center = f.geometry.coordinates as [number, number];
      const src = map.getSource<maplibregl.GeoJSONSource>(FAULTS_SOURCE);
      void src?.getClusterExpansionZoom(Number(p.cluster_id)).then((zoom) => map.easeTo({ center, zoom: Math.min(zoom, 16) }));
    }
  };
  const onDown = (e: maplibregl.MapLayerMouseEvent) => {
    const f = e.features?.[0];
    if (!f || f.geometry.type !== 'Point') return;
    const id = Number(f.properties.id);
    if (!cb.canDrag(id)) return;
    e.preventDefault(); // no map panning while a fault is held
    drag = { orderId: id, from: f.geometry.coordinates as [number, number], start: e.point, moved: false };
  };
  const onMove = (e: maplibregl.MapMouseEvent) => {
    if (drag) {
      if (!drag.moved && Math.hypot(e.point.x - drag.start.x, e.point.y - drag.start.y) < DRAG_START) return;
      drag.moved = true;
      setDragLine(map, [drag.from, [e.lngLat.lng, e.lngLat.lat]]);
      map.getCanvas().style.cursor = 'grabbing';
      return;
    }
    const f = topFeature(e.point);
    map.getCanvas().style.cursor = f ? 'pointer' : '';
    if (!f) return cb.hover(null);
    const p = f.properties as Record<string, unknown>;
    if (f.layer.id === CREWS_LAYER) cb.hover({ kind: 'crew', id: Number(p.id), x: e.point.x, y: e.point.y });
    else if (f.layer.id === FAULT_POINTS_LAYER) cb.hover({ kind: 'fault', id: Number(p.id), x: e.point.x, y: e.point.y });
    else cb.hover({ kind: 'cluster', count: Number(p.point_count), x: e.point.x, y: e.point.y });
  };
  const onUp = (e: maplibregl.MapMouseEvent) => {
    if (!drag) return;
    const d = drag;
    drag = null;
    setDragLine(map, null);
    map.getCanvas().style.cursor = '';
    if (!d.moved) return; // a plain click: the click handler selects the fault
    const crew = map.queryRenderedFeatures(box(e.point), { layers: [CREWS_LAYER] })[0];
    if (crew) cb.dropOnCrew(d.orderId, Number(crew.properties.id));
  };
  const onLeave = () => cb.hover(null);

  map.on('click', onClick);
  map.on('mousedown', FAULT_POINTS_LAYER, onDown);
  map.on('mousemove', onMove);
  map.on('mouseup', onUp);
  map.on('mouseout', onLeave);
  return () => {
    map.off('click', onClick);
    map.off('mousedown', FAULT_POINTS_LAYER, onDown);
    map.off('mousemove', onMove);
    map.off('mouseup', onUp);
    map.off('mouseout', onLeave);
  };
}
