/** Customers as points from the server's vector tiles (deck.gl MVTLayer), shown from zoom 13. */
import { MVTLayer } from '@deck.gl/geo-layers';
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

export type CustomerFeature = Feature<Geometry, { type?: string; load_kw?: number; id?: number }>;

export interface CustomerPointsLayerProps {
  visible: boolean;
  onHover?: (info: PickingInfo<CustomerFeature>) => void;
  onTileError?: (err: unknown) => void;
}

/** Builds the customer points layer. Tiles are parsed on the main thread (no loaders.gl worker from a CDN offline). */
export function customerPointsLayer({ visible, onHover, onTileError }: CustomerPointsLayerProps): MVTLayer {
  return new MVTLayer({
    id: 'customer-points',
    data: CUSTOMER_TILES_URL,
    visible,
    minZoom: CUSTOMER_POINTS_MIN_ZOOM,
    maxZoom: 16,
    pickable: true,
    loadOptions: { worker: false },
    pointType: 'circle',
    getPointRadius: 2.5,
    pointRadiusUnits: 'pixels',
    getFillColor: (f: CustomerFeature) => [...(CUSTOMER_TYPE_COLORS[f.properties.type as CustomerType] ?? [120, 120, 120]), 220],
    stroked: false,
    onHover,
    onTileError: onTileError ?? (() => undefined),
  });
}
