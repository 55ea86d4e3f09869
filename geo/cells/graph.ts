/**
 * Cell adjacency in CSR form for the partitioner: a cell's neighbours are the H3 cells sharing an edge with it
 * that are also in the set.
 */
import { neighbours, type H3Cell } from './h3-adapter.ts';

/** Weight columns of a cell graph: any named Float64Array columns indexed like the cells (e.g. `CellWeights`). */
export type WeightColumns = Record<string, Float64Array>;

/** An undirected cell graph; every edge appears in both directions. */
export interface CellGraph<W extends { [K in keyof W]: Float64Array } = WeightColumns> {
  /** The vertices, in the order of the input. */
  cells: H3Cell[];
  /** CSR: neighbours of vertex v are `targets[offsets[v] .. offsets[v + 1])`, ascending; length n + 1. */
  offsets: Int32Array;
  /** Neighbour vertex indices; length = 2 × number of undirected edges. */
  targets: Int32Array;
  /** Vertex weight columns (Float64Array, indexed like `cells`), as given. */
  weights: W;
  /** District id per vertex (all zero when not given). */
  district: Int16Array;
}

/**
 * Builds the CSR adjacency of `cells` from H3 neighbours (gridDisk 1), keeping only neighbours inside the set.
 * The weight columns are referenced, not copied (pass a level of `buildHierarchy`/`generateCellWeights`, or any
 * Float64Array columns). O(n) (6 neighbours per cell, hash lookups).
 * @throws RangeError when `cells` has duplicates or a column's length differs from `cells.length`.
 */
export function buildCellGraph<W extends { [K in keyof W]: Float64Array }>(cells: H3Cell[], weights: W, district: Int16Array = new Int16Array(cells.length)): CellGraph<W> {
  const n = cells.length;
  for (const [k, col] of Object.entries(weights) as Array<[string, Float64Array]>) {
    if (col.length !== n) throw new RangeError(`weights.${k} has length ${col.length}, expected ${n}`);
  }
  if (district.length !== n) throw new RangeError(`district has length ${district.length}, expected ${n}`);
  const index = new Map<H3Cell, number>();
  for (let i = 0; i < n; i++) {
    if (index.has(cells[i])) throw new RangeError(`duplicate cell ${cells[i]} at index ${i}`);
    index.set(cells[i], i);
  }
  const offsets = new Int32Array(n + 1);
  const tmp = new Int32Array(n * 6);
  let e = 0;
  const nb: number[] = [];
  for (let v = 0; v < n; v++) {
    nb.length = 0;
    for (const c of neighbours(cells[v])) {
      const u = index.get(c);
      if (u !== undefined) nb.push(u);
    }
    nb.sort((a, b) => a - b);
    for (const u of nb) tmp[e++] = u;
    offsets[v + 1] = e;
  }
  return { cells, offsets, targets: tmp.slice(0, e), weights, district };
}
