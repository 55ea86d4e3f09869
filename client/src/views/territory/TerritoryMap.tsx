/**
 * The Territory map: the grid's outline and res-9 cells (shaded by customers, load or fault rate), customers from
 * the grid-filtered vector tiles when zoomed in, substations, open work orders, crews and hotspots.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PickingInfo } from '@deck.gl/core';
import { createMap, offlineStyle, type MapHandles } from '../../map/create-map.ts';
import { quantileScale } from '../../map/color-scale.ts';
import { CUSTOMER_POINTS_MIN_ZOOM } from '../../map/h3-resolution.ts';
import { addRoadLayers } from '../../map/layers/roads.ts';
import { addDistrictLayers, setDistricts } from '../../map/layers/districts.ts';
import { customerPointsLayer } from '../../map/layers/customer-points.ts';
import { substationsLayer } from '../../map/layers/substations.ts';
import type { Districts, Substations } from '../../api/map-data.ts';
import { gridCustomerTilesUrl, type Crew, type GridCells, type GridDetail, type Hotspots, type OpenWorkOrder } from '../../api/territory.ts';
import { formatNumber } from '../../i18n/index.ts';
import { useStore, type Store } from '../../state/store.ts';
import { cellValues, crewsLayer, gridCellsLayer, gridOutlineLayer, hotspotsLayer, selectedCustomerLayer, workOrdersLayer, type CellRef } from './territory-layers.ts';
import type { TerritoryMapState } from './territory-store.ts';
import { publishTerritoryHook } from './test-hook.ts';
import { TerritoryLayerPanel } from './TerritoryLayerPanel.tsx';

export interface MapFocus {
  lng: number;
  lat: number;
  /** changes on every request, so flying to the same place twice works */
  seq: number;
}

interface TerritoryMapProps {
  store: Store<TerritoryMapState>;
  basemapStyle: string | null;
  grid: GridDetail;
  cells: GridCells | null;
  hotspots: Hotspots | null;
  workOrders: OpenWorkOrder[] | null;
  crews: Crew[] | null;
  substations: Substations | null;
  districts: Districts | null;
  focus: MapFocus | null;
  selected: [number, number] | null;
}

/** Owns the MapLibre map and the deck.gl layer list of the Territory view. */
export function TerritoryMap(p: TerritoryMapProps) {
  const { t } = useTranslation();
  const { store } = p;
  const containerRef = useRef<HTMLDivElement>(null);
  const [handles, setHandles] = useState<MapHandles | null>(null);
  const s = useStore(store, (x) => x);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const h = createMap(container, p.basemapStyle);
    const unpublish = publishTerritoryHook({ map: h.map, overlay: h.overlay, store });
    let alive = true;
    let loaded = false;
    h.map.on('load', () => {
      loaded = true;
      if (!alive) return;
      // the roads go under the district outlines, so the districts come first (as on the overview)
      addDistrictLayers(h.map);
      setHandles(h);
    });
    h.map.on('error', (e: { error?: unknown }) => {
      console.error('map error:', e.error);
      if (!loaded && p.basemapStyle) h.map.setStyle(offlineStyle(), { diff: false });
    });
    const onMoveEnd = () => store.set({ zoom: h.map.getZoom() });
    h.map.on('moveend', onMoveEnd);
    onMoveEnd();
    return () => {
      alive = false;
      unpublish();
      setHandles(null);
      h.map.remove();
    };
  }, [p.basemapStyle, store]);

  useEffect(() => {
    if (handles && p.districts) setDistricts(handles.map, p.districts);
  }, [handles, p.districts]);

  const roadsAttribution = t('map.roadsAttribution');
  useEffect(() => {
    if (handles) addRoadLayers(handles.map, roadsAttribution, true);
  }, [handles, roadsAttribution]);

  // frame the grid when it changes
  const bbox = p.grid.bbox;
  const gridId = p.grid.id;
  useEffect(() => {
    if (!handles || !bbox) return;
    handles.map.fitBounds(
      [
        [bbox[0], bbox[1]],
        [bbox[2], bbox[3]],
      ],
      { padding: 40, animate: false, maxZoom: 16 },
    );
  }, [handles, gridId, bbox]);

  useEffect(() => {
    if (handles && p.focus) handles.map.flyTo({ center: [p.focus.lng, p.focus.lat], zoom: Math.max(handles.map.getZoom(), 15), duration: 600 });
  }, [handles, p.focus]);

  const values = useMemo(() => (p.cells ? cellValues(p.cells, s.metric) : null), [p.cells, s.metric]);
  const scale = useMemo(() => (values ? quantileScale(values) : null), [values]);

  useEffect(() => {
    if (!handles) return;
    const v = s.visible;
    const showCustomers = v.customers && s.zoom >= CUSTOMER_POINTS_MIN_ZOOM;
    const onCellHover = (info: PickingInfo<CellRef>) => store.set({ hover: info.object ? { kind: 'cell', x: info.x, y: info.y, index: info.object.index } : null });
    const onWorkOrderHover = (info: PickingInfo<OpenWorkOrder>) =>
      store.set({ hover: info.object ? { kind: 'workOrder', x: info.x, y: info.y, id: info.object.id, text: `#${info.object.id} ${info.object.kind} · ${info.object.state}` } : null });
    const onCrewHover = (info: PickingInfo<Crew>) =>
      store.set({ hover: info.object ? { kind: 'crew', x: info.x, y: info.y, id: info.object.id, text: `${info.object.code} ${info.object.name} · ${info.object.status}` } : null });
    handles.overlay.setProps({
      layers: [
        p.cells && values && scale ? gridCellsLayer({ cells: p.cells, values, scale, metric: s.metric, visible: v.cells, opacity: showCustomers ? 0.35 : 0.7, onHover: onCellHover }) : null,
        // the overview's customer layer, pointed at the tiles filtered to this grid
        customerPointsLayer({ visible: showCustomers, onTileError: (err) => store.set({ customersError: err }) }).clone({
          id: `territory-customers-${p.grid.id}`,
          data: gridCustomerTilesUrl(p.grid.id),
        }),
        p.grid.geometry ? gridOutlineLayer(p.grid.geometry, v.outline) : null,
        p.substations ? substationsLayer({ data: p.substations, visible: v.substations }) : null,
        p.hotspots ? hotspotsLayer(p.hotspots.highest, p.hotspots.rising, v.hotspots) : null,
        p.workOrders ? workOrdersLayer(p.workOrders, v.workOrders, onWorkOrderHover) : null,
        p.crews ? crewsLayer(p.crews, v.crews, onCrewHover) : null,
        selectedCustomerLayer(p.selected),
      ],
    });
    store.set({ renderedGridId: p.grid.id });
  }, [handles, store, p.grid, p.cells, p.hotspots, p.workOrders, p.crews, p.substations, p.selected, values, scale, s.metric, s.visible, s.zoom]);

  const hover = s.hover;
  let tooltip = null;
  if (hover?.kind === 'cell' && p.cells && hover.index < p.cells.h3.length) {
    const c = p.cells;
    const i = hover.index;
    tooltip = (
      <>
        <strong>{t('map.tooltip.cell', { h3: c.h3[i] })}</strong>
        <dl>
          <dt>{t('map.tooltip.customers')}</dt>
          <dd>{formatNumber(c.customers[i])}</dd>
          <dt>{t('map.tooltip.load')}</dt>
          <dd>{t('map.tooltip.kw', { value: formatNumber(c.loadKw[i]) })}</dd>
          <dt>{t('map.tooltip.faults')}</dt>
          <dd>{formatNumber(c.faults12m[i])}</dd>
          <dt>{t('map.tooltip.faultRate')}</dt>
          <dd>{c.customers[i] > 0 ? t('map.tooltip.perThousand', { value: formatNumber(c.faultRate[i], 1) }) : '—'}</dd>
        </dl>
      </>
    );
  } else if (hover && hover.kind !== 'cell') {
    tooltip = <strong>{hover.text}</strong>;
  }

  return (
    <div className="territory-map">
      <div ref={containerRef} className="map-container" data-testid="map" onMouseLeave={() => store.set({ hover: null })} />
      <div className="map-side">
        <TerritoryLayerPanel store={store} scale={scale} />
      </div>
      {tooltip && hover && (
        <div className="map-tooltip" role="tooltip" style={{ left: hover.x + 14, top: hover.y + 14 }}>
          {tooltip}
        </div>
      )}
    </div>
  );
}
