/**
 * GCJ-02 ("Mars coordinates", 国测局坐标) ↔ WGS84 for points in China.
 *
 * GCJ-02 is WGS84 plus a deliberately obfuscated, smooth offset (about 300–600 m in Guangzhou). The forward
 * transform below is the widely published reconstruction (the same constants appear in eviltransform,
 * coordtransform and gcoord): project the point relative to (105°E, 35°N), evaluate the two trigonometric
 * series `dLat(x, y)` and `dLng(x, y)` (in "metres-like" units), and turn them into degrees on the Krasovsky
 * 1940 ellipsoid (a = 6378245 m, e² = 0.00669342162296594323). It reproduces official GCJ-02 to better than
 * ~1 m in practice.
 *
 * The inverse has no closed form; `gcj02ToWgs84` inverts it by fixed-point iteration (start at the GCJ point,
 * subtract the offset the forward transform gives at the current estimate), which converges to < 1e-7°
 * (≈ 1 cm) in a handful of steps because the offset field varies slowly.
 *
 * Points outside mainland China are returned unchanged (GCJ-02 is only applied there). Order is GeoJSON
 * `[lng, lat]` in degrees throughout.
 */

/** A GeoJSON position `[lng, lat]` in degrees. */
export type LngLat = readonly [number, number];

const A = 6378245.0; // Krasovsky 1940 semi-major axis, m
const EE = 0.006693421622965943; // Krasovsky 1940 first eccentricity squared

/** Rough mainland-China box used by every published implementation: outside it GCJ-02 = WGS84. */
function outOfChina(lng: number, lat: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function transformLat(x: number, y: number): number {
  let r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(y * Math.PI) + 40.0 * Math.sin((y / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((160.0 * Math.sin((y / 12.0) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30.0)) * 2.0) / 3.0;
  return r;
}

function transformLng(x: number, y: number): number {
  let r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20.0 * Math.sin(6.0 * x * Math.PI) + 20.0 * Math.sin(2.0 * x * Math.PI)) * 2.0) / 3.0;
  r += ((20.0 * Math.sin(x * Math.PI) + 40.0 * Math.sin((x / 3.0) * Math.PI)) * 2.0) / 3.0;
  r += ((150.0 * Math.sin((x / 12.0) * Math.PI) + 300.0 * Math.sin((x / 30.0) * Math.PI)) * 2.0) / 3.0;
  return r;
}

/** The GCJ-02 offset `[dLng, dLat]` in degrees at a WGS84 point. */
function offset(lng: number, lat: number): [number, number] {
  const dLatRaw = transformLat(lng - 105.0, lat - 35.0);
  const dLngRaw = transformLng(lng - 105.0, lat - 35.0);
  const radLat = (lat / 180.0) * Math.PI;
  const sin = Math.sin(radLat);
  const magic = 1 - EE * sin * sin;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (dLatRaw * 180.0) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLng = (dLngRaw * 180.0) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [dLng, dLat];
}

function checkPoint(p: LngLat, name: string): void {
  if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
    throw new RangeError(`${name} must be a finite [lng, lat] pair, got ${JSON.stringify(p)}`);
  }
  if (p[1] < -90 || p[1] > 90) throw new RangeError(`${name} latitude out of range: ${p[1]}`);
}

/**
 * WGS84 → GCJ-02 (closed form). O(1).
 * @param p `[lng, lat]` in WGS84 degrees.
 * @returns `[lng, lat]` in GCJ-02 degrees (unchanged outside mainland China).
 * @throws RangeError when `p` is not a finite position.
 */
export function wgs84ToGcj02(p: LngLat): [number, number] {
  checkPoint(p, 'p');
  const [lng, lat] = p;
  if (outOfChina(lng, lat)) return [lng, lat];
  const [dLng, dLat] = offset(lng, lat);
  return [lng + dLng, lat + dLat];
}

/**
 * GCJ-02 → WGS84 by fixed-point iteration on the forward transform; accurate to < 1e-7° (about 1 cm)
 * relative to the forward transform. O(1) (at most 10 iterations, usually 3–4).
 * @param p `[lng, lat]` in GCJ-02 degrees.
 * @returns `[lng, lat]` in WGS84 degrees (unchanged outside mainland China).
 * @throws RangeError when `p` is not a finite position.
 */
export function gcj02ToWgs84(p: LngLat): [number, number] {
  checkPoint(p, 'p');
  const [gLng, gLat] = p;
  if (outOfChina(gLng, gLat)) return [gLng, gLat];
  let lng = gLng;
  let lat = gLat;
  for (let i = 0; i < 10; i++) {
    const [dLng, dLat] = offset(lng, lat);
    const nLng = gLng - dLng;
    const nLat = gLat - dLat;
    const done = Math.abs(nLng - lng) < 1e-9 && Math.abs(nLat - lat) < 1e-9;
    lng = nLng;
    lat = nLat;
    if (done) break;
  }
  return [lng, lat];
}
