/** Derived per-cell values for the density layer, computed once per data set and metric (not per render). */
import type { CellColumns } from '../api/map-data.ts';

/** What the density layer colors cells by. */
export type DensityMetric = 'customers' | 'load' | 'faultRate';

export const DENSITY_METRICS: readonly DensityMetric[] = ['customers', 'load', 'faultRate'];

/**
 * Value of `metric` for every cell, index-aligned with `cells.h3`. Fault rate is faults in the last 12 months per
 * 1,000 customers; cells without customers get NaN (no data). O(n).
 */
export function metricValues(cells: CellColumns, metric: DensityMetric): Float64Array {
  const n = cells.h3.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (metric === 'customers') out[i] = cells.customers[i];
    else if (metric === 'load') out[i] = cells.load[i];
    else out[i] = cells.customers[i] > 0 ? (cells.faults[i] * 1000) / cells.customers[i] : Number.NaN;
  }
  return out;
}
