/**
 * A small in-memory LRU of rendered vector tiles. The dataset layers only change when the demo is reseeded and
 * browsers are already told to keep them for an hour (Cache-Control), so the server may keep them for a minute:
 * repeated tiles (every client opening the same city view) then cost no database work.
 */

interface Entry {
  buf: Buffer;
  expires: number;
}

/** LRU keyed by string with a byte budget and a time-to-live. Map iteration order is the recency order. */
export class TileCache {
  private readonly map = new Map<string, Entry>();
  private bytes = 0;
  enabled = true;

  /**
   * @param maxBytes total size of the cached tiles, bytes.
   * @param ttlMs how long a tile may be served from memory, ms.
   */
  constructor(
    readonly maxBytes: number,
    readonly ttlMs: number,
  ) {
    if (!(maxBytes > 0) || !(ttlMs > 0)) throw new RangeError(`maxBytes and ttlMs must be positive, got ${maxBytes}, ${ttlMs}`);
  }

  /** The cached tile, or undefined (missing or expired). O(1). */
  get(key: string, now = Date.now()): Buffer | undefined {
    if (!this.enabled) return undefined;
    const e = this.map.get(key);
    if (!e) return undefined;
    this.map.delete(key);
    if (e.expires <= now) {
      this.bytes -= e.buf.length;
      return undefined;
    }
    this.map.set(key, e); // most recently used goes last
    return e.buf;
  }

  /** Stores a tile, evicting the least recently used ones beyond the byte budget. O(evicted). */
  set(key: string, buf: Buffer, now = Date.now()): void {
    if (!this.enabled || buf.length > this.maxBytes) return;
    const old = this.map.get(key);
    if (old) {
      this.bytes -= old.buf.length;
      this.map.delete(key);
    }
    this.map.set(key, { buf, expires: now + this.ttlMs });
    this.bytes += buf.length;
    for (const [k, e] of this.map) {
      if (this.bytes <= this.maxBytes) break;
      this.map.delete(k);
      this.bytes -= e.buf.length;
    }
  }

  /** Drops everything (e.g. after a reseed). */
  clear(): void {
    this.map.clear();
    this.bytes = 0;
  }

  /** Number of cached tiles and their total size, bytes. */
  stats(): { tiles: number; bytes: number } {
    return { tiles: this.map.size, bytes: this.bytes };
  }
}

/** The process-wide tile cache: 64 MB, one minute. */
export const tileCache = new TileCache(64 * 2 ** 20, 60_000);
