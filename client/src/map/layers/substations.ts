/** Substations as circles sized and colored by voltage (deck.gl GeoJsonLayer; polygons are drawn as outlines). */
import { GeoJsonLayer } from '@deck.gl/layers';
import type { PickingInfo } from '@deck.gl/core';
import type { Feature, Geometry } from 'geojson';
import type { SubstationProps, Substations } from '../../api/map-data.ts';
import type { Rgb } from '../color-scale.ts';

export type SubstationFeature = Feature<Geometry, SubstationProps>;

/** Voltage classes shown in the legend, highest first: lower bound in kV and color. */
export const VOLTAGE_CLASSES: readonly { minKv: number; color: Rgb }[] = [
  { minKv: 500, color: [106, 27, 154] },
  { minKv: 220, color: [198, 40, 40] },
  { minKv: 110, color: [239, 108, 0] },
  { minKv: 0, color: [84, 110, 122] },
];

/** Color for a voltage in kV (unknown voltage falls into the lowest class). */
export function voltageColor(kv: number | null | undefined): Rgb {
  const v = kv ?? 0;
  return (VOLTAGE_CLASSES.find((c) => v >= c.minKv) ?? VOLTAGE_CLASSES[VOLTAGE_CLASSES.length - 1]).color;
}

export interface SubstationsLayerProps {
  data: Substations;
  visible: boolean;
  onHover?: (info: PickingInfo<SubstationFeature>) => void;
}

/** Builds the substations layer. */
export function substationsLayer({ data, visible, onHover }: SubstationsLayerProps): GeoJsonLayer<SubstationProps> {
  return new GeoJsonLayer<SubstationProps>({
    id: 'substations',
    data,
    visible,
    pickable: true,
    pointType: 'circle',
    getPointRadius: (f) => ((f.properties.voltage_kv ?? 0) >= 500 ? 7 : (f.properties.voltage_kv ?? 0) >= 220 ? 5.5 : 4),
    pointRadiusUnits: 'pixels',
    getFillColor: (f) => [...voltageColor(f.properties.voltage_kv), 230],
    getLineColor: [255, 255, 255, 255],
    lineWidthUnits: 'pixels',
    getLineWidth: 1.5,
    stroked: true,
    filled: true,
    onHover,
  });
}
