/** Known places by name (public: the report page's address box). */
import { z } from 'zod';
import { searchPlaces } from '../services/places.ts';
import { defineRoute } from './define.ts';

export const routes = [
  defineRoute({
    method: 'get',
    path: '/api/places',
    roles: 'public',
    summary: 'Stations, districts and substations whose name contains q (at most 10)',
    query: z.object({ q: z.string().max(100, 'at most 100 characters').default('') }),
    handler: ({ query, deps }) => searchPlaces(deps.pool, query.q),
  }),
];
