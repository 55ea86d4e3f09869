/** The city map with every grid coloured by one KPI (quantile classes; darker is worse). */
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GeoJsonLayer } from '@deck.gl/layers';
import type { PickingInfo } from '@deck.gl/core';
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import type { GridKpiRow } from '../../api/kpis.ts';
import { createMap, offlineStyle, type MapHandles } from '../../map/create-map.ts';
import { classOf, quantileScale, YL_OR_RD, type Rgb } from '../../map/color-scale.ts';
import { addDistrictLayers, setDistricts } from '../../map/layers/districts.ts';
import type { Districts } from '../../api/map-data.ts';
import { formatNumber } from '../../i18n/index.ts';
import { displayValue, formatKpi, kpiDef, kpiValue, type KpiKey } from '../territory/kpi-defs.ts';
import { publishDashboardHook, type DashboardHook } from './test-hook.ts';

type GridProps = { id: number; idx: number; name: string; manager: string | null };
type GridFeature = Feature<MultiPolygon, GridProps>;

interface KpiChoroplethProps {
  outlines: FeatureCollection<MultiPolygon, GridProps>;
  districts: Districts | null;
  rows: GridKpiRow[];
  kpi: KpiKey;
  basemapStyle: string | null;
}

const css = (c: Rgb) => `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
// quantileScale treats values ≤ 0 as "no data"; a KPI of exactly 0 (no complaints) is data, so it is lifted a hair
const ZERO = 1e-12;

/** Renders the map, the legend and a hover box; clicking a grid opens its territory. */
export function KpiChoropleth({ outlines, districts, rows, kpi, basemapStyle }: KpiChoroplethProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  const [handles, setHandles] = useState<MapHandles | null>(null);
  const [hook, setHook] = useState<DashboardHook | null>(null);
  const [hover, setHover] = useState<{ x: number; y: number; row: GridKpiRow | null; name: string } | null>(null);
  const def = kpiDef(kpi);

  useEffect(() => {
    if (!ref.current) return;
    const h = createMap(ref.current, basemapStyle);
    const hk: DashboardHook = { map: h.map, overlay: h.overlay, drawnGridIds: [] };
    const unpublish = publishDashboardHook(hk);
    let alive = true;
    let loaded = false;
    h.map.on('load', () => {
      loaded = true;
      if (!alive) return;
      addDistrictLayers(h.map);
      setHandles(h);
      setHook(hk);
    });
    h.map.on('error', (e: { error?: unknown }) => {
      console.error('map error:', e.error);
      if (!loaded && basemapStyle) h.map.setStyle(offlineStyle(), { diff: false });
    });
    return () => {
      alive = false;
      unpublish();
      setHandles(null);
      h.map.remove();
    };
  }, [basemapStyle]);

  useEffect(() => {
    if (handles && districts) setDistricts(handles.map, districts);
  }, [handles, districts]);

  const byId = useMemo(() => new Map(rows.map((r) => [r.gridId, r])), [rows]);
  const { values, scale } = useMemo(() => {
    const vals = new Map<number, number>();
    for (const r of rows) {
      const v = kpiValue(r, kpi);
      if (v !== null) vals.set(r.gridId, v === 0 ? ZERO : v);
    }
    // darker is worse: for "higher is better" KPIs the palette runs the other way
    const palette = def.better === 'higher' ? [...YL_OR_RD].reverse() : YL_OR_RD;
    return { values: vals, scale: quantileScale(Float64Array.from(vals.values()), palette) };
  }, [rows, kpi, def.better]);

  useEffect(() => {
    if (!handles || !hook) return;
    const gridId = (f: GridFeature) => Number(f.properties.id ?? f.id);
    handles.overlay.setProps({
      layers: [
        new GeoJsonLayer<GridProps>({
          id: 'kpi-choropleth',
          data: outlines as FeatureCollection<MultiPolygon, GridProps>,
          pickable: true,
          filled: true,
          stroked: true,
          getFillColor: (f) => {
            const v = values.get(gridId(f as GridFeature));
            const c = v === undefined ? -1 : classOf(scale, v);
            if (c < 0) return [200, 200, 200, 120];
            return [...scale.colors[c], 200];
          },
          getLineColor: [255, 255, 255, 220],
          lineWidthUnits: 'pixels',
          getLineWidth: 0.8,
          updateTriggers: { getFillColor: [values, scale] },
          onHover: (info: PickingInfo<GridFeature>) =>
            setHover(info.object ? { x: info.x, y: info.y, row: byId.get(gridId(info.object)) ?? null, name: info.object.properties.name } : null),
          onClick: (info: PickingInfo<GridFeature>) => {
            if (info.object) window.location.hash = `#/territory/${gridId(info.object)}`;
          },
        }),
      ],
    });
    hook.drawnGridIds = outlines.features.map((f) => gridId(f as GridFeature));
  }, [handles, hook, outlines, values, scale, byId]);

  const digits = def.unit === 'score' ? 2 : def.unit === 'count' ? 0 : 1;
  return (
    <div className="choropleth">
      <div ref={ref} className="map-container" data-testid="choropleth-map" onMouseLeave={() => setHover(null)} />
      <div className="map-panel choropleth-legend" data-testid="choropleth-legend">
        <h3>{t(`territory.kpi.${kpi}`)}</h3>
        <ul className="legend-classes">
          {scale.colors.map((c, i) => {
            const lo = i === 0 ? scale.min : scale.breaks[i - 1];
            const hi = i === scale.colors.length - 1 ? scale.max : scale.breaks[i];
            return (
              <li key={i}>
                <span className="swatch" style={{ background: css(c) }} />
                {formatNumber(displayValue(def.unit, lo <= ZERO ? 0 : lo), digits)} – {formatNumber(displayValue(def.unit, hi <= ZERO ? 0 : hi), digits)}
              </li>
            );
          })}
          <li>
            <span className="swatch" style={{ background: 'rgba(200,200,200,0.5)' }} />
            {t('dashboard.map.noData')}
          </li>
        </ul>
        {def.better && <p className="legend-note">{t('dashboard.map.worse')}</p>}
      </div>
      {hover && (
        <div className="map-tooltip" role="tooltip" style={{ left: hover.x + 14, top: hover.y + 14 }}>
          <strong>{hover.name}</strong>
          {hover.row && (
            <div>
              {hover.row.managerName ?? ''} · {formatKpi(t, def.unit, kpiValue(hover.row, kpi))}
            </div>
          )}
        </div>
      )}
    </div>
  );
}
