/**
 * Partition plans: create (background job), read, grids as GeoJSON, edits (cell moves, rebalance, locks,
 * managers), duplicate, compare, export; and the job status. Reads for every logged-in role, writes for
 * admin and planner.
 */
import { z } from 'zod';
import { ROLES } from '../auth/types.ts';
import type { Role } from '../auth/types.ts';
import { getJob } from '../services/jobs.ts';
import * as plans from '../services/plans.ts';
import { defineRoute } from './define.ts';

const WRITERS: readonly Role[] = ['admin', 'planner'];

const id = z.coerce.number().int().positive();
const planParams = z.object({ id });
const version = z.number().int().positive();

const createBody = z.object({
  name: z.string().trim().min(1).max(200),
  resolution: z.number().int().min(7).max(10),
  grids: z.number().int().min(1).max(5000),
  weights: z
    .object({
      customers: z.number().min(0).default(0),
      load: z.number().min(0).default(0),
      faults: z.number().min(0).default(0),
    })
    .refine((w) => w.customers + w.load + w.faults > 0, 'at least one weight must be greater than 0'),
  tolerancePct: z.number().min(0).max(50).default(3),
  respectDistricts: z.boolean().default(false),
  boundariesId: z.number().int().positive().optional(),
  /** partitioner time budget, ms */
  timeBudgetMs: z.number().int().min(100).max(120_000).default(10_000),
  seed: z.number().int().default(1),
});

const movesBody = z.object({
  version,
  moves: z.array(z.object({ cell: z.string().regex(/^[0-9a-f]{15}$/, 'expected an H3 index'), grid: z.number().int().positive() })).min(1).max(10_000),
  allowSplit: z.boolean().default(false),
});

export const routes = [
  defineRoute({
    method: 'post',
    path: '/api/plans',
    roles: WRITERS,
    summary: 'Start computing a plan: 202 {jobId}; progress on GET /api/jobs/:id and as plan.progress events',
    body: createBody,
    status: 202,
    handler: ({ deps, user, body }) => plans.createPlan(deps, user, body),
  }),
  defineRoute({
    method: 'get',
    path: '/api/jobs/:id',
    roles: WRITERS,
    summary: 'A background job: {id, status running|done|failed, progress 0–1, planId?, error?, code?}',
    params: z.object({ id: z.string().min(1).max(100) }),
    handler: ({ params }) => getJob(params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/api/jobs/:id/cancel',
    roles: WRITERS,
    summary: 'Cancel a running plan job: {id, status cancelled, …}; 409 when it has already ended',
    params: z.object({ id: z.string().min(1).max(100) }),
    handler: ({ params }) => plans.cancelPlanJob(params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/api/plans',
    roles: ROLES,
    summary: 'Every plan (newest first) with params, metrics, version and gridCount',
    handler: ({ deps }) => plans.listPlans(deps.pool),
  }),
  defineRoute({
    method: 'get',
    path: '/api/plans/:id',
    roles: ROLES,
    summary: 'A plan with its grids (stats, manager, locked), metrics and version',
    params: planParams,
    handler: async ({ deps, params }) => {
      const { gridList, ...plan } = await plans.getPlan(deps.pool, params.id);
      return { ...plan, grids: gridList };
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/plans/:id/grids.geojson',
    roles: ROLES,
    summary: 'The plan\'s grids as a GeoJSON FeatureCollection (MultiPolygons)',
    params: planParams,
    handler: ({ deps, params }) => plans.getGridsGeoJson(deps.pool, params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/api/plans/:id/cells',
    roles: ROLES,
    summary: 'The plan\'s cells for the editor: {version, resolution, h3[], grid[] (idx), customers[], load[], faults[], workload[], regions[]|null, ferries[]}',
    params: planParams,
    handler: ({ deps, params }) => plans.getPlanCells(deps.pool, params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/api/plans/:id/history',
    roles: ROLES,
    summary: 'Saved versions of a plan, newest first: [{at, username, action, version, cellsMoved, gridId}] (?since=version: only later ones)',
    params: planParams,
    query: z.object({ since: z.coerce.number().int().min(0).optional() }),
    handler: ({ deps, params, query }) => plans.planHistory(deps.pool, params.id, { sinceVersion: query.since }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/plans/:id/managers',
    roles: ROLES,
    summary: 'Every manager with the count and summed stats (customers, load, faults) of their grids in the plan',
    params: planParams,
    handler: ({ deps, params }) => plans.planManagers(deps.pool, params.id),
  }),
  defineRoute({
    method: 'patch',
    path: '/api/plans/:id/cells',
    roles: WRITERS,
    summary: 'Move cells between grids {version, moves:[{cell, grid}], allowSplit?}: {version, metrics, grids}',
    params: planParams,
    body: movesBody,
    handler: ({ deps, user, params, body }) => plans.moveCells(deps.pool, user, params.id, body),
  }),
  defineRoute({
    method: 'post',
    path: '/api/plans/:id/rebalance',
    roles: WRITERS,
    summary: 'Re-optimise the listed grids {version, grids:[gridId]}: {version, moved, metrics, grids}',
    params: planParams,
    body: z.object({ version, grids: z.array(z.number().int().positive()).min(1).max(1000) }),
    handler: ({ deps, user, params, body }) => plans.rebalance(deps.pool, user, params.id, body),
  }),
  defineRoute({
    method: 'post',
    path: '/api/plans/:id/lock',
    roles: WRITERS,
    summary: 'Lock or unlock a grid {gridId, locked, version?}: {version}',
    params: planParams,
    body: z.object({ gridId: z.number().int().positive(), locked: z.boolean(), version: version.optional() }),
    handler: ({ deps, user, params, body }) => plans.setGridLock(deps.pool, user, params.id, body),
  }),
  defineRoute({
    method: 'patch',
    path: '/api/plans/:id/grids/:gridId',
    roles: WRITERS,
    summary: 'Set a grid\'s manager and/or name {managerId?, name?, version?}: {version}',
    params: z.object({ id, gridId: id }),
    body: z
      .object({ managerId: z.number().int().positive().nullable().optional(), name: z.string().trim().min(1).max(100).optional(), version: version.optional() })
      .refine((b) => b.managerId !== undefined || b.name !== undefined, 'give managerId or name'),
    handler: ({ deps, user, params, body }) => plans.updateGrid(deps.pool, user, params.id, params.gridId, body),
  }),
  defineRoute({
    method: 'post',
    path: '/api/plans/:id/grids',
    roles: WRITERS,
    summary: 'Add an empty grid (to split a grid into) {version, name?}: 201 {version, id, idx, name}',
    params: planParams,
    body: z.object({ version, name: z.string().trim().min(1).max(100).optional() }),
    status: 201,
    handler: ({ deps, user, params, body }) => plans.addGrid(deps.pool, user, params.id, body),
  }),
  defineRoute({
    method: 'post',
    path: '/api/plans/:id/duplicate',
    roles: WRITERS,
    summary: 'Copy a plan {name?}: 201 {id}',
    params: planParams,
    body: z.object({ name: z.string().trim().min(1).max(200).optional() }),
    status: 201,
    handler: ({ deps, user, params, body }) => plans.duplicatePlan(deps.pool, user, params.id, body.name),
  }),
  defineRoute({
    method: 'get',
    path: '/api/plans/:a/compare/:b',
    roles: ROLES,
    summary: 'Two plans side by side: {a, b (metrics), changedCells:[{cell, a, b}]} (grids matched by idx)',
    params: z.object({ a: id, b: id }),
    handler: ({ deps, params }) => plans.comparePlans(deps.pool, params.a, params.b),
  }),
  defineRoute({
    method: 'get',
    path: '/api/plans/:id/export',
    roles: ROLES,
    summary: 'Download a plan: ?format=csv (hex_id,grid,manager) or geojson',
    params: planParams,
    query: z.object({ format: z.enum(['csv', 'geojson']).default('csv') }),
    handler: async ({ deps, params, query, res }) => {
      const out = await plans.exportPlan(deps.pool, params.id, query.format);
      res.status(200).set({ 'Content-Type': out.contentType, 'Content-Disposition': `attachment; filename="${out.filename}"` }).send(out.body);
      return undefined;
    },
  }),
];
