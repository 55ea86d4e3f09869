/**
 * Exact roll-up of per-cell weights from the finest resolution to coarser ones: each coarser level is the set
 * of parents of the level below, and every weight of a parent is the sum over its children, so
 * sum(children) = parent holds by construction (no re-polyfilling at coarse resolutions).
 */
import { cellAreaKm2, parentOf, type H3Cell } from './h3-adapter.ts';

/** The weight columns every cell carries (one Float64Array per column, indexed like `cells`). */
export interface CellWeights {
  /** Number of customers. */
  customers: Float64Array;
  /** Contracted load, kW. */
  loadKw: Float64Array;
  /** Faults in the last twelve months. */
  faults: Float64Array;
  /** Area of the service area inside the cell, km² (the cell's own area at the finest level). */
  areaKm2: Float64Array;
}

/** One resolution of the hierarchy. */
export interface CellLevel extends CellWeights {
  res: number;
  /** Sorted ascending. */
  cells: H3Cell[];
  /** District id of each cell: the district holding most of its finest-level descendants (ties → lower id). */
  district: Int16Array;
  /**
   * For every cell of the next FINER level, the index of its parent in this level's `cells`
   * (`parentIndex[childIdx] = parentIdx`); empty for the finest level.
   */
  childParent: Int32Array;
}

const COLUMNS = ['customers', 'loadKw', 'faults', 'areaKm2'] as const;

/** Allocates zeroed weight columns for `n` cells. */
export function emptyWeights(n: number): CellWeights {
  return { customers: new Float64Array(n), loadKw: new Float64Array(n), faults: new Float64Array(n), areaKm2: new Float64Array(n) };
}

/**
 * Area of each cell, km² (exact spherical H3 area). O(n).
 */
export function cellAreasKm2(cells: readonly H3Cell[]): Float64Array {
  const out = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) out[i] = cellAreaKm2(cells[i]);
  return out;
}

/**
 * Parents at `res` of sorted `cells`, deduplicated and sorted, and the map child index → parent index.
 * Relies on H3 ordering: siblings are contiguous in sorted order and parents keep their children's order.
 * O(n).
 * @throws RangeError when `cells` is not sorted ascending.
 */
export function parentsOf(cells: readonly H3Cell[], res: number): { parents: H3Cell[]; childParent: Int32Array } {
  const parents: H3Cell[] = [];
  const childParent = new Int32Array(cells.length);
  let last = '';
  for (let i = 0; i < cells.length; i++) {
    if (i > 0 && cells[i - 1] >= cells[i]) throw new RangeError(`cells must be sorted and unique (at index ${i}: ${cells[i]})`);
    const p = parentOf(cells[i], res);
    if (p !== last) {
      if (last !== '' && p < last) throw new RangeError(`parents out of order at ${cells[i]}`);
      parents.push(p);
      last = p;
    }
    childParent[i] = parents.length - 1;
  }
  return { parents, childParent };
}

/**
 * Builds all levels from `finest` (sorted cells at `finestRes` with their weights and districts) up to
 * `coarsestRes`, summing every weight column from children to parents. Returned array is ordered from the
 * finest level to the coarsest. O(n · levels).
 * @throws RangeError when resolutions are out of order or column lengths differ from `cells.length`.
 */
export function buildHierarchy(
  finest: { res: number; cells: H3Cell[]; district: Int16Array } & CellWeights,
  coarsestRes: number,
): CellLevel[] {
  const n = finest.cells.length;
  if (!Number.isInteger(coarsestRes) || coarsestRes < 0 || coarsestRes > finest.res) {
    throw new RangeError(`coarsestRes must be an integer 0..${finest.res}, got ${coarsestRes}`);
  }
  for (const k of COLUMNS) {
    if (finest[k].length !== n) throw new RangeError(`finest.${k} has length ${finest[k].length}, expected ${n}`);
  }
  if (finest.district.length !== n) throw new RangeError(`finest.district has length ${finest.district.length}, expected ${n}`);
  // the finest level's district counts (one per cell) drive the plurality vote at every coarser level
  const levels: CellLevel[] = [{ ...finest, childParent: new Int32Array(0) }];
  let maxDistrict = 0;
  for (let i = 0; i < n; i++) if (finest.district[i] > maxDistrict) maxDistrict = finest.district[i];
  const nd = maxDistrict + 1;
  // votes[c * nd + d] = number of finest descendants of cell c in district d (layout: row per cell)
  let votes = new Int32Array(n * nd);
  for (let i = 0; i < n; i++) votes[i * nd + finest.district[i]] = 1;
  for (let res = finest.res - 1; res >= coarsestRes; res--) {
    const below = levels[levels.length - 1];
    const { parents, childParent } = parentsOf(below.cells, res);
    below.childParent = childParent;
    const m = parents.length;
    const w = emptyWeights(m);
    const pv = new Int32Array(m * nd);
    for (let i = 0; i < below.cells.length; i++) {
      const p = childParent[i];
      for (const k of COLUMNS) w[k][p] += below[k][i];
      for (let d = 0; d < nd; d++) pv[p * nd + d] += votes[i * nd + d];
    }
    const district = new Int16Array(m);
    for (let p = 0; p < m; p++) {
      let best = 0;
      for (let d = 1; d < nd; d++) if (pv[p * nd + d] > pv[p * nd + best]) best = d;
      district[p] = best;
    }
    votes = pv;
    levels.push({ res, cells: parents, district, childParent: new Int32Array(0), ...w });
  }
  return levels;
}

/**
 * Sums `values` (indexed by finest-level cell) into `out` at `cellIndex[i]` for each item i, e.g. customers
 * per cell from each customer's cell index. O(items).
 * @param values per-item amount, or null to count items.
 */
export function accumulate(cellIndex: Int32Array, values: ArrayLike<number> | null, out: Float64Array): Float64Array {
  for (let i = 0; i < cellIndex.length; i++) out[cellIndex[i]] += values ? values[i] : 1;
  return out;
}
