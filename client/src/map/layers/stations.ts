/** Metro and rail stations as small rings (deck.gl GeoJsonLayer). */
import { GeoJsonLayer } from '@deck.gl/layers';
import type { PickingInfo } from '@deck.gl/core';
import type { Feature, Geometry } from 'geojson';
import type { StationProps, Stations } from '../../api/map-data.ts';

export type StationFeature = Feature<Geometry, StationProps>;

export const STATION_COLOR: [number, number, number] = [0, 105, 180];

export interface StationsLayerProps {
  data: Stations;
  visible: boolean;
  onHover?: (info: PickingInfo<StationFeature>) => void;
}

/** Builds the stations layer. */
export function stationsLayer({ data, visible, onHover }: StationsLayerProps): GeoJsonLayer<StationProps> {
  return new GeoJsonLayer<StationProps>({
    id: 'stations',
    data,
    visible,
    pickable: true,
    pointType: 'circle',
    getPointRadius: 3.5,
    pointRadiusUnits: 'pixels',
    getFillColor: [255, 255, 255, 255],
    getLineColor: [...STATION_COLOR, 255],
    lineWidthUnits: 'pixels',
    getLineWidth: 2,
    stroked: true,
    filled: true,
    onHover,
  });
}
