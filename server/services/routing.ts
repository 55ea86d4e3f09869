/**
 * Road routing for the API: point checks (service area, snap distance), then one Router call, and the
 * answer in JSON units (seconds, metres, GeoJSON). Errors: 503 while no network is loaded, 422
 * `outside_service_area` / `off_road` / `too_large` naming the field, 422 `no_route` (geo/'s GeoError,
 * mapped by server/errors.ts).
 */
import { GeoError } from '../../geo/errors.ts';
import { MAX_SNAP_M, type LngLat, type Router } from '../../geo/routing/index.ts';
import { UnavailableError, UnprocessableError } from '../errors.ts';
import type { RoadNetworkService, ServiceArea } from './road-network.ts';

/** Largest matrix side accepted (sources and destinations each). */
export const MATRIX_MAX_POINTS = 1000;

/** GET /api/route answer. */
export interface RouteAnswer {
  /** travel time, seconds (0.1 s resolution) */
  duration: number;
  /** road distance, metres (0.1 m), snap legs excluded */
  distance: number;
  geometry: { type: 'LineString'; coordinates: LngLat[] };
  /** names of the roads driven, in order */
  roads: string[];
  /** distance from each given point to the road it was snapped to, metres */
  snap: { from: number; to: number };
  /** speed period used: 'free' or a profile period (e.g. 'peak') */
  period: string;
}

/** POST /api/matrix answer: row = source, column = destination; null when unreachable. */
export interface MatrixAnswer {
  /** whole seconds */
  durations: (number | null)[][];
  /** whole metres */
  distances: (number | null)[][];
}

/** GET /api/isochrone answer: a GeoJSON Feature. */
export interface IsochroneAnswer {
  type: 'Feature';
  geometry: { type: 'MultiPolygon'; coordinates: number[][][][] };
  properties: { minutes: number; at: LngLat; direction: 'from' | 'to'; snap: number; period: string };
}

const round1 = (x: number): number => Math.round(x * 10) / 10;
const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

function network(svc: RoadNetworkService | undefined): { router: Router; area: ServiceArea } {
  if (!svc) throw new UnavailableError('Routing is not available: this server has no road network.');
  return svc.require();
}

/**
 * Checks that a point lies in the service area and within the snap limit of a road; returns its snap
 * distance in metres. Coordinates are already range-checked by the route's schema.
 * @throws UnprocessableError `outside_service_area` or `off_road`, naming `field`.
 */
function checkPoint(router: Router, area: ServiceArea, p: LngLat, field: string): number {
  if (!area.contains(p[0], p[1])) {
    const msg = `${p[0]},${p[1]} is outside the service area`;
    throw new UnprocessableError(`${field}: ${msg}`, 'outside_service_area', undefined, { [field]: msg });
  }
  try {
    return router.snap(p[0], p[1]).distanceM;
  } catch (err) {
    if (!(err instanceof GeoError)) throw err;
    const msg = `no road within ${MAX_SNAP_M} m of ${p[0]},${p[1]}`;
    throw new UnprocessableError(`${field}: ${msg}`, 'off_road', { limitM: MAX_SNAP_M }, { [field]: msg });
  }
}

/**
 * The fastest route between two points, departing at `depart` (speed period; free flow when absent).
 * @throws UnavailableError, UnprocessableError (see checkPoint), GeoError('no_route').
 */
export function routeBetween(svc: RoadNetworkService | undefined, from: LngLat, to: LngLat, depart?: Date): RouteAnswer {
  const { router, area } = network(svc);
  checkPoint(router, area, from, 'from');
  checkPoint(router, area, to, 'to');
  const r = router.route(from, to, { depart });
  return {
    duration: round1(r.duration),
    distance: round1(r.distance),
    geometry: { type: 'LineString', coordinates: r.geometry.map(([x, y]) => [round6(x), round6(y)] as LngLat) },
    roads: r.roads,
    snap: { from: round1(r.from.distanceM), to: round1(r.to.distanceM) },
    period: r.period,
  };
}

/**
 * Durations and distances between every source and destination (whole seconds and metres; null when
 * unreachable). O((|S| + |D|) · CH search space + bucket scans).
 * @throws UnprocessableError `too_large` naming `sources`/`destinations` above MATRIX_MAX_POINTS, or a
 * point check failure naming `sources[i]`/`destinations[j]`; UnavailableError.
 */
export function travelMatrix(svc: RoadNetworkService | undefined, sources: LngLat[], destinations: LngLat[], depart?: Date): MatrixAnswer {
  for (const [field, pts] of [['sources', sources], ['destinations', destinations]] as const) {
    if (pts.length > MATRIX_MAX_POINTS) {
      const msg = `at most ${MATRIX_MAX_POINTS} points, got ${pts.length}`;
      throw new UnprocessableError(`${field}: ${msg}`, 'too_large', { limit: MATRIX_MAX_POINTS }, { [field]: msg });
    }
  }
  const { router, area } = network(svc);
  sources.forEach((p, i) => checkPoint(router, area, p, `sources[${i}]`));
  destinations.forEach((p, j) => checkPoint(router, area, p, `destinations[${j}]`));
  const m = router.matrix(sources, destinations, { depart });
  const whole = (rows: (number | null)[][]): (number | null)[][] => rows.map((row) => row.map((x) => (x === null ? null : Math.round(x))));
  return { durations: whole(m.durations), distances: whole(m.distances) };
}

/**
 * The area reachable within `minutes` from `at` (direction 'from') or from which `at` can be reached
 * ('to', e.g. which crews reach a fault in 30 minutes), as a GeoJSON MultiPolygon feature.
 * @throws UnavailableError, UnprocessableError (see checkPoint), GeoError('invalid_input') on minutes.
 */
export function isochroneAround(svc: RoadNetworkService | undefined, at: LngLat, minutes: number, direction: 'from' | 'to' = 'from', depart?: Date): IsochroneAnswer {
  const { router, area } = network(svc);
  const snap = checkPoint(router, area, at, 'at');
  const coordinates = router.isochrone(at, minutes, { depart, direction });
  const p = router.period({ depart });
  return {
    type: 'Feature',
    geometry: { type: 'MultiPolygon', coordinates },
    properties: { minutes, at, direction, snap: round1(snap), period: p === 0 ? 'free' : router.data.profile.periods[p - 1].name },
  };
}
