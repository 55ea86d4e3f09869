/** The density layer: H3 cells colored by customers, load or fault rate (deck.gl H3HexagonLayer). */
import { H3HexagonLayer, type H3HexagonLayerProps } from '@deck.gl/geo-layers';
import type { PickingInfo } from '@deck.gl/core';
import type { CellColumns } from '../../api/map-data.ts';
import { classOf, type QuantileScale } from '../color-scale.ts';
import type { DensityMetric } from '../cell-metrics.ts';

/** A picked cell: its index into the columns. */
export interface CellRef {
  index: number;
}

export interface DensityCellsLayerProps {
  cells: CellColumns;
  metric: DensityMetric;
  /** `metric` for every cell, index-aligned with `cells.h3` (see `metricValues`). */
  values: Float64Array;
  scale: QuantileScale;
  visible: boolean;
  /** Layer opacity, 0–1 (lowered when customer points are drawn on top). */
  opacity: number;
  /** MapLibre layer the cells are drawn beneath (interleaved mode). */
  beforeId?: string;
  onHover?: (info: PickingInfo<CellRef>) => void;
}

const NO_DATA: [number, number, number, number] = [0, 0, 0, 0];

/** Builds the density layer. Data is passed as an index range over the column arrays (no per-cell objects). */
export function densityCellsLayer(p: DensityCellsLayerProps): H3HexagonLayer<CellRef> {
  const data = refsFor(p.cells);
  // `beforeId` is read by the MapLibreOverlay (interleaved mode), not part of deck.gl's layer prop types
  const props: H3HexagonLayerProps<CellRef> & { beforeId?: string } = {
    id: 'density-cells',
    data,
    visible: p.visible,
    beforeId: p.beforeId,
    pickable: true,
    filled: true,
    stroked: false,
    extruded: false,
    highPrecision: 'auto',
    opacity: p.opacity,
    getHexagon: (d) => p.cells.h3[d.index],
    getFillColor: (d) => {
      const c = classOf(p.scale, p.values[d.index]);
      if (c < 0) return NO_DATA;
      const [r, g, b] = p.scale.colors[c];
      return [r, g, b, 255];
    },
    updateTriggers: { getFillColor: [p.metric, p.values, p.scale] },
    onHover: p.onHover,
  };
  return new H3HexagonLayer<CellRef>(props);
}

// H3HexagonLayer's accessors take one object per cell; build them once per data set so deck.gl sees stable data
const refCache = new WeakMap<CellColumns, CellRef[]>();
function refsFor(cells: CellColumns): CellRef[] {
  let refs = refCache.get(cells);
  if (!refs) {
    refs = Array.from({ length: cells.h3.length }, (_, index) => ({ index }));
    refCache.set(cells, refs);
  }
  return refs;
}
