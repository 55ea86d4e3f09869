/** Great-circle distances on a spherical Earth. GeoJSON order `[lng, lat]`, degrees in, metres out. */

/** Mean Earth radius used throughout GridOps, metres (IUGG mean radius). */
export const EARTH_RADIUS_M = 6_371_008.8;

const RAD = Math.PI / 180;

/**
 * Haversine distance between two points, metres. O(1). Error vs the ellipsoid ≤ 0.5 %.
 * Takes plain numbers so hot loops do not allocate.
 */
export function haversineM(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLng = (lng2 - lng1) * RAD;
  const s1 = Math.sin(dLat / 2);
  const s2 = Math.sin(dLng / 2);
  const h = s1 * s1 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * s2 * s2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
