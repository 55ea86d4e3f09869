/**
 * Polsby-Popper compactness of grids built from areal units: 4π·A / P², 1 for a disc, near 0 for
 * a stringy shape. A grid's perimeter is the sum of its units' perimeters minus twice the boundary
 * they share with each other.
 */

/**
 * Polsby-Popper score from an area (km²) and a perimeter (km), in [0, 1]; 0 when the perimeter is
 * not positive. Capped at 1 (a disc) because estimated shared boundaries can make a perimeter
 * shorter than any real shape of that area. O(1).
 */
export function polsbyPopper(areaKm2: number, perimeterKm: number): number {
  return perimeterKm > 0 ? Math.min(1, (4 * Math.PI * areaKm2) / (perimeterKm * perimeterKm)) : 0;
}

/**
 * Perimeter of a regular hexagon with the given area (km), used when a unit's perimeter is not
 * given: P = 6·s with s = √(2A / (3√3)). O(1).
 */
export function hexagonPerimeter(areaKm2: number): number {
  return 6 * Math.sqrt((2 * areaKm2) / (3 * Math.sqrt(3)));
}

/**
 * Shared boundary length (km) of every CSR entry: the caller's `sharedBoundary` when given, else
 * `min(perimeter[u], perimeter[v]) / 6` (exact for two H3 hexagons of one resolution). O(m).
 */
export function sharedBoundaryLengths(offsets: Int32Array, targets: Int32Array, perimeters: Float64Array, sharedBoundary?: Float64Array): Float64Array {
  if (sharedBoundary) return sharedBoundary;
  const out = new Float64Array(targets.length);
  const n = offsets.length - 1;
  for (let u = 0; u < n; u++) {
    for (let i = offsets[u], e = offsets[u + 1]; i < e; i++) out[i] = Math.min(perimeters[u], perimeters[targets[i]]) / 6;
  }
  return out;
}

/**
 * Unit perimeters (km): the caller's, else the regular-hexagon estimate from the areas. O(n).
 */
export function unitPerimeters(areas: Float64Array, perimeters?: Float64Array): Float64Array {
  if (perimeters) return perimeters;
  const out = new Float64Array(areas.length);
  for (let u = 0; u < areas.length; u++) out[u] = hexagonPerimeter(areas[u]);
  return out;
}
