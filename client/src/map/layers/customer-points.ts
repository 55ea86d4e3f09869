/** Customers as points from the server's vector tiles (deck.gl MVTLayer), shown from zoom 13. */
import { MVTLayer } from '@deck.gl/geo-layers';
// the main-thread parser: MVTLayer's default loader wants a worker script from a CDN, which is unreachable offline
import { MVTLoader } from '@loaders.gl/mvt';
import type { PickingInfo } from '@deck.gl/core';
import type { Feature, Geometry } from 'geojson';
import { CUSTOMER_TILES_URL } from '../../api/map-data.ts';
import type { Rgb } from '../color-scale.ts';
import { CUSTOMER_POINTS_MIN_ZOOM } from '../h3-resolution.ts';

export type CustomerType = 'residential' | 'commercial' | 'industrial';

export const CUSTOMER_TYPE_COLORS: Record<CustomerType, Rgb> = {
  residential: [38, 139, 210],
  commercial: [211, 54, 130],
  industrial: [133, 153, 0],
};

/** Color of an aggregated point (below the server's per-customer zoom a point is an H3 cell's customers). */
export const CUSTOMER_GROUP_COLOR: Rgb = [88, 86, 214];

/**
 * A customer tile feature: one customer (`type`, `load_kw`, `n` = 1) or, at lower zooms, the customers of one H3
 * cell at its centre (`h3`, `n` customers, `load_kw` summed, no `type`).
 */
export type CustomerFeature = Feature<Geometry, { type?: string; load_kw?: number; id?: number; n?: number; h3?: string }>;

/** Pixel radius of a point: a single customer is small, a group grows with the square root of its size. */
function pointRadius(f: CustomerFeature): number {
  const n = f.properties.n ?? 1;
  return n <= 1 ? 2.5 : Math.min(12, 2.5 + Math.sqrt(n) * 0.6);
}

function pointColor(f: CustomerFeature): [number, number, number, number] {
  const c = f.properties.type ? (CUSTOMER_TYPE_COLORS[f.properties.type as CustomerType] ?? [120, 120, 120]) : CUSTOMER_GROUP_COLOR;
  return [c[0], c[1], c[2], 210];
}

export interface CustomerPointsLayerProps {
  visible: boolean;
  onHover?: (info: PickingInfo<CustomerFeature>) => void;
  onTileError?: (err: unknown) => void;
}

/** Builds the customer points layer. Tiles are small and parsed on the main thread. */
export function customerPointsLayer({ visible, onHover, onTileError }: CustomerPointsLayerProps): MVTLayer {
  return new MVTLayer({
    id: 'customer-points',
    data: CUSTOMER_TILES_URL,
    visible,
    minZoom: CUSTOMER_POINTS_MIN_ZOOM,
    maxZoom: 16,
    pickable: true,
    loaders: [MVTLoader],
    loadOptions: { worker: false },
    pointType: 'circle',
    getPointRadius: pointRadius,
    pointRadiusUnits: 'pixels',
    getFillColor: pointColor,
    stroked: true,
    getLineColor: [255, 255, 255, 200],
    lineWidthUnits: 'pixels',
    getLineWidth: 0.5,
    onHover,
    onTileError: onTileError ?? (() => undefined),
  });
}
