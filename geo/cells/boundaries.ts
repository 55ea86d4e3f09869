/**
 * Boundaries and areas of many cells at once, fast. h3-js's `cellToBoundary` costs ~10 µs a call, too slow
 * for the ~500,000 res-10 cells of the service area. Within a small region the H3 grid is a lattice of
 * translates (exactly so in H3's gnomonic face projection), so each cell's boundary is its centre plus the
 * vertex offsets of a reference cell nearby: one exact boundary per group of cells sharing a parent at
 * `groupRes`, translated to every cell of the group. Cells whose reference is not a hexagon (near
 * icosahedron edges and pentagons) are computed exactly.
 *
 * Error: for res-10 cells grouped by res-8 parents (≈ 1 km apart at most), the vertex positions differ from
 * h3-js's by a few centimetres (lattice distortion and cos(latitude) change across the group); shared edges of
 * neighbouring cells therefore match to a few centimetres. Areas come from the ring itself (Lambert cylindrical
 * equal-area projection, relative error ~1e-4 against h3-js's `cellArea`).
 */
import { cellBoundaryFlat, parentOf, type H3Cell } from './h3-adapter.ts';

/** Most vertices an H3 cell boundary can have. */
export const MAX_VERTS = 10;
/** H3's authalic Earth radius, km. */
const R_KM = 6371.007180918475;
const RAD = Math.PI / 180;

/** Boundaries of n cells. */
export interface Boundaries {
  /** Open rings, stride 2 × MAX_VERTS: vertex v of cell i is `[ring[i*20 + 2v], ring[i*20 + 2v + 1]]` = `[lng, lat]`. */
  ring: Float64Array;
  /** Vertices per cell. */
  count: Uint8Array;
  /** Area per cell, km². */
  areaKm2: Float64Array;
}

/** Area of an open ring in degrees `[lng, lat, …]` at offset `o` with `k` vertices, km² (local equal-area). */
function ringAreaKm2(ring: Float64Array, o: number, k: number): number {
  // Lambert cylindrical equal-area: x = R·lng, y = R·sin(lat) preserves areas on the sphere
  let a = 0;
  const x0 = ring[o];
  for (let v = 0; v < k; v++) {
    const j = (v + 1) % k;
    const x1 = (ring[o + 2 * v] - x0) * RAD * R_KM;
    const y1 = Math.sin(ring[o + 2 * v + 1] * RAD) * R_KM;
    const x2 = (ring[o + 2 * j] - x0) * RAD * R_KM;
    const y2 = Math.sin(ring[o + 2 * j + 1] * RAD) * R_KM;
    a += x1 * y2 - x2 * y1;
  }
  return Math.abs(a) / 2;
}

/**
 * Boundaries and areas of `cells` (sorted, one resolution) given their centres (stride 2 `[lng, lat]`), using
 * one exact reference boundary per parent at `groupRes` (see the module comment). `groupRes` must be coarser
 * than the cells; use the cells' own resolution to get exact h3-js boundaries for every cell.
 * O(n + groups · h3 call).
 * @throws RangeError when `centres` has the wrong length or `groupRes` is finer than the cells.
 */
export function cellBoundaries(cells: readonly H3Cell[], centres: Float64Array, groupRes: number): Boundaries {
  const n = cells.length;
  if (centres.length !== 2 * n) throw new RangeError(`centres has length ${centres.length}, expected ${2 * n}`);
  const S = 2 * MAX_VERTS;
  const ring = new Float64Array(n * S);
  const count = new Uint8Array(n);
  const areaKm2 = new Float64Array(n);
  const offsets = new Float64Array(S);
  let groupKey = '';
  let refVerts = 0;
  for (let i = 0; i < n; i++) {
    const key = parentOf(cells[i], groupRes);
    if (key !== groupKey || key === cells[i]) {
      groupKey = key;
      const b = cellBoundaryFlat(cells[i]);
      refVerts = b.length / 2;
      for (let v = 0; v < refVerts; v++) {
        offsets[2 * v] = b[2 * v] - centres[2 * i];
        offsets[2 * v + 1] = b[2 * v + 1] - centres[2 * i + 1];
      }
      if (refVerts !== 6) refVerts = -1; // not a plain hexagon: compute this group's cells exactly
    }
    const o = i * S;
    if (refVerts === 6) {
      for (let v = 0; v < 6; v++) {
        ring[o + 2 * v] = centres[2 * i] + offsets[2 * v];
        ring[o + 2 * v + 1] = centres[2 * i + 1] + offsets[2 * v + 1];
      }
      count[i] = 6;
    } else {
      const b = cellBoundaryFlat(cells[i]);
      ring.set(b, o);
      count[i] = b.length / 2;
    }
    areaKm2[i] = ringAreaKm2(ring, o, count[i]);
  }
  return { ring, count, areaKm2 };
}
