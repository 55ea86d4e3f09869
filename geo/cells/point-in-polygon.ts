/**
 * Fast repeated point-in-polygon tests against one (multi)polygon with many vertices: edges are bucketed
 * into horizontal bands, so a query only scans the edges crossing its band.
 */
import type { PolygonCoords } from './h3-adapter.ts';

/** A (multi)polygon prepared for `containsPoint`. */
export interface PolygonIndex {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** Edge endpoints, stride 4: `[x1, y1, x2, y2]` per edge (lng, lat degrees). */
  edges: Float64Array;
  /** Band height, degrees of latitude. */
  bandH: number;
  /** CSR: edges of band b are `bandEdges[bandOffsets[b] .. bandOffsets[b + 1])`. */
  bandOffsets: Int32Array;
  bandEdges: Int32Array;
}

/**
 * Prepares the polygons (GeoJSON rings `[lng, lat]`; holes and several polygons are handled by the even–odd
 * rule) for fast queries. O(E + bands).
 * @throws RangeError when there is no ring with at least 3 vertices.
 */
export function indexPolygons(polygons: readonly PolygonCoords[]): PolygonIndex {
  let n = 0;
  for (const poly of polygons) for (const ring of poly) n += Math.max(0, ring.length - 1);
  if (n < 3) throw new RangeError(`polygons must have at least one ring with 3 vertices, got ${n} edges`);
  const edges = new Float64Array(n * 4);
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let e = 0;
  for (const poly of polygons) {
    for (const ring of poly) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [x1, y1] = ring[i];
        const [x2, y2] = ring[i + 1];
        edges[e * 4] = x1;
        edges[e * 4 + 1] = y1;
        edges[e * 4 + 2] = x2;
        edges[e * 4 + 3] = y2;
        e++;
        if (x1 < minX) minX = x1;
        if (x1 > maxX) maxX = x1;
        if (y1 < minY) minY = y1;
        if (y1 > maxY) maxY = y1;
      }
    }
  }
  // about 8 edges per band on average
  const nb = Math.max(1, Math.ceil(n / 8));
  const bandH = (maxY - minY) / nb || 1;
  const counts = new Int32Array(nb + 1);
  const bandRange = (k: number): [number, number] => {
    const ya = edges[k * 4 + 1];
    const yb = edges[k * 4 + 3];
    const lo = Math.max(0, Math.min(nb - 1, Math.floor((Math.min(ya, yb) - minY) / bandH)));
    const hi = Math.max(0, Math.min(nb - 1, Math.floor((Math.max(ya, yb) - minY) / bandH)));
    return [lo, hi];
  };
  for (let k = 0; k < n; k++) {
    const [lo, hi] = bandRange(k);
    for (let b = lo; b <= hi; b++) counts[b + 1]++;
  }
  for (let b = 0; b < nb; b++) counts[b + 1] += counts[b];
  const bandEdges = new Int32Array(counts[nb]);
  const fill = counts.slice(0, nb);
  for (let k = 0; k < n; k++) {
    const [lo, hi] = bandRange(k);
    for (let b = lo; b <= hi; b++) bandEdges[fill[b]++] = k;
  }
  return { minX, minY, maxX, maxY, edges, bandH, bandOffsets: counts, bandEdges };
}

/**
 * Even–odd point-in-polygon test. O(edges in the point's band), typically a few dozen.
 * Points exactly on an edge may go either way.
 */
export function containsPoint(ix: PolygonIndex, x: number, y: number): boolean {
  if (x < ix.minX || x > ix.maxX || y < ix.minY || y > ix.maxY) return false;
  const nb = ix.bandOffsets.length - 1;
  const b = Math.min(nb - 1, Math.floor((y - ix.minY) / ix.bandH));
  const { edges, bandEdges } = ix;
  let inside = false;
  for (let j = ix.bandOffsets[b], end = ix.bandOffsets[b + 1]; j < end; j++) {
    const k = bandEdges[j] * 4;
    const y1 = edges[k + 1];
    const y2 = edges[k + 3];
    if (y1 > y !== y2 > y) {
      const x1 = edges[k];
      const xi = x1 + ((y - y1) * (edges[k + 2] - x1)) / (y2 - y1);
      if (x < xi) inside = !inside;
    }
  }
  return inside;
}
