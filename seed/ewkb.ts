/**
 * Hex EWKB (SRID 4326) of points for text COPY of the small tables (the big ones use binary COPY). Node-only.
 */

const SCRATCH = Buffer.alloc(25);

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
