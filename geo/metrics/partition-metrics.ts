/**
 * Metrics of an assignment of units to grids, recomputed from scratch: the reference that the
 * incremental editor is tested against, and what the partitioner reports.
 */
import { check } from '../errors.ts';
import type { CsrGraph, PartitionMetrics, UnitGeometry } from '../partition/types.ts';
import { countNonContiguous } from '../partition/connectivity.ts';
import { diameterKm } from './diameter.ts';
import { polsbyPopper, sharedBoundaryLengths, unitPerimeters } from './polsby-popper.ts';

/** Loads per grid, interleaved `loads[g * ncon + c]`. O(n·ncon). */
export function gridLoads(assignment: Int32Array, k: number, weights: readonly Float64Array[]): Float64Array {
  const ncon = weights.length;
  const loads = new Float64Array(k * ncon);
  for (let u = 0; u < assignment.length; u++) {
    const g = assignment[u];
    for (let c = 0; c < ncon; c++) loads[g * ncon + c] += weights[c][u];
  }
  return loads;
}

/**
 * Per weight column, the largest deviation of a grid load from the mean load, in percent of the
 * mean (0 for a column whose total is 0). O(k·ncon).
 */
export function maxDeviationPct(loads: Float64Array, k: number, ncon: number): number[] {
  const out: number[] = [];
  for (let c = 0; c < ncon; c++) {
    let total = 0;
    for (let g = 0; g < k; g++) total += loads[g * ncon + c];
    const mean = total / k;
    let worst = 0;
    if (mean > 0) for (let g = 0; g < k; g++) worst = Math.max(worst, Math.abs(loads[g * ncon + c] - mean) / mean);
    out.push(worst * 100);
  }
  return out;
}

/**
 * Every metric of an assignment: per-weight max deviation (%), non-contiguous grids, cut edges,
 * mean and worst Polsby-Popper (needs `geometry.areas`), largest diameter (km, needs
 * `geometry.centroids`). O(n·ncon + m + Σ_g m_g log m_g).
 * @throws GeoError('invalid_input') when an assignment entry is outside [0, k).
 */
export function computePartitionMetrics(graph: CsrGraph, assignment: Int32Array, k: number, weights: readonly Float64Array[], geometry?: UnitGeometry): PartitionMetrics {
  const { offsets, targets } = graph;
  const n = offsets.length - 1;
  check(assignment.length === n, 'assignment', `length ${assignment.length} must equal the number of units ${n}`);
  for (let u = 0; u < n; u++) check(assignment[u] >= 0 && assignment[u] < k, 'assignment', `unit ${u} has grid ${assignment[u]}, outside [0, ${k})`);
  const loads = gridLoads(assignment, k, weights);
  let cut = 0;
  for (let u = 0; u < n; u++) for (let i = offsets[u], e = offsets[u + 1]; i < e; i++) if (assignment[targets[i]] !== assignment[u]) cut++;
  const metrics: PartitionMetrics = {
    k,
    maxDevPct: maxDeviationPct(loads, k, weights.length),
    nonContiguous: countNonContiguous(offsets, targets, assignment, k),
    cutEdges: cut / 2,
    polsbyPopperMean: null,
    polsbyPopperMin: null,
    maxDiameterKm: null,
  };
  if (geometry?.areas) {
    const perims = unitPerimeters(geometry.areas, geometry.perimeters);
    const shared = sharedBoundaryLengths(offsets, targets, perims, geometry.sharedBoundary);
    const area = new Float64Array(k);
    const perim = new Float64Array(k);
    for (let u = 0; u < n; u++) {
      const g = assignment[u];
      area[g] += geometry.areas[u];
      perim[g] += perims[u];
      for (let i = offsets[u], e = offsets[u + 1]; i < e; i++) if (assignment[targets[i]] === g) perim[g] -= shared[i];
    }
    let sum = 0;
    let worst = Infinity;
    for (let g = 0; g < k; g++) {
      const pp = polsbyPopper(area[g], perim[g]);
      sum += pp;
      worst = Math.min(worst, pp);
    }
    metrics.polsbyPopperMean = sum / k;
    metrics.polsbyPopperMin = worst;
  }
  if (geometry?.centroids) {
    const members = membersByGrid(assignment, k);
    let worst = 0;
    for (let g = 0; g < k; g++) worst = Math.max(worst, diameterKm(geometry.centroids, members.units.subarray(members.start[g], members.start[g + 1])));
    metrics.maxDiameterKm = worst;
  }
  return metrics;
}

/**
 * Units grouped by grid (counting sort): grid g's units are `units[start[g] .. start[g + 1])`,
 * in increasing unit order. O(n + k).
 */
export function membersByGrid(assignment: Int32Array, k: number): { units: Int32Array; start: Int32Array } {
  const start = new Int32Array(k + 1);
  for (let u = 0; u < assignment.length; u++) start[assignment[u] + 1]++;
  for (let g = 0; g < k; g++) start[g + 1] += start[g];
  const fill = start.slice(0, k);
  const units = new Int32Array(assignment.length);
  for (let u = 0; u < assignment.length; u++) units[fill[assignment[u]]++] = u;
  return { units, start };
}
