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

/**
 * Like `refine`, but keeps only children whose centre lies in a district: children of border cells that stick out
 * of the service area are dropped, and a child whose centre lies in a neighbouring district moves to it. Returns
 * the kept cells (sorted) with their centres (stride 2 `[lng, lat]`).
 * O(n · 7^(res − t.res) · k) for k edges per PIP band.
 * @throws RangeError when `res` is not finer than `t.res`.
 */
export function refineWithin(t: Tessellation, res: number, districts: readonly DistrictShape[]): Tessellation & { centres: Float64Array } {
  const all = refine(t, res);
  const centres = cellCentersInto(all.cells);
  const index = new Map(districts.map((d) => [d.id, indexPolygons(d.polygons)]));
  const cells: H3Cell[] = [];
  const district: number[] = [];
  const kept: number[] = [];
  for (let i = 0; i < all.cells.length; i++) {
    const x = centres[2 * i];
    const y = centres[2 * i + 1];
    let owner = -1;
    const own = index.get(all.district[i]);
    if (own && containsPoint(own, x, y)) owner = all.district[i];
    else {
      for (const d of districts) {
        if (containsPoint(index.get(d.id) as ReturnType<typeof indexPolygons>, x, y)) {
          owner = d.id;
          break;
        }
      }
    }
    if (owner < 0) continue;
    cells.push(all.cells[i]);
    district.push(owner);
    kept.push(i);
  }
  const out = new Float64Array(kept.length * 2);
  kept.forEach((i, k) => {
    out[2 * k] = centres[2 * i];
    out[2 * k + 1] = centres[2 * i + 1];
  });
  return { res, cells, district: Int16Array.from(district), centres: out };
}
