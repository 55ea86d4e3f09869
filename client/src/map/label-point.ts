/** Label anchors for district polygons. */
import type { Geometry, Position } from 'geojson';

/** Signed planar area and centroid of a ring in lng/lat degrees (shoelace); fine for label placement at city scale. */
function ringCentroid(ring: Position[]): { area: number; x: number; y: number } {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x0, y0] = ring[j];
    const [x1, y1] = ring[i];
    const f = x0 * y1 - x1 * y0;
    a += f;
    cx += (x0 + x1) * f;
    cy += (y0 + y1) * f;
  }
  if (a === 0) return { area: 0, x: ring[0][0], y: ring[0][1] };
  return { area: Math.abs(a / 2), x: cx / (3 * a), y: cy / (3 * a) };
}

/**
 * A `[lng, lat]` anchor for a label: the centroid of the outer ring of the largest polygon, or null for
 * geometries without area. O(vertices).
 */
export function labelPoint(geometry: Geometry | null): [number, number] | null {
  if (!geometry) return null;
  const polygons: Position[][][] = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.type === 'MultiPolygon' ? geometry.coordinates : [];
  let best: { area: number; x: number; y: number } | null = null;
  for (const poly of polygons) {
    if (poly.length === 0 || poly[0].length < 3) continue;
    const c = ringCentroid(poly[0]);
    if (!best || c.area > best.area) best = c;
  }
  return best ? [best.x, best.y] : null;
}
