/**
 * Sequential color scale with quantile class breaks, for skewed counts like customers per cell where a linear
 * scale would paint almost everything in the first class.
 */

/** An RGB color, each channel 0–255. */
export type Rgb = [number, number, number];

/** ColorBrewer YlOrRd, 7 classes: light = low, dark red = high. */
export const YL_OR_RD: readonly Rgb[] = [
  [255, 255, 178],
  [254, 217, 118],
  [254, 178, 76],
  [253, 141, 60],
  [252, 78, 42],
  [227, 26, 28],
  [177, 0, 38],
];

/** A classed scale: value v falls in class i when `breaks[i-1] <= v < breaks[i]` (open-ended at both ends). */
export interface QuantileScale {
  /** Upper bounds of classes 0..k-2 (ascending, distinct); class k-1 is everything above the last break. */
  breaks: number[];
  colors: Rgb[];
  min: number;
  max: number;
}

/**
 * Builds a quantile scale over the finite, positive values of `values` (NaN = no data, ignored).
 * Duplicate breaks are merged, so a column of identical values yields a single class.
 * O(n log n) for the sort.
 */
export function quantileScale(values: Float64Array, palette: readonly Rgb[] = YL_OR_RD): QuantileScale {
  const data: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v) && v > 0) data.push(v);
  }
  if (data.length === 0) return { breaks: [], colors: [palette[palette.length - 1]], min: 0, max: 0 };
  data.sort((a, b) => a - b);
  const k = palette.length;
  const breaks: number[] = [];
  for (let c = 1; c < k; c++) {
    const b = data[Math.min(data.length - 1, Math.floor((c * data.length) / k))];
    if (b > data[0] && (breaks.length === 0 || b > breaks[breaks.length - 1])) breaks.push(b);
  }
  // spread the used classes over the whole palette so few classes still span light to dark
  const used = breaks.length + 1;
  const colors: Rgb[] = [];
  for (let i = 0; i < used; i++) colors.push(palette[used === 1 ? k - 1 : Math.round((i * (k - 1)) / (used - 1))]);
  return { breaks, colors, min: data[0], max: data[data.length - 1] };
}

/** Class index of `value` in `scale`; -1 for no data (NaN or ≤ 0). O(log k). */
export function classOf(scale: QuantileScale, value: number): number {
  if (!Number.isFinite(value) || value <= 0) return -1;
  let lo = 0;
  let hi = scale.breaks.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value < scale.breaks[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
