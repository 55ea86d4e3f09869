/** Per-cell weights as compact column arrays. */
import { z } from 'zod';
import { ROLES } from '../auth/types.ts';
import { getCells } from '../services/cells.ts';
import { defineRoute } from './define.ts';

const bbox = z
  .string()
  .regex(/^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/, 'expected minLng,minLat,maxLng,maxLat')
  .transform((s) => s.split(',').map(Number) as [number, number, number, number]);

const query = z.object({
  res: z.coerce.number().int().min(7).max(10).default(9),
  bbox: bbox.optional(),
});

export const routes = [
  defineRoute({
    method: 'get',
    path: '/api/cells',
    roles: ROLES,
    summary: 'H3 cells at res 7–10 (default 9), optionally within bbox: {res, h3[], customers[], load[], faults[], district[], area[]}; a manager gets only their own grids',
    query,
    handler: ({ deps, user, query: q }) => getCells(deps.pool, q.res, q.bbox ?? null, user),
  }),
];
