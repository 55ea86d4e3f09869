/**
 * Hex EWKB (SRID 4326) encoders for COPY: PostGIS parses hex EWKB much faster than WKT. Node-only.
 */

const SCRATCH = Buffer.alloc(9 + 4 + 4 + 16 * 64);

/** Hex EWKB of a WGS84 point. O(1). */
export function pointHex(lng: number, lat: number): string {
  const b = SCRATCH;
  b.writeUInt8(1, 0); // little endian
  b.writeUInt32LE(0x20000001, 1); // Point | SRID flag
  b.writeUInt32LE(4326, 5);
  b.writeDoubleLE(lng, 9);
  b.writeDoubleLE(lat, 17);
  return b.toString('hex', 0, 25);
}

/**
 * Hex EWKB of a single-ring WGS84 polygon from flat `[lng0, lat0, lng1, lat1, …]` coordinates of an open
 * ring (the closing vertex is added here). O(n).
 * @throws RangeError for fewer than 3 vertices.
 */
export function polygonHex(flat: ArrayLike<number>, n: number): string {
  if (n < 3) throw new RangeError(`polygon needs at least 3 vertices, got ${n}`);
  const size = 17 + 16 * (n + 1);
  const b = size <= SCRATCH.length ? SCRATCH : Buffer.alloc(size);
  b.writeUInt8(1, 0);
  b.writeUInt32LE(0x20000003, 1); // Polygon | SRID flag
  b.writeUInt32LE(4326, 5);
  b.writeUInt32LE(1, 9); // one ring
  b.writeUInt32LE(n + 1, 13);
  let o = 17;
  for (let i = 0; i <= n; i++) {
    const k = (i % n) * 2;
    b.writeDoubleLE(flat[k], o);
    b.writeDoubleLE(flat[k + 1], o + 8);
    o += 16;
  }
  return b.toString('hex', 0, size);
}
