/**
 * Which part of the city the density layer fetches. Coarse resolutions come whole (a few thousand cells);
 * at res 9 and finer only a window around the view is fetched, snapped to a grid so that small pans reuse it.
 */

/** `[west, south, east, north]` in degrees. */
export type Bounds = [number, number, number, number];

/** Size of the snapping grid in degrees (~25 km at Guangzhou's latitude). */
const SNAP_DEG = 0.25;

/**
 * The `bbox` query value (`minLng,minLat,maxLng,maxLat`) for cells at `res` covering `view`: the view grown by half
 * its size on each side and snapped outward to the grid; null when the resolution is fetched whole (res ≤ 8).
 */
export function cellWindow(view: Bounds, res: number): string | null {
  if (res <= 8) return null;
  const [w, s, e, n] = view;
  const padX = (e - w) / 2;
  const padY = (n - s) / 2;
  const snapDown = (v: number) => Math.floor(v / SNAP_DEG) * SNAP_DEG;
  const snapUp = (v: number) => Math.ceil(v / SNAP_DEG) * SNAP_DEG;
  return [snapDown(w - padX), snapDown(s - padY), snapUp(e + padX), snapUp(n + padY)].map((v) => v.toFixed(2)).join(',');
}

/** Whether window `outer` contains window `inner` (both `cellWindow` strings; null = whole city). */
export function windowContains(outer: string | null, inner: string | null): boolean {
  if (outer === null) return true;
  if (inner === null) return false;
  const [ow, os, oe, on] = outer.split(',').map(Number);
  const [iw, is, ie, iN] = inner.split(',').map(Number);
  return ow <= iw && os <= is && oe >= ie && on >= iN;
}
