/** Which H3 resolution the density layer requests at a given map zoom. */

/** Zoom at which customer points (vector tiles) appear. */
export const CUSTOMER_POINTS_MIN_ZOOM = 13;

/**
 * H3 resolution for a web-mercator zoom: res 7 (~5 km² cells) for the whole city, res 8 (~0.7 km²) for a district,
 * res 9 (~0.1 km²) for neighbourhoods. Keeps a cell a few screen pixels wide or more.
 */
export function resolutionForZoom(zoom: number): 7 | 8 | 9 {
  if (zoom < 10) return 7;
  if (zoom < 12) return 8;
  return 9;
}
