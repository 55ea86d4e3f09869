/** Incidents (admins and dispatchers): faults grouped in space and time; split and merge. Logic: services/incidents.ts. */
import { z } from 'zod';
import { listIncidents, mergeIncidents, splitIncident } from '../services/incidents.ts';
import { defineRoute } from './define.ts';

const ROLES = ['admin', 'dispatcher'] as const;
const id = z.number({ message: 'must be a positive integer id' }).int('must be an integer').positive('must be > 0');

export const routes = [
  defineRoute({
    method: 'get',
    path: '/api/incidents',
    roles: ROLES,
    summary: 'Incidents (state=open default|closed|all): probable cause location, radius, work orders, best priority',
    query: z.object({ state: z.enum(['open', 'closed', 'all'], { message: 'open, closed or all' }).default('open') }),
    handler: ({ query, deps }) => listIncidents(deps.pool, query.state),
  }),
  defineRoute({
    method: 'post',
    path: '/api/incidents/merge',
    roles: ROLES,
    summary: 'Merge incidents {ids (≥ 2)} into the lowest id',
    body: z.object({ ids: z.array(id).min(2, 'at least two incidents') }),
    handler: ({ body, deps }) => mergeIncidents(deps, body.ids),
  }),
  defineRoute({
    method: 'post',
    path: '/api/incidents/:id/split',
    roles: ROLES,
    summary: 'Move {workOrderIds} out of an incident into a new one; answers both',
    params: z.object({ id: z.coerce.number().int().positive('must be an incident id') }),
    body: z.object({ workOrderIds: z.array(id).min(1, 'at least one work order') }),
    handler: ({ params, body, deps }) => splitIncident(deps, params.id, body.workOrderIds),
  }),
];
