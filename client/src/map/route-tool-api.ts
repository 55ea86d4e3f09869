/**
 * The route tool's calls to the routing API, with each failure sorted into what a dispatcher is told:
 * a point too far from any road, outside the service area, no route, the road network still loading, no server.
 */

/** `[lng, lat]` in WGS84. */
export type LngLat = [number, number];

/** `GET /api/route` answer: seconds, metres, the line, and the road names in driving order. */
export interface RouteResult {
  duration: number;
  distance: number;
  geometry: { type: 'LineString'; coordinates: LngLat[] };
  roads: string[];
}

/** Why a route could not be shown. */
export type RouteFailure = 'offRoad' | 'outsideArea' | 'noRoute' | 'loading' | 'network' | 'session' | 'server';

/** A failed route request, with the reason in the tool's terms. */
export class RouteError extends Error {
  readonly reason: RouteFailure;
  constructor(reason: RouteFailure, message: string) {
    super(message);
    this.name = 'RouteError';
    this.reason = reason;
  }
}

const point = (p: LngLat): string => `${p[0].toFixed(6)},${p[1].toFixed(6)}`;

/** Maps an error answer's status and `error.code` to a failure reason. */
export function failureOf(status: number, code: string | undefined): RouteFailure {
  if (status === 503) return 'loading';
  if (status === 401) return 'session';
  if (code === 'off_road') return 'offRoad';
  if (code === 'outside_service_area') return 'outsideArea';
  if (code === 'no_route') return 'noRoute';
  return 'server';
}

/**
 * The fastest road route from `from` to `to`.
 * @throws RouteError with the reason; AbortError when `signal` aborts.
 */
export async function fetchRoute(from: LngLat, to: LngLat, signal?: AbortSignal): Promise<RouteResult> {
  const url = `/api/route?from=${point(from)}&to=${point(to)}`;
  let res: Response;
  try {
    res = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' }, signal });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new RouteError('network', `Cannot reach ${url}: ${String(err)}`);
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
    throw new RouteError(failureOf(res.status, body?.error?.code), `${url} answered ${res.status}`);
  }
  return (await res.json()) as RouteResult;
}

/** The road names of a route without consecutive repeats (one name per stretch of road). */
export function roadSequence(roads: readonly string[]): string[] {
  const out: string[] = [];
  for (const r of roads) if (r && out[out.length - 1] !== r) out.push(r);
  return out;
}
