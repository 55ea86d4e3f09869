/**
 * Public types of the partitioner. Everything is index based: unit `u` is row `u` of the CSR
 * graph and of every weight column; grid `g` is an integer in `[0, k)`.
 */

/**
 * An undirected graph in CSR form. The neighbours of unit `u` are
 * `targets[offsets[u] .. offsets[u + 1])`; every edge is stored in both directions.
 */
export interface CsrGraph {
  /** length `n + 1`, non-decreasing, `offsets[0] = 0`, `offsets[n] = targets.length`. */
  offsets: Int32Array;
  /** length `offsets[n]`, unit indices in `[0, n)`, no self loops. */
  targets: Int32Array;
}

/**
 * Optional geometry of the units, used by the metrics (Polsby-Popper, diameter) and by the
 * max-diameter constraint. Lengths in km, areas in km².
 */
export interface UnitGeometry {
  /** area of each unit (km²), length `n`. */
  areas?: Float64Array;
  /** perimeter of each unit (km), length `n`. */
  perimeters?: Float64Array;
  /**
   * length of the boundary shared by the two ends of each CSR entry (km), length `targets.length`.
   * When absent it is estimated as `min(perimeter[u], perimeter[v]) / 6` (exact for H3 hexagons).
   */
  sharedBoundary?: Float64Array;
  /** unit centroids, interleaved `[lng0, lat0, lng1, lat1, …]` in degrees (GeoJSON order). */
  centroids?: Float64Array;
}

/** Options of {@link partition}. */
export interface PartitionOptions {
  /** number of grids, `1 <= k <= units`. */
  k: number;
  /**
   * allowed deviation of each grid's weight from the mean, in percent of the mean; one number for
   * all weight columns or one per column. Default 3.
   */
  tolerancePct?: number | readonly number[];
  /** random seed; the same seed gives the same answer when the search ends before the budget. */
  seed?: number;
  /** wall-clock budget in milliseconds (default 10 000); the best answer found so far is returned. */
  timeBudgetMs?: number;
  /** called with a fraction in [0, 1] as the work advances. */
  onProgress?: (fraction: number) => void;
  /** hard boundaries: a region label per unit (length n); a grid never contains two labels. */
  regions?: Int32Array;
  /** pinned units: the grid each unit must belong to, or -1 (length n). */
  lockedUnits?: Int32Array;
  /** a starting assignment (length n); required by `lockedGrids`, else used as a warm start. */
  initial?: Int32Array;
  /** grids of `initial` that must stay exactly as they are. */
  lockedGrids?: readonly number[];
  /** seed units (a manager's home): `seedUnits[g]` is a unit pinned to grid g, or -1. */
  seedUnits?: Int32Array;
  /**
   * maximum grid diameter (km) between unit centroids; needs `geometry.centroids`. Enforced
   * conservatively: every unit stays within half of it from its grid's anchor unit.
   */
  maxDiameterKm?: number;
  /** unit geometry, for the diameter constraint and the metrics. */
  geometry?: UnitGeometry;
  /**
   * weight of each CSR entry in the cut objective (default 1 each, i.e. cut edges); for example
   * shared boundary lengths to minimise perimeter instead.
   */
  edgeWeights?: Float64Array;
  /**
   * 'auto' (default) runs the restart local search after the multilevel pass when the graph has at
   * most 5 000 units; 'always' and 'never' force it.
   */
  search?: 'auto' | 'always' | 'never';
  /** restarts of the local search (default: as many as fit in the budget, at most 2 000). */
  restarts?: number;
}

/** Quality measures of an assignment (see geo/metrics). */
export interface PartitionMetrics {
  k: number;
  /** per weight column: max over grids of |load − mean| / mean, in percent. */
  maxDevPct: number[];
  /** grids whose units do not form one connected piece (empty grids count). */
  nonContiguous: number;
  /** undirected edges whose ends are in different grids. */
  cutEdges: number;
  /** mean and worst Polsby-Popper compactness 4πA/P² over grids, or null without geometry. */
  polsbyPopperMean: number | null;
  polsbyPopperMin: number | null;
  /** largest distance between two unit centroids of one grid (km), or null without centroids. */
  maxDiameterKm: number | null;
}

/** Result of {@link partition}. */
export interface PartitionResult {
  /** grid of each unit, length n. */
  assignment: Int32Array;
  /** true when every grid is contiguous and every weight within tolerance. */
  feasible: boolean;
  metrics: PartitionMetrics;
  /** total of every weight column per grid, interleaved `loads[g * ncon + c]`. */
  loads: Float64Array;
  /** wall-clock milliseconds spent. */
  elapsedMs: number;
}
