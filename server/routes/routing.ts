/**
 * Road routing for every logged-in role: a route between two points, a travel-time matrix, an isochrone.
 * Points are `lng,lat` strings in queries and `[lng, lat]` arrays in bodies; `depart` (ISO 8601 with an
 * offset) selects the speed period. Logic and errors: services/routing.ts.
 */
import { z } from 'zod';
import type { LngLat } from '../../geo/routing/index.ts';
import { ROLES } from '../auth/types.ts';
import { isochroneAround, routeBetween, travelMatrix } from '../services/routing.ts';
import { defineRoute } from './define.ts';

const lng = z.number().min(-180, 'longitude must be ≥ -180').max(180, 'longitude must be ≤ 180');
const lat = z.number().min(-90, 'latitude must be ≥ -90').max(90, 'latitude must be ≤ 90');

/** `lng,lat` in a query string → [lng, lat]; errors name the parameter itself (not `from.0`). */
const pointParam = z.string().transform((s, ctx): LngLat => {
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)\s*$/.exec(s);
  const p: LngLat = m ? [Number(m[1]), Number(m[2])] : [NaN, NaN];
  if (!m) ctx.addIssue({ code: 'custom', message: `expected "lng,lat" in decimal degrees, got "${s.slice(0, 40)}"` });
  else if (p[0] < -180 || p[0] > 180) ctx.addIssue({ code: 'custom', message: `longitude ${p[0]} is out of range [-180, 180]` });
  else if (p[1] < -90 || p[1] > 90) ctx.addIssue({ code: 'custom', message: `latitude ${p[1]} is out of range [-90, 90]` });
  return p;
});

/** `[lng, lat]` in a JSON body. */
const pointJson = z.tuple([lng, lat]).transform((p) => p as LngLat);

const depart = z.iso
  .datetime({ offset: true, message: 'expected an ISO 8601 date-time, e.g. 2026-11-28T08:00:00+08:00' })
  .transform((s) => new Date(s))
  .optional();

export const routes = [
  defineRoute({
    method: 'get',
    path: '/api/route',
    roles: ROLES,
    summary: 'Fastest road route between two points: duration (s), distance (m), GeoJSON LineString, road names, snap distances',
    query: z.object({ from: pointParam, to: pointParam, depart }),
    handler: ({ query, deps }) => routeBetween(deps.roads, query.from, query.to, query.depart),
  }),
  defineRoute({
    method: 'post',
    path: '/api/matrix',
    roles: ROLES,
    summary: 'Travel-time and distance matrix (whole seconds / metres, null when unreachable), up to 1,000 × 1,000',
    body: z.object({ sources: z.array(pointJson).min(1), destinations: z.array(pointJson).min(1), depart }),
    handler: ({ body, deps }) => travelMatrix(deps.roads, body.sources, body.destinations, body.depart),
  }),
  defineRoute({
    method: 'get',
    path: '/api/isochrone',
    roles: ROLES,
    summary: 'Area reachable within N minutes from (or, direction=to, towards) a point, as a GeoJSON MultiPolygon feature',
    query: z.object({
      at: pointParam,
      minutes: z.coerce.number().gt(0, 'must be > 0').max(180, 'must be ≤ 180').default(30),
      direction: z.enum(['from', 'to']).default('from'),
      depart,
    }),
    handler: ({ query, deps }) => isochroneAround(deps.roads, query.at, query.minutes, query.direction, query.depart),
  }),
];
