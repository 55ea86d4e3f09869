/**
 * Tessellates the service area (the union of district polygons) with H3 cells at one resolution.
 */
import { cellCentersInto, childrenOf, edgeLengthM, polygonToCells, type H3Cell, type PolygonCoords } from './h3-adapter.ts';
import { containsPoint, indexPolygons } from './point-in-polygon.ts';

/** A district as the tessellation needs it. */
export interface DistrictShape {
  id: number;
  /** GeoJSON MultiPolygon coordinates, `[lng, lat]`. */
  polygons: PolygonCoords[];
}

/** Cells of the service area at one resolution, sorted by index, with the district each belongs to. */
export interface Tessellation {
  res: number;
  /** Sorted ascending (H3 string order keeps siblings together, which gives spatially coherent runs). */
  cells: H3Cell[];
  /** `district[i]` is the id of the district containing the centre of `cells[i]`. */
  district: Int16Array;
}

/**
 * Cells whose centre lies in one of the districts. A centre on a shared border (or in an overlap of
 * imperfect boundaries) goes to the district listed first.
 *
 * h3-js's own polyfill tests every candidate against every edge, which takes seconds for the detailed OSM
 * boundaries (~30 s at res 10); here candidates are the children of a coarse (res − 2) polyfill of each
 * district's padded bounding box, filtered with a banded point-in-polygon index.
 * Complexity: O(C · k) for C bounding-box candidates and k edges per band (a few dozen).
 * @throws RangeError when `districts` is empty or `res` is out of range.
 */
export function tessellate(districts: readonly DistrictShape[], res: number): Tessellation {
  if (districts.length === 0) throw new RangeError('districts must not be empty');
  const coarse = Math.max(0, res - 2);
  const padDeg = (2 * edgeLengthM(coarse)) / 100_000; // two coarse edge lengths, generous in degrees
  const owner = new Map<H3Cell, number>();
  for (const d of districts) {
    const ix = indexPolygons(d.polygons);
    const x0 = ix.minX - padDeg;
    const y0 = ix.minY - padDeg;
    const x1 = ix.maxX + padDeg;
    const y1 = ix.maxY + padDeg;
    const candidates: H3Cell[] = [];
    for (const p of polygonToCells([[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]], coarse)) {
      for (const c of childrenOf(p, res)) candidates.push(c);
    }
    const centres = cellCentersInto(candidates);
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i];
      if (!owner.has(c) && containsPoint(ix, centres[2 * i], centres[2 * i + 1])) owner.set(c, d.id);
    }
  }
  const cells = [...owner.keys()].sort();
  const district = new Int16Array(cells.length);
  for (let i = 0; i < cells.length; i++) district[i] = owner.get(cells[i]) as number;
  return { res, cells, district };
}

/**
 * The same area at a finer resolution: all children of every cell, each inheriting its parent's district.
 * Rolling the result up with `cellToParent` gives back exactly `t.cells`, which is what makes the roll-up
 * identity exact. Output is sorted (children of sorted parents come out sorted). O(n · 7^(res − t.res)).
 * @throws RangeError when `res` is not finer than `t.res`.
 */
export function refine(t: Tessellation, res: number): Tessellation {
  if (!Number.isInteger(res) || res <= t.res || res > 15) throw new RangeError(`res must be finer than ${t.res}, got ${res}`);
  const per = 7 ** (res - t.res);
  const cells: H3Cell[] = new Array(t.cells.length * per);
  const district = new Int16Array(t.cells.length * per);
  let n = 0;
  for (let i = 0; i < t.cells.length; i++) {
    const ch = childrenOf(t.cells[i], res);
    ch.sort();
    for (const c of ch) {
      cells[n] = c;
      district[n++] = t.district[i];
    }
  }
  cells.length = n;
  return { res, cells, district: district.subarray(0, n) };
}
