/**
 * Diameter of a set of points given as unit centroids: the largest great-circle distance between
 * two of them. The candidates are the vertices of the convex hull in a local equirectangular
 * projection (monotone chain), compared pairwise with haversine. O(m log m + h²) for m points and
 * h hull vertices.
 */
import { haversineM } from '../coords/haversine.ts';

/**
 * Largest distance (km) between two of the listed units' centroids; 0 for fewer than two units.
 * @param centroids interleaved `[lng, lat]` per unit (degrees).
 * @param units the unit indices, `count` first entries used.
 */
export function diameterKm(centroids: Float64Array, units: ArrayLike<number>, count: number = units.length): number {
  if (count < 2) return 0;
  const lat0 = centroids[2 * units[0] + 1];
  const kx = Math.cos((lat0 * Math.PI) / 180);
  const idx = new Array<number>(count);
  for (let i = 0; i < count; i++) idx[i] = units[i];
  const x = (u: number): number => centroids[2 * u] * kx;
  const y = (u: number): number => centroids[2 * u + 1];
  idx.sort((p, q) => x(p) - x(q) || y(p) - y(q));
  const cross = (o: number, a: number, b: number): number => (x(a) - x(o)) * (y(b) - y(o)) - (y(a) - y(o)) * (x(b) - x(o));
  const hull: number[] = [];
  for (const p of idx) {
    while (hull.length >= 2 && cross(hull[hull.length - 2], hull[hull.length - 1], p) <= 0) hull.pop();
    hull.push(p);
  }
  const lower = hull.length + 1;
  for (let i = idx.length - 2; i >= 0; i--) {
    const p = idx[i];
    while (hull.length >= lower && cross(hull[hull.length - 2], hull[hull.length - 1], p) <= 0) hull.pop();
    hull.push(p);
  }
  hull.pop();
  let best = 0;
  for (let i = 0; i < hull.length; i++) {
    const a = hull[i];
    for (let j = i + 1; j < hull.length; j++) {
      const b = hull[j];
      const d = haversineM(centroids[2 * a], centroids[2 * a + 1], centroids[2 * b], centroids[2 * b + 1]);
      if (d > best) best = d;
    }
  }
  // all points collinear or duplicate: the hull may have collapsed to one point
  if (hull.length < 2) {
    const a = idx[0];
    const b = idx[idx.length - 1];
    best = haversineM(centroids[2 * a], centroids[2 * a + 1], centroids[2 * b], centroids[2 * b + 1]);
  }
  return best / 1000;
}
