/** Health check and public client configuration. */
import { clientConfig, health } from '../services/system.ts';
import { defineRoute } from './define.ts';

export const routes = [
  defineRoute({
    method: 'get',
    path: '/api/health',
    roles: 'public',
    summary: 'PostgreSQL and PostGIS versions; 503 when the database is down',
    handler: ({ deps }) => health(deps.pool),
  }),
  defineRoute({
    method: 'get',
    path: '/api/config',
    roles: 'public',
    summary: 'Client configuration: basemap style URL and demo flag',
    handler: ({ deps }) => clientConfig(deps.config),
  }),
];
