/**
 * deck.gl layers of the Territory map: the grid's res-9 cells shaded by a metric, its outline, open work
 * orders, crews, hotspots and the selected customer. (Customer tiles and substations reuse client/src/map/layers.)
 */
import { GeoJsonLayer, ScatterplotLayer } from '@deck.gl/layers';
import { H3HexagonLayer, type H3HexagonLayerProps } from '@deck.gl/geo-layers';
import type { PickingInfo } from '@deck.gl/core';
import type { MultiPolygon } from 'geojson';
import type { Crew, GridCells, HotspotHighest, HotspotRising, OpenWorkOrder } from '../../api/territory.ts';
import { classOf, type QuantileScale } from '../../map/color-scale.ts';

/** What the cells are shaded by. */
export type CellMetric = 'customers' | 'load' | 'faultRate';
export const CELL_METRICS: readonly CellMetric[] = ['customers', 'load', 'faultRate'];

/** Values of `metric` index-aligned with `cells.h3` (fault rate NaN for cells without customers). O(n). */
export function cellValues(cells: GridCells, metric: CellMetric): Float64Array {
  const n = cells.h3.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (metric === 'customers') out[i] = cells.customers[i];
    else if (metric === 'load') out[i] = cells.loadKw[i];
    else out[i] = cells.customers[i] > 0 ? cells.faultRate[i] : Number.NaN;
  }
  return out;
}

/** A picked cell: its index into the columns. */
export interface CellRef {
  index: number;
}

const refCache = new WeakMap<GridCells, CellRef[]>();
function refsFor(cells: GridCells): CellRef[] {
  let refs = refCache.get(cells);
  if (!refs) {
    refs = Array.from({ length: cells.h3.length }, (_, index) => ({ index }));
    refCache.set(cells, refs);
  }
  return refs;
}

/** The grid's cells colored by class of `values` in `scale` (cells without data are transparent). */
export function gridCellsLayer(p: { cells: GridCells; values: Float64Array; scale: QuantileScale; metric: CellMetric; visible: boolean; opacity: number; onHover?: (info: PickingInfo<CellRef>) => void }): H3HexagonLayer<CellRef> {
  const props: H3HexagonLayerProps<CellRef> = {
    id: 'territory-cells',
    data: refsFor(p.cells),
    visible: p.visible,
    pickable: true,
    filled: true,
    stroked: true,
    getLineColor: [255, 255, 255, 120],
    lineWidthUnits: 'pixels',
    getLineWidth: 0.5,
    extruded: false,
    opacity: p.opacity,
    getHexagon: (d) => p.cells.h3[d.index],
    getFillColor: (d) => {
      const c = classOf(p.scale, p.values[d.index]);
      if (c < 0) return [0, 0, 0, 0];
      const [r, g, b] = p.scale.colors[c];
      return [r, g, b, 255];
    },
    updateTriggers: { getFillColor: [p.metric, p.values, p.scale] },
    onHover: p.onHover,
  };
  return new H3HexagonLayer<CellRef>(props);
}

/** The grid's outline, a dark line over everything else. */
export function gridOutlineLayer(geometry: MultiPolygon, visible: boolean): GeoJsonLayer {
  return new GeoJsonLayer({
    id: 'territory-outline',
    data: { type: 'Feature', properties: {}, geometry },
    visible,
    filled: false,
    stroked: true,
    getLineColor: [20, 60, 120, 255],
    lineWidthUnits: 'pixels',
    getLineWidth: 3,
  });
}

export const WORK_ORDER_COLOR: [number, number, number] = [220, 38, 38];
export const CREW_COLOR: [number, number, number] = [37, 99, 235];
export const HOTSPOT_HIGHEST_COLOR: [number, number, number] = [127, 0, 0];
export const HOTSPOT_RISING_COLOR: [number, number, number] = [234, 88, 12];

/** Open work orders as red dots with a white rim. */
export function workOrdersLayer(data: OpenWorkOrder[], visible: boolean, onHover?: (info: PickingInfo<OpenWorkOrder>) => void): ScatterplotLayer<OpenWorkOrder> {
  return new ScatterplotLayer<OpenWorkOrder>({
    id: 'territory-work-orders',
    data,
    visible,
    pickable: true,
    getPosition: (d) => [d.lng, d.lat],
    radiusUnits: 'pixels',
    getRadius: 6,
    getFillColor: [...WORK_ORDER_COLOR, 235],
    stroked: true,
    getLineColor: [255, 255, 255, 255],
    lineWidthUnits: 'pixels',
    getLineWidth: 1.5,
    onHover,
  });
}

/** Crews as blue dots with a dark rim. */
export function crewsLayer(data: Crew[], visible: boolean, onHover?: (info: PickingInfo<Crew>) => void): ScatterplotLayer<Crew> {
  return new ScatterplotLayer<Crew>({
    id: 'territory-crews',
    data,
    visible,
    pickable: true,
    getPosition: (d) => [d.lng, d.lat],
    radiusUnits: 'pixels',
    getRadius: 7,
    getFillColor: [...CREW_COLOR, 235],
    stroked: true,
    getLineColor: [15, 23, 42, 255],
    lineWidthUnits: 'pixels',
    getLineWidth: 2,
    onHover,
  });
}

type Hotspot = (HotspotHighest & { kind: 'highest' }) | (HotspotRising & { kind: 'rising' });

/** Hotspot cells as rings: dark red for the highest fault rate, orange for a rising one. */
export function hotspotsLayer(highest: HotspotHighest[], rising: HotspotRising[], visible: boolean): ScatterplotLayer<Hotspot> {
  const data: Hotspot[] = [...highest.map((h) => ({ ...h, kind: 'highest' as const })), ...rising.map((h) => ({ ...h, kind: 'rising' as const }))];
  return new ScatterplotLayer<Hotspot>({
    id: 'territory-hotspots',
    data,
    visible,
    getPosition: (d) => [d.lng, d.lat],
    radiusUnits: 'pixels',
    getRadius: (d) => (d.kind === 'highest' ? 13 : 10),
    filled: false,
    stroked: true,
    getLineColor: (d) => [...(d.kind === 'highest' ? HOTSPOT_HIGHEST_COLOR : HOTSPOT_RISING_COLOR), 255],
    lineWidthUnits: 'pixels',
    getLineWidth: 3,
  });
}

/** The customer picked in the list, as a large ring. */
export function selectedCustomerLayer(pos: [number, number] | null): ScatterplotLayer<[number, number]> {
  return new ScatterplotLayer<[number, number]>({
    id: 'territory-selected-customer',
    data: pos ? [pos] : [],
    getPosition: (d) => d,
    radiusUnits: 'pixels',
    getRadius: 11,
    filled: false,
    stroked: true,
    getLineColor: [17, 24, 39, 255],
    lineWidthUnits: 'pixels',
    getLineWidth: 3,
  });
}
