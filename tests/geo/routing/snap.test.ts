import { describe, expect, it } from 'vitest';
import { SnapIndex } from '../../../geo/routing/snap.ts';
import { GeoError } from '../../../geo/errors.ts';
import { mulberry32 } from '../../../geo/random.ts';
import { randomNetwork } from './helpers.ts';

describe('SnapIndex', () => {
  const net = randomNetwork(21, 500, 1);
  const idx = new SnapIndex(net);
  const M = (6371008.8 * Math.PI) / 180;

  /** brute force over every segment, tangent plane at the query point */
  function brute(lng: number, lat: number): number {
    const kx = Math.cos((lat * Math.PI) / 180) * M;
    let best = Infinity;
    const g = net.geomCoords;
    for (let e = 0; e < net.edgeCount; e++) {
      for (let i = net.geomOffsets[e]; i < net.geomOffsets[e + 1] - 1; i++) {
        const ax = (g[2 * i] - lng) * kx, ay = (g[2 * i + 1] - lat) * M;
        const bx = (g[2 * i + 2] - lng) * kx, by = (g[2 * i + 3] - lat) * M;
        const dx = bx - ax, dy = by - ay;
        const l2 = dx * dx + dy * dy;
        const u = Math.max(0, Math.min(1, l2 > 0 ? -(ax * dx + ay * dy) / l2 : 0));
        best = Math.min(best, Math.hypot(ax + u * dx, ay + u * dy));
      }
    }
    return best;
  }

  it('finds the nearest segment (brute force) and reports the distance', () => {
    const rng = mulberry32(2);
    for (let i = 0; i < 200; i++) {
      const lng = 113.29 + rng() * 0.07;
      const lat = 23.09 + rng() * 0.07;
      const s = idx.snap(lng, lat);
      expect(s.distanceM).toBeCloseTo(brute(lng, lat), 6);
      expect(s.t).toBeGreaterThanOrEqual(0);
      expect(s.t).toBeLessThanOrEqual(1);
      // the snapped point is where the distance is measured to
      const d = Math.hypot((s.lng - lng) * Math.cos((lat * Math.PI) / 180) * M, (s.lat - lat) * M);
      expect(d).toBeCloseTo(s.distanceM, 3);
    }
  });

  it('refuses points more than 2 km from any road with invalid_input', () => {
    try {
      idx.snap(113.6, 23.1);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(GeoError);
      expect((e as GeoError).code).toBe('invalid_input');
    }
    expect(() => idx.snap(113.6, 23.1, 50_000)).not.toThrow();
    expect(() => idx.snap(200, 23.1)).toThrow(/lng/);
  });
});
