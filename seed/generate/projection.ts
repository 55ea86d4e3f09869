/**
 * A local equirectangular projection for Guangzhou (kilometres east/north of 113.3°E, 23.1°N). Good to ~0.5 %
 * over the city, plenty for density kernels and nearest-substation rules; not used for stored geometry.
 */

const LNG0 = 113.3;
const LAT0 = 23.1;
/** km per degree of longitude at 23.1°N. */
export const KM_PER_DEG_LNG = 111.32 * Math.cos((LAT0 * Math.PI) / 180);
/** km per degree of latitude. */
export const KM_PER_DEG_LAT = 110.7;

/** Longitude (degrees) → local x, km. */
export function xKm(lng: number): number {
  return (lng - LNG0) * KM_PER_DEG_LNG;
}

/** Latitude (degrees) → local y, km. */
export function yKm(lat: number): number {
  return (lat - LAT0) * KM_PER_DEG_LAT;
}
