/** The server's tile LRU: byte budget, recency, expiry, disabling. */
import { describe, expect, it } from 'vitest';
import { TileCache } from '../../server/services/tiles-cache.ts';

const buf = (n: number, fill = 1) => Buffer.alloc(n, fill);

describe('TileCache', () => {
  it('evicts the least recently used tiles beyond the byte budget', () => {
    const c = new TileCache(300, 1000);
    c.set('a', buf(100), 0);
    c.set('b', buf(100), 0);
    c.set('c', buf(100), 0);
    expect(c.get('a', 1)).toBeDefined(); // a is now the most recent
    c.set('d', buf(100), 1);
    expect(c.get('b', 2)).toBeUndefined();
    expect(c.get('a', 2)).toBeDefined();
    expect(c.get('c', 2)).toBeDefined();
    expect(c.get('d', 2)).toBeDefined();
    expect(c.stats()).toEqual({ tiles: 3, bytes: 300 });
  });

  it('expires tiles after the TTL, keeps empty tiles, and does nothing when disabled', () => {
    const c = new TileCache(1000, 50);
    c.set('x', buf(10), 0);
    c.set('empty', Buffer.alloc(0), 0);
    expect(c.get('empty', 10)?.length).toBe(0);
    expect(c.get('x', 49)).toBeDefined();
    expect(c.get('x', 50)).toBeUndefined();
    expect(c.stats().bytes).toBe(0);
    c.enabled = false;
    c.set('y', buf(10), 0);
    expect(c.get('y', 1)).toBeUndefined();
    expect(() => new TileCache(0, 1)).toThrow(/positive/);
  });
});
