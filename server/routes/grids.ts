/**
 * The territory view's grid endpoints. Every role may call them; a manager only for their own grids (403
 * `not_your_territory` otherwise, checked in the services), and GET /api/grids lists only a manager's own grids.
 */
import { z } from 'zod';
import { ROLES } from '../auth/types.ts';
import { getGridCustomers } from '../services/customers.ts';
import { getGrid, getGridCells, getGridCrews, getGridHotspots, getGrids, getGridWorkOrders } from '../services/grids.ts';
import { getGridKpis } from '../services/kpis.ts';
import { defineRoute } from './define.ts';

const id = z.coerce.number().int().positive().max(2_147_483_647);
const gridParams = z.object({ id });
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');

export const routes = [
  defineRoute({
    method: 'get',
    path: '/api/grids',
    roles: ROLES,
    summary: 'Grids of the active plan (or ?planId=) with weights, bbox and centroid: {planId, items}; a manager gets only their own',
    query: z.object({ planId: id.optional() }),
    handler: ({ deps, user, query }) => getGrids(deps.pool, user, query.planId),
  }),
  defineRoute({
    method: 'get',
    path: '/api/grids/:id',
    roles: ROLES,
    summary: 'One grid with its outline (geometry: GeoJSON MultiPolygon)',
    params: gridParams,
    handler: ({ deps, user, params }) => getGrid(deps.pool, user, params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/api/grids/:id/cells',
    roles: ROLES,
    summary: "The grid's res-9 cells as columns: {res, h3[], customers[], loadKw[], faults12m[], faultRate[], trend[], recent[], previous[]}",
    params: gridParams,
    handler: ({ deps, user, params }) => getGridCells(deps.pool, user, params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/api/grids/:id/hotspots',
    roles: ROLES,
    summary: 'Cells with the highest fault rate and the fastest-rising faults: {highest[], rising[]}',
    params: gridParams,
    query: z.object({ limit: z.coerce.number().int().min(1).max(100).default(10) }),
    handler: ({ deps, user, params, query }) => getGridHotspots(deps.pool, user, params.id, query.limit),
  }),
  defineRoute({
    method: 'get',
    path: '/api/grids/:id/customers',
    roles: ROLES,
    summary: 'Customers inside the grid: ?q= (account or address), type, sort=load|account, limit, offset → {total, items}',
    params: gridParams,
    query: z.object({
      q: z.string().trim().max(100).optional(),
      type: z.enum(['residential', 'commercial', 'industrial']).optional(),
      sort: z.enum(['load', 'account']).default('load'),
      limit: z.coerce.number().int().min(1).max(500).default(50),
      offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
    }),
    handler: ({ deps, user, params, query }) =>
      getGridCustomers(deps.pool, user, params.id, { q: query.q ? query.q : null, type: query.type ?? null, sort: query.sort, limit: query.limit, offset: query.offset }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/grids/:id/work-orders',
    roles: ROLES,
    summary: 'Work orders inside the grid, newest first (?open=1: only open ones; ?limit ≤ 5000, default 500)',
    params: gridParams,
    query: z.object({ open: z.enum(['0', '1', 'true', 'false']).optional(), limit: z.coerce.number().int().min(1).max(5000).default(500) }),
    handler: ({ deps, user, params, query }) => getGridWorkOrders(deps.pool, user, params.id, query.open === '1' || query.open === 'true', query.limit),
  }),
  defineRoute({
    method: 'get',
    path: '/api/grids/:id/crews',
    roles: ROLES,
    summary: 'Crews inside the grid or working on one of its open work orders',
    params: gridParams,
    handler: ({ deps, user, params }) => getGridCrews(deps.pool, user, params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/api/grids/:id/kpis',
    roles: ROLES,
    summary: "The grid's KPIs over ?from=&to= (default: the 30 days before the reference now), the period before, the city, and a series",
    params: gridParams,
    query: z.object({ from: date.optional(), to: date.optional() }),
    handler: ({ deps, user, params, query }) => getGridKpis(deps.pool, user, params.id, query.from, query.to),
  }),
];
