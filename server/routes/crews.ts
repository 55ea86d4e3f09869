/** Crews on the live map (admins and dispatchers): list, and position reports (simulator, vehicle trackers). */
import { z } from 'zod';
import { listCrews, reportPosition } from '../services/crews.ts';
import { defineRoute } from './define.ts';

const ROLES = ['admin', 'dispatcher'] as const;
const lngLat = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);

export const routes = [
  defineRoute({
    method: 'get',
    path: '/api/crews',
    roles: ROLES,
    summary: 'Every crew: status, position, heading, skills, home grid, current work order, the route it drives with its ETA',
    handler: ({ deps }) => listCrews(deps.pool),
  }),
  defineRoute({
    method: 'post',
    path: '/api/crews/:id/position',
    roles: ROLES,
    summary: 'Report a crew position {lng, lat, headingDeg?, status?, route?: {coordinates, etaAt} | null}; publishes crew.updated',
    params: z.object({ id: z.coerce.number().int().positive('must be a crew id') }),
    body: z.object({
      lng: z.number({ message: 'must be a longitude' }).min(-180).max(180),
      lat: z.number({ message: 'must be a latitude' }).min(-90).max(90),
      headingDeg: z.number({ message: 'must be 0–360' }).min(0).max(360).nullable().optional(),
      status: z.enum(['available', 'en_route', 'on_site', 'off_shift'], { message: 'one of available, en_route, on_site, off_shift' }).optional(),
      route: z.object({ coordinates: z.array(lngLat).min(2, 'at least two points').max(20_000), etaAt: z.iso.datetime({ offset: true, message: 'must be an ISO time' }) }).nullable().optional(),
    }),
    handler: ({ params, body, deps }) => reportPosition(deps, params.id, body),
  }),
];
