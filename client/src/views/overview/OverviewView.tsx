/**
 * Overview map (every role): districts, the H3 density layer, customers from vector tiles, substations and
 * stations, with a layer panel, legend and hover tooltip.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PickingInfo } from '@deck.gl/core';
import type { User } from '../../api/auth.ts';
import { useStore } from '../../state/store.ts';
import { createMap, offlineStyle, type MapHandles } from '../../map/create-map.ts';
import { metricValues } from '../../map/cell-metrics.ts';
import { quantileScale } from '../../map/color-scale.ts';
import { CUSTOMER_POINTS_MIN_ZOOM, resolutionForZoom } from '../../map/h3-resolution.ts';
import { cellWindow } from '../../map/cell-window.ts';
import { addDistrictLayers, DISTRICTS_OUTLINE_LAYER, setDistricts, setDistrictsVisible } from '../../map/layers/districts.ts';
import { addRoadLayers, setRoadsVisible } from '../../map/layers/roads.ts';
import { districtLabels, districtLabelsLayer } from '../../map/layers/district-labels.ts';
import { densityCellsLayer, type CellRef } from '../../map/layers/density-cells.ts';
import { substationsLayer, type SubstationFeature } from '../../map/layers/substations.ts';
import { stationsLayer, type StationFeature } from '../../map/layers/stations.ts';
import { customerPointsLayer, type CustomerFeature } from '../../map/layers/customer-points.ts';
import { currentLanguage } from '../../i18n/index.ts';
import { createOverviewStore, type DatasetId, type Hover } from './overview-store.ts';
import { loadCells, loadDataset, type CellCache } from './overview-data.ts';
import { LayerPanel } from './LayerPanel.tsx';
import { Legend } from './Legend.tsx';
import { MapTooltip } from './MapTooltip.tsx';
import { MapMessages } from './MapMessages.tsx';
import { RouteTool } from '../../components/RouteTool.tsx';
import { publishTestHook } from './test-hook.ts';

interface OverviewViewProps {
  user: User;
}

/** Name of a feature in the current language, from name_zh/name_en/name properties. */
function featureName(p: { name?: string | null; name_zh?: string | null; name_en?: string | null }): string | null {
  return (currentLanguage() === 'en' ? (p.name_en ?? p.name_zh) : (p.name_zh ?? p.name_en)) ?? p.name ?? null;
}

/** The overview view: owns its store, the map instance and the deck.gl layer list. */
export function OverviewView({ user }: OverviewViewProps) {
  const { t, i18n } = useTranslation();
  const [store] = useState(createOverviewStore);
  const [cellCache] = useState<CellCache>(() => new Map());
  const containerRef = useRef<HTMLDivElement>(null);
  const [handles, setHandles] = useState<MapHandles | null>(null);
  const [retryCount, setRetryCount] = useState<Record<DatasetId, number>>({ config: 0, districts: 0, cells: 0, substations: 0, stations: 0, customers: 0 });

  const s = useStore(store, (x) => x);
  const language = i18n.language === 'en' ? 'en' : 'zh';
  const res = resolutionForZoom(s.zoom);
  const bbox = cellWindow(s.view, res);

  // static data sets, fetched once (and again on retry)
  useEffect(() => {
    const ctl = new AbortController();
    void loadDataset(store, 'config', ctl.signal);
    return () => ctl.abort();
  }, [store, retryCount.config]);
  useEffect(() => {
    const ctl = new AbortController();
    void loadDataset(store, 'districts', ctl.signal);
    return () => ctl.abort();
  }, [store, retryCount.districts]);
  useEffect(() => {
    const ctl = new AbortController();
    void loadDataset(store, 'substations', ctl.signal);
    return () => ctl.abort();
  }, [store, retryCount.substations]);
  useEffect(() => {
    const ctl = new AbortController();
    void loadDataset(store, 'stations', ctl.signal);
    return () => ctl.abort();
  }, [store, retryCount.stations]);

  // cells for the resolution of the current zoom (and, at fine resolutions, the window around the view)
  useEffect(() => {
    const ctl = new AbortController();
    void loadCells(store, cellCache, res, bbox, ctl.signal);
    return () => ctl.abort();
  }, [store, cellCache, res, bbox, retryCount.cells]);

  // the map, once the config says which basemap to use
  const configStatus = s.config.status;
  const styleUrl = s.config.data?.basemapStyle ?? null;
  useEffect(() => {
    const container = containerRef.current;
    if (!container || configStatus === 'loading') return;
    // a failed config falls back to the offline basemap (its error is shown)
    const h = createMap(container, configStatus === 'ready' ? styleUrl : null);
    const unpublish = publishTestHook({ map: h.map, overlay: h.overlay, overview: store });
    let alive = true;
    let loaded = false;
    h.map.on('load', () => {
      loaded = true;
      if (!alive) return;
      addDistrictLayers(h.map);
      setHandles(h);
    });
    h.map.on('error', (e: { error?: unknown }) => {
      // keep map failures visible in the console (MapLibre stays silent once a listener exists)
      console.error('map error:', e.error);
      // an online style that cannot be loaded (no internet) falls back to the offline basemap
      if (!loaded && styleUrl && !store.get().basemapFallback) {
        store.set({ basemapFallback: true });
        h.map.setStyle(offlineStyle(), { diff: false });
      }
    });
    const onMoveEnd = () => {
      const b = h.map.getBounds();
      store.set({ zoom: h.map.getZoom(), view: [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()] });
    };
    h.map.on('moveend', onMoveEnd);
    onMoveEnd();
    return () => {
      alive = false;
      unpublish();
      setHandles(null);
      h.map.remove();
    };
  }, [configStatus, styleUrl, store]);

  // districts into the MapLibre source
  const districts = s.districts.data;
  useEffect(() => {
    if (handles && districts) setDistricts(handles.map, districts);
  }, [handles, districts]);
  useEffect(() => {
    if (handles) setDistrictsVisible(handles.map, s.visible.districts);
  }, [handles, s.visible.districts]);

  // roads from the vector tiles, re-added when the language (and so the attribution text) changes
  const roadsAttribution = t('map.roadsAttribution');
  const roadsVisible = s.visible.roads;
  useEffect(() => {
    if (handles) addRoadLayers(handles.map, roadsAttribution, store.get().visible.roads);
  }, [handles, store, roadsAttribution]);
  useEffect(() => {
    if (handles) setRoadsVisible(handles.map, roadsVisible);
  }, [handles, roadsVisible]);

  const labels = useMemo(() => (districts ? districtLabels(districts) : []), [districts]);
  const cells = s.cells.data;
  const values = useMemo(() => (cells ? metricValues(cells, s.metric) : null), [cells, s.metric]);
  const scale = useMemo(() => (values ? quantileScale(values) : null), [values]);

  // deck.gl layers
  useEffect(() => {
    if (!handles) return;
    const setHover = (hover: Hover | null) => store.set({ hover });
    const onCellHover = (info: PickingInfo<CellRef>) => setHover(info.object ? { kind: 'cell', x: info.x, y: info.y, index: info.object.index } : null);
    const onSubstationHover = (info: PickingInfo<SubstationFeature>) =>
      setHover(info.object ? { kind: 'substation', x: info.x, y: info.y, name: featureName(info.object.properties), voltageKv: info.object.properties.voltage_kv ?? null } : null);
    const onStationHover = (info: PickingInfo<StationFeature>) =>
      setHover(info.object ? { kind: 'station', x: info.x, y: info.y, name: featureName(info.object.properties) } : null);
    const onCustomerHover = (info: PickingInfo<CustomerFeature>) =>
      setHover(
        info.object
          ? { kind: 'customer', x: info.x, y: info.y, type: info.object.properties.type ?? null, loadKw: info.object.properties.load_kw ?? null, count: info.object.properties.n ?? 1 }
          : null,
      );
    const v = s.visible;
    const showCustomers = v.customers && s.zoom >= CUSTOMER_POINTS_MIN_ZOOM;
    handles.overlay.setProps({
      layers: [
        cells && values && scale
          ? densityCellsLayer({
              cells,
              metric: s.metric,
              values,
              scale,
              visible: v.density,
              opacity: showCustomers ? 0.35 : 0.75,
              beforeId: DISTRICTS_OUTLINE_LAYER,
              onHover: onCellHover,
            })
          : null,
        s.stations.data ? stationsLayer({ data: s.stations.data, visible: v.stations, onHover: onStationHover }) : null,
        s.substations.data ? substationsLayer({ data: s.substations.data, visible: v.substations, onHover: onSubstationHover }) : null,
        customerPointsLayer({
          visible: showCustomers,
          onHover: onCustomerHover,
          onTileError: (err) => store.set({ customersError: err }),
        }),
        // names last so points never hide them
        districtLabelsLayer({ labels, language, visible: v.districts }),
      ],
    });
  }, [handles, store, cells, values, scale, labels, language, s.metric, s.visible, s.zoom, s.stations.data, s.substations.data]);

  const onRetry = (id: DatasetId) => {
    if (id === 'customers') store.set({ customersError: null });
    else setRetryCount((r) => ({ ...r, [id]: r[id] + 1 }));
  };

  return (
    <div className="overview" data-role={user.role}>
      <div ref={containerRef} className="map-container" data-testid="map" onMouseLeave={() => store.set({ hover: null })} />
      <MapMessages store={store} onRetry={onRetry} />
      <div className="map-side">
        {handles && <RouteTool map={handles.map} />}
        <LayerPanel store={store} />
        <Legend
          metric={s.metric}
          scale={scale}
          res={cells?.res ?? null}
          showDensity={s.visible.density}
          showSubstations={s.visible.substations}
          showStations={s.visible.stations}
          showCustomers={s.visible.customers && s.zoom >= CUSTOMER_POINTS_MIN_ZOOM}
        />
      </div>
      <MapTooltip hover={s.hover} cells={cells} />
    </div>
  );
}

