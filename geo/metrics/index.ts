/**
 * geo/metrics: quality measures of a partition of areal units into grids: balance (max deviation
 * from the mean per weight), contiguity, cut edges, Polsby-Popper compactness and diameter.
 */
export { computePartitionMetrics, gridLoads, maxDeviationPct, membersByGrid } from './partition-metrics.ts';
export { diameterKm } from './diameter.ts';
export { polsbyPopper, hexagonPerimeter, sharedBoundaryLengths, unitPerimeters } from './polsby-popper.ts';
