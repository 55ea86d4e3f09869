import { describe, expect, it } from 'vitest';
import { gcj02ToWgs84, wgs84ToGcj02 } from '../../../geo/coords/gcj02.ts';
import { haversineM } from '../../../geo/coords/haversine.ts';
import { mulberry32 } from '../../../geo/random.ts';

describe('GCJ-02 ↔ WGS84', () => {
  it('shifts Guangzhou by the offset measured between the DataV and OSM boundary files', () => {
    // shared/data/SOURCES.md measured dLng ≈ +0.0055°, dLat ≈ −0.0027° (GCJ − WGS) in Guangzhou
    const [lng, lat] = wgs84ToGcj02([113.3, 23.1]);
    expect(lng - 113.3).toBeGreaterThan(0.0045);
    expect(lng - 113.3).toBeLessThan(0.0065);
    expect(lat - 23.1).toBeLessThan(-0.0017);
    expect(lat - 23.1).toBeGreaterThan(-0.0037);
    const d = haversineM(113.3, 23.1, lng, lat);
    expect(d).toBeGreaterThan(400);
    expect(d).toBeLessThan(700);
  });

  it('inverse round-trips to within 1 cm over the city', () => {
    const rng = mulberry32(42);
    for (let i = 0; i < 500; i++) {
      const p: [number, number] = [112.9 + rng() * 1.2, 22.5 + rng() * 1.5];
      const back = gcj02ToWgs84(wgs84ToGcj02(p));
      expect(haversineM(p[0], p[1], back[0], back[1])).toBeLessThan(0.01);
    }
  });

  it('leaves points outside China unchanged and rejects non-finite input', () => {
    expect(wgs84ToGcj02([2.35, 48.85])).toEqual([2.35, 48.85]);
    expect(gcj02ToWgs84([-74, 40.7])).toEqual([-74, 40.7]);
    expect(() => gcj02ToWgs84([Number.NaN, 23])).toThrow(/finite/);
    expect(() => wgs84ToGcj02([113, 95])).toThrow(/latitude/);
  });
});

describe('haversineM', () => {
  it('gives about 111.2 km per degree of latitude and is symmetric', () => {
    expect(haversineM(113, 23, 113, 24)).toBeCloseTo(111_195, -1);
    expect(haversineM(113.1, 23.2, 113.5, 22.9)).toBeCloseTo(haversineM(113.5, 22.9, 113.1, 23.2), 6);
    expect(haversineM(113, 23, 113, 23)).toBe(0);
  });
});
