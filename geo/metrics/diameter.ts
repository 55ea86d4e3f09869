/**
 * Diameter of a set of points given as unit centroids: the largest great-circle distance between
 * two of them. The candidates are the vertices of the convex hull in a local equirectangular
 * projection (monotone chain), compared pairwise with haversine. O(m log m + h²) for m points and
 * h hull vertices. Scratch buffers are module-level and grow on demand, so repeated calls (the
 * editor recomputes touched grids after every move) do not allocate.
 */
import { haversineM } from '../coords/haversine.ts';

// scratch: projected x, y and point order for the current call; hull as unit indices
let xs = new Float64Array(256);
let ys = new Float64Array(256);
let order = new Uint32Array(256);
let hull = new Int32Array(512);
let unitsOf = new Int32Array(256);
const byXY = (p: number, q: number): number => xs[p] - xs[q] || ys[p] - ys[q];

/**
 * Largest distance (km) between two of the listed units' centroids; 0 for fewer than two units.
 * @param centroids interleaved `[lng, lat]` per unit (degrees).
 * @param units the unit indices, `count` first entries used.
 */
export function diameterKm(centroids: Float64Array, units: ArrayLike<number>, count: number = units.length): number {
  if (count < 2) return 0;
  if (xs.length < count) {
    const size = Math.max(count, 2 * xs.length);
    xs = new Float64Array(size);
    ys = new Float64Array(size);
    order = new Uint32Array(size);
    unitsOf = new Int32Array(size);
    hull = new Int32Array(2 * size);
  }
  const kx = Math.cos((centroids[2 * units[0] + 1] * Math.PI) / 180);
  for (let i = 0; i < count; i++) {
    const u = units[i];
    xs[i] = centroids[2 * u] * kx;
    ys[i] = centroids[2 * u + 1];
    order[i] = i;
    unitsOf[i] = u;
  }
  const sorted = order.subarray(0, count).sort(byXY);
  const cross = (o: number, a: number, b: number): number => (xs[a] - xs[o]) * (ys[b] - ys[o]) - (ys[a] - ys[o]) * (xs[b] - xs[o]);
  let h = 0;
  for (let i = 0; i < count; i++) {
    const p = sorted[i];
    while (h >= 2 && cross(hull[h - 2], hull[h - 1], p) <= 0) h--;
    hull[h++] = p;
  }
  const lower = h + 1;
  for (let i = count - 2; i >= 0; i--) {
    const p = sorted[i];
    while (h >= lower && cross(hull[h - 2], hull[h - 1], p) <= 0) h--;
    hull[h++] = p;
  }
  h--; // the last point repeats the first
  let best = 0;
  if (h < 2) {
    // all points on one spot or one line: the extremes of the sort
    const a = unitsOf[sorted[0]];
    const b = unitsOf[sorted[count - 1]];
    best = haversineM(centroids[2 * a], centroids[2 * a + 1], centroids[2 * b], centroids[2 * b + 1]);
  }
  for (let i = 0; i < h; i++) {
    const a = unitsOf[hull[i]];
    for (let j = i + 1; j < h; j++) {
      const b = unitsOf[hull[j]];
      const d = haversineM(centroids[2 * a], centroids[2 * a + 1], centroids[2 * b], centroids[2 * b + 1]);
      if (d > best) best = d;
    }
  }
  return best / 1000;
}

// scratch of hullUnits: projected coordinates and order of the candidate points
let hx = new Float64Array(64);
let hy = new Float64Array(64);
let horder = new Uint32Array(64);
let hstack = new Int32Array(128);
const hByXY = (p: number, q: number): number => hx[p] - hx[q] || hy[p] - hy[q];

/**
 * Convex hull of the listed units' centroids in an equirectangular projection (x = lng·kx,
 * y = lat), by monotone chain: writes the hull vertices (unit indices, counter-clockwise, points on
 * edges dropped; the two extremes when all points are collinear) to `out` and returns their count.
 * The editor keeps one hull per grid and updates it per move instead of re-sorting the grid.
 * O(m log m) for m units. `out` needs room for `count` entries.
 */
export function hullUnits(centroids: Float64Array, units: ArrayLike<number>, count: number, kx: number, out: Int32Array): number {
  if (count <= 2) {
    for (let i = 0; i < count; i++) out[i] = units[i];
    return count;
  }
  if (hx.length < count) {
    const size = Math.max(count, 2 * hx.length);
    hx = new Float64Array(size);
    hy = new Float64Array(size);
    horder = new Uint32Array(size);
    hstack = new Int32Array(2 * size);
  }
  for (let i = 0; i < count; i++) {
    const u = units[i];
    hx[i] = centroids[2 * u] * kx;
    hy[i] = centroids[2 * u + 1];
    horder[i] = i;
  }
  const sorted = horder.subarray(0, count).sort(hByXY);
  const cross = (o: number, a: number, b: number): number => (hx[a] - hx[o]) * (hy[b] - hy[o]) - (hy[a] - hy[o]) * (hx[b] - hx[o]);
  let h = 0;
  for (let i = 0; i < count; i++) {
    const p = sorted[i];
    while (h >= 2 && cross(hstack[h - 2], hstack[h - 1], p) <= 0) h--;
    hstack[h++] = p;
  }
  const lower = h + 1;
  for (let i = count - 2; i >= 0; i--) {
    const p = sorted[i];
    while (h >= lower && cross(hstack[h - 2], hstack[h - 1], p) <= 0) h--;
    hstack[h++] = p;
  }
  h--; // the last point repeats the first
  if (h < 2) {
    out[0] = units[sorted[0]];
    out[1] = units[sorted[count - 1]];
    return units[sorted[0]] === units[sorted[count - 1]] ? 1 : 2;
  }
  for (let i = 0; i < h; i++) out[i] = units[hstack[i]];
  return h;
}

/** Largest great-circle distance (km) between two of the listed units' centroids, all pairs. O(count²). */
export function pairwiseMaxKm(centroids: Float64Array, units: ArrayLike<number>, count: number): number {
  let best = 0;
  for (let i = 0; i < count; i++) {
    const a = units[i];
    for (let j = i + 1; j < count; j++) {
      const b = units[j];
      const d = haversineM(centroids[2 * a], centroids[2 * a + 1], centroids[2 * b], centroids[2 * b + 1]);
      if (d > best) best = d;
    }
  }
  return best / 1000;
}
