/**
 * deck.gl layers of the Plan view. The cells layer is fed index refs over the plan's columns and coloured from
 * the live assignment (an Int32Array) with `updateTriggers` on its revision, so a brush stroke over a res 9
 * plan recomputes one colour attribute instead of rebuilding the layer.
 */
import { H3HexagonLayer } from '@deck.gl/geo-layers';
import { GeoJsonLayer, LineLayer, PathLayer, TextLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import { classOf, type QuantileScale, type Rgb } from '../../map/color-scale.ts';
import { LABEL_FONT_FAMILY } from '../../map/layers/fonts.ts';
import type { Outline } from '../../workers/plan-protocol.ts';
import type { ColorBy } from './plan-store.ts';

/** Qualitative palette for grids (ColorBrewer Set3 + Pastel, distinct on the light basemap). */
export const GRID_PALETTE: readonly Rgb[] = [
  [141, 211, 199],
  [255, 237, 111],
  [190, 186, 218],
  [251, 128, 114],
  [128, 177, 211],
  [253, 180, 98],
  [179, 222, 105],
  [252, 205, 229],
  [188, 128, 189],
  [204, 235, 197],
  [217, 217, 217],
  [255, 255, 179],
];

/** One cell: its index into the plan's columns. */
export interface CellRef {
  index: number;
}

const refCache = new WeakMap<string[], CellRef[]>();
/** Index refs for the cells, built once per plan so deck.gl sees stable data. */
export function cellRefs(h3: string[]): CellRef[] {
  let refs = refCache.get(h3);
  if (!refs) {
    refs = Array.from({ length: h3.length }, (_, index) => ({ index }));
    refCache.set(h3, refs);
  }
  return refs;
}

export interface PlanCellsLayerProps {
  h3: string[];
  assignment: Int32Array;
  revision: number;
  colours: Int32Array;
  colorBy: ColorBy;
  /** value per cell of the `colorBy` column (not for 'grid'). */
  values: ArrayLike<number> | null;
  scale: QuantileScale | null;
  selected: number | null;
  beforeId?: string;
}

/** The plan's cells coloured by grid (selected grid stronger) or by a weight (quantile classes). */
export function planCellsLayer(p: PlanCellsLayerProps): H3HexagonLayer<CellRef> {
  const props = {
    id: 'plan-cells',
    data: cellRefs(p.h3),
    beforeId: p.beforeId,
    pickable: false,
    filled: true,
    stroked: false,
    extruded: false,
    highPrecision: 'auto' as const,
    getHexagon: (d: CellRef) => p.h3[d.index],
    getFillColor: (d: CellRef): [number, number, number, number] => {
      const g = p.assignment[d.index];
      if (p.colorBy !== 'grid' && p.values && p.scale) {
        const c = classOf(p.scale, p.values[d.index]);
        if (c < 0) return [0, 0, 0, 0];
        const [r, gg, b] = p.scale.colors[c];
        return [r, gg, b, g === p.selected ? 255 : 200];
      }
      const [r, gg, b] = GRID_PALETTE[p.colours[g] % GRID_PALETTE.length];
      return [r, gg, b, p.selected === null ? 200 : g === p.selected ? 235 : 140];
    },
    updateTriggers: { getFillColor: [p.revision, p.colours, p.colorBy, p.values, p.scale, p.selected] },
  };
  return new H3HexagonLayer<CellRef>(props);
}

/** Cells to highlight (split preview, compare), drawn as outlined hexagons. */
export function highlightCellsLayer(id: string, cells: string[], color: [number, number, number, number]): H3HexagonLayer<string> {
  return new H3HexagonLayer<string>({
    id,
    data: cells,
    getHexagon: (c) => c,
    filled: true,
    stroked: true,
    extruded: false,
    getFillColor: [color[0], color[1], color[2], Math.round(color[3] / 2)],
    getLineColor: color,
    lineWidthUnits: 'pixels',
    getLineWidth: 2,
  });
}

/** All grids' outline segments in one typed array (`[lng0, lat0, lng1, lat1]` per segment), the selected grid's last. */
export interface OutlineSegments {
  positions: Float64Array;
  /** segments of the selected grid: the last `selectedCount`. */
  selectedCount: number;
  length: number;
}

/** Packs the outlines into one array (O(segments)). */
export function packOutlines(outlines: Map<number, Outline>, selected: number | null): OutlineSegments {
  let total = 0;
  for (const o of outlines.values()) total += o.segments.length;
  const positions = new Float64Array(total);
  let at = 0;
  for (const o of outlines.values()) {
    if (o.grid === selected) continue;
    positions.set(o.segments, at);
    at += o.segments.length;
  }
  const sel = selected !== null ? outlines.get(selected) : undefined;
  if (sel) positions.set(sel.segments, at);
  return { positions, selectedCount: sel ? sel.segments.length / 4 : 0, length: total / 4 };
}

/** Grid outlines as line segments fed from one Float64Array (binary attributes); the selected grid thicker. */
export function outlinesLayer(packed: OutlineSegments): LineLayer {
  const firstSelected = packed.length - packed.selectedCount;
  return new LineLayer({
    id: 'plan-outlines',
    data: {
      length: packed.length,
      attributes: {
        getSourcePosition: { value: packed.positions, size: 2, stride: 32, offset: 0 },
        getTargetPosition: { value: packed.positions, size: 2, stride: 32, offset: 16 },
      },
    },
    widthUnits: 'pixels',
    getColor: (_d: unknown, { index }: { index: number }) => (index >= firstSelected ? [20, 30, 60, 255] : [55, 65, 85, 210]),
    getWidth: (_d: unknown, { index }: { index: number }) => (index >= firstSelected ? 3.5 : 1.3),
    updateTriggers: { getColor: [packed], getWidth: [packed] },
  });
}

export interface GridLabel {
  position: [number, number];
  text: string;
  flagged: boolean;
}

/** Grid names and managers at each grid's anchor cell. */
export function gridLabelsLayer(labels: GridLabel[], visible: boolean): TextLayer<GridLabel> {
  const characterSet = new Set<string>();
  for (const l of labels) for (const ch of l.text) characterSet.add(ch);
  return new TextLayer<GridLabel>({
    id: 'plan-grid-labels',
    data: labels,
    visible,
    getPosition: (d) => d.position,
    getText: (d) => d.text,
    getSize: 13,
    sizeUnits: 'pixels',
    getColor: (d) => (d.flagged ? [170, 20, 20, 255] : [25, 35, 55, 255]),
    fontFamily: LABEL_FONT_FAMILY,
    fontWeight: 600,
    characterSet: [...characterSet],
    fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
    outlineWidth: 3,
    outlineColor: [255, 255, 255, 230],
    getTextAnchor: 'middle',
    getAlignmentBaseline: 'center',
  });
}

/** The lasso being drawn. */
export function lassoLayer(path: Array<[number, number]>): PathLayer<Array<[number, number]>> {
  return new PathLayer<Array<[number, number]>>({
    id: 'plan-lasso',
    data: [path],
    getPath: (d) => d,
    getColor: [30, 90, 200, 255],
    widthUnits: 'pixels',
    getWidth: 2,
  });
}

/** Imported boundaries as an overlay of outlines. */
export function boundariesLayer(fc: GeoJSON.FeatureCollection, visible: boolean): GeoJsonLayer {
  return new GeoJsonLayer({ id: 'plan-boundaries', data: fc, visible, filled: false, stroked: true, lineWidthUnits: 'pixels', getLineWidth: 2.5, getLineColor: [140, 40, 160, 220] });
}

export type PlanLayer = Layer | null;
