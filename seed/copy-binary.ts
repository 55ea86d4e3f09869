/**
 * Writer for PostgreSQL's binary COPY format (`COPY … FROM STDIN (FORMAT binary)`). PostgreSQL parses it
 * several times faster than text: numbers and EWKB geometries arrive as raw bytes, with no float or hex
 * parsing. Node-only (Buffer).
 *
 * Layout: an 19-byte header, then per row an int16 field count and, per field, an int32 byte length (-1 for
 * NULL) followed by the value in the type's binary "recv" form (big-endian integers and floats, UTF-8 text,
 * enum labels as text, timestamptz as int64 µs since 2000-01-01 UTC, PostGIS geometry as (E)WKB).
 */

/** Microseconds between 1970-01-01 and 2000-01-01 (PostgreSQL's epoch). */
const PG_EPOCH_MS = 946_684_800_000;

/** The binary COPY file header (signature, flags, header-extension length). */
export const COPY_BINARY_HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
/** The binary COPY trailer (field count -1). */
export const COPY_BINARY_TRAILER = Buffer.from([0xff, 0xff]);

/** Appends rows to a growable buffer; `take()` hands out what was written and starts over. */
export class CopyBinaryWriter {
  private buf: Buffer;
  private pos = 0;

  /** @param capacity initial size in bytes; the buffer doubles when needed. */
  constructor(capacity = 1 << 20) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  /** Bytes written since the last `take()`. */
  get length(): number {
    return this.pos;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** Returns a copy of the bytes written so far and resets the writer. O(bytes). */
  take(): Buffer {
    const out = Buffer.from(this.buf.subarray(0, this.pos));
    this.pos = 0;
    return out;
  }

  /** Starts a row of `fields` values. */
  row(fields: number): this {
    this.ensure(2);
    this.buf.writeInt16BE(fields, this.pos);
    this.pos += 2;
    return this;
  }

  null(): this {
    this.ensure(4);
    this.buf.writeInt32BE(-1, this.pos);
    this.pos += 4;
    return this;
  }

  int16(v: number): this {
    this.ensure(6);
    this.buf.writeInt32BE(2, this.pos);
    this.buf.writeInt16BE(v, this.pos + 4);
    this.pos += 6;
    return this;
  }

  int32(v: number): this {
    this.ensure(8);
    this.buf.writeInt32BE(4, this.pos);
    this.buf.writeInt32BE(v, this.pos + 4);
    this.pos += 8;
    return this;
  }

  /** bigint from a JS number (exact below 2^53). */
  int64(v: number): this {
    this.ensure(12);
    this.buf.writeInt32BE(8, this.pos);
    this.buf.writeBigInt64BE(BigInt(v), this.pos + 4);
    this.pos += 12;
    return this;
  }

  float32(v: number): this {
    this.ensure(8);
    this.buf.writeInt32BE(4, this.pos);
    this.buf.writeFloatBE(v, this.pos + 4);
    this.pos += 8;
    return this;
  }

  float64(v: number): this {
    this.ensure(12);
    this.buf.writeInt32BE(8, this.pos);
    this.buf.writeDoubleBE(v, this.pos + 4);
    this.pos += 12;
    return this;
  }

  bool(v: boolean): this {
    this.ensure(5);
    this.buf.writeInt32BE(1, this.pos);
    this.buf[this.pos + 4] = v ? 1 : 0;
    this.pos += 5;
    return this;
  }

  /** text, varchar or an enum label, as UTF-8. */
  text(s: string): this {
    const n = Buffer.byteLength(s, 'utf8');
    this.ensure(4 + n);
    this.buf.writeInt32BE(n, this.pos);
    this.buf.write(s, this.pos + 4, 'utf8');
    this.pos += 4 + n;
    return this;
  }

  /** ASCII-only text (e.g. H3 indexes, account numbers), a little faster than `text`. */
  ascii(s: string): this {
    const n = s.length;
    this.ensure(4 + n);
    this.buf.writeInt32BE(n, this.pos);
    this.buf.write(s, this.pos + 4, n, 'latin1');
    this.pos += 4 + n;
    return this;
  }

  /** timestamptz from ms since the Unix epoch; NaN writes NULL. */
  timestamptz(ms: number): this {
    if (Number.isNaN(ms)) return this.null();
    this.ensure(12);
    this.buf.writeInt32BE(8, this.pos);
    this.buf.writeBigInt64BE(BigInt(Math.round(ms - PG_EPOCH_MS)) * 1000n, this.pos + 4);
    this.pos += 12;
    return this;
  }

  /** PostGIS geometry: an EWKB point with SRID 4326 (little-endian WKB inside). */
  point4326(lng: number, lat: number): this {
    this.ensure(4 + 25);
    const b = this.buf;
    let o = this.pos;
    b.writeInt32BE(25, o);
    o += 4;
    b[o] = 1;
    b.writeUInt32LE(0x20000001, o + 1);
    b.writeUInt32LE(4326, o + 5);
    b.writeDoubleLE(lng, o + 9);
    b.writeDoubleLE(lat, o + 17);
    this.pos = o + 25;
    return this;
  }

  /**
   * PostGIS geometry: an EWKB single-ring polygon with SRID 4326 from an open ring `[lng0, lat0, …]` of `n`
   * vertices (the closing vertex is added).
   */
  polygon4326(flat: ArrayLike<number>, n: number): this {
    const size = 17 + 16 * (n + 1);
    this.ensure(4 + size);
    const b = this.buf;
    let o = this.pos;
    b.writeInt32BE(size, o);
    o += 4;
    b[o] = 1;
    b.writeUInt32LE(0x20000003, o + 1);
    b.writeUInt32LE(4326, o + 5);
    b.writeUInt32LE(1, o + 9);
    b.writeUInt32LE(n + 1, o + 13);
    o += 17;
    for (let i = 0; i <= n; i++) {
      const k = (i % n) * 2;
      b.writeDoubleLE(flat[k], o);
      b.writeDoubleLE(flat[k + 1], o + 8);
      o += 16;
    }
    this.pos = o;
    return this;
  }
}
