/**
 * The only place that talks to h3-js. h3-js uses `[lat, lng]`; everything else in GridOps uses GeoJSON
 * `[lng, lat]`, so every conversion happens here.
 */
import * as h3 from 'h3-js';

/** An H3 cell index as its 15-hex-digit string (what the `h3` columns store). */
export type H3Cell = string & { readonly __brand: 'H3Cell' };

/** GeoJSON polygon rings, `[lng, lat]` (outer ring first, then holes). */
export type PolygonCoords = number[][][];

/** Resolutions GridOps tessellates at. */
export const MIN_RES = 7;
export const MAX_RES = 10;
/** The default working resolution. */
export const DEFAULT_RES = 9;

function checkRes(res: number, name = 'res'): void {
  if (!Number.isInteger(res) || res < 0 || res > 15) throw new RangeError(`${name} must be an integer 0..15, got ${res}`);
}

/** True when `s` is a valid H3 cell index. O(1). */
export function isCell(s: unknown): s is H3Cell {
  return typeof s === 'string' && h3.isValidCell(s);
}

/** Resolution of a cell. O(1). */
export function resolutionOf(cell: H3Cell): number {
  return h3.getResolution(cell);
}

/**
 * The cell containing a point. O(1).
 * @param lng longitude, degrees; @param lat latitude, degrees.
 * @throws RangeError for a bad resolution.
 */
export function lngLatToCell(lng: number, lat: number, res: number): H3Cell {
  checkRes(res);
  return h3.latLngToCell(lat, lng, res) as H3Cell;
}

/** Centre of a cell as `[lng, lat]`, degrees. O(1). */
export function cellCenter(cell: H3Cell): [number, number] {
  const [lat, lng] = h3.cellToLatLng(cell);
  return [lng, lat];
}

/**
 * Writes the centres of `cells` into `out` as `[lng0, lat0, lng1, lat1, …]` (stride 2). O(n).
 * @returns `out` (allocated when omitted).
 */
export function cellCentersInto(cells: readonly H3Cell[], out = new Float64Array(cells.length * 2)): Float64Array {
  for (let i = 0; i < cells.length; i++) {
    const ll = h3.cellToLatLng(cells[i]);
    out[2 * i] = ll[1];
    out[2 * i + 1] = ll[0];
  }
  return out;
}

/**
 * Boundary vertices of a cell as a flat open ring `[lng0, lat0, …]` (6 vertices for hexagons, up to 10 for
 * cells crossing icosahedron edges). O(1).
 */
export function cellBoundaryFlat(cell: H3Cell): Float64Array {
  const b = h3.cellToBoundary(cell);
  const out = new Float64Array(b.length * 2);
  for (let i = 0; i < b.length; i++) {
    out[2 * i] = b[i][1];
    out[2 * i + 1] = b[i][0];
  }
  return out;
}

/** Boundary of a cell as a closed GeoJSON ring `[[lng, lat], …]`. O(1). */
export function cellBoundary(cell: H3Cell): number[][] {
  return h3.cellToBoundary(cell, true);
}

/** Area of a cell, km² (exact spherical area). O(1). */
export function cellAreaKm2(cell: H3Cell): number {
  return h3.cellArea(cell, h3.UNITS.km2);
}

/** Average hexagon edge length at `res`, metres. O(1). */
export function edgeLengthM(res: number): number {
  checkRes(res);
  return h3.getHexagonEdgeLengthAvg(res, h3.UNITS.m);
}

/**
 * Parent of a cell at a coarser resolution. O(1).
 * @throws RangeError when `res` is finer than the cell.
 */
export function parentOf(cell: H3Cell, res: number): H3Cell {
  checkRes(res);
  if (res > h3.getResolution(cell)) throw new RangeError(`parent res ${res} is finer than cell ${cell}`);
  return h3.cellToParent(cell, res) as H3Cell;
}

/** Children of a cell at a finer resolution (7^(res − cellRes) cells). */
export function childrenOf(cell: H3Cell, res: number): H3Cell[] {
  checkRes(res);
  return h3.cellToChildren(cell, res) as H3Cell[];
}

/** The up to 6 cells sharing an edge with `cell` (5 for pentagons), not including it. O(1). */
export function neighbours(cell: H3Cell): H3Cell[] {
  const disk = h3.gridDisk(cell, 1) as H3Cell[];
  return disk.filter((c) => c !== cell);
}

/**
 * Cells whose centre lies in a GeoJSON polygon (`[lng, lat]` rings, holes respected). O(area / cellArea).
 * @throws RangeError for a bad resolution; h3-js errors for invalid polygons.
 */
export function polygonToCells(polygon: PolygonCoords, res: number): H3Cell[] {
  checkRes(res);
  return h3.polygonToCells(polygon, res, true) as H3Cell[];
}
