/**
 * Work orders (admins and dispatchers): the queue with SLA due times, one order with its history, lifecycle
 * transitions, and new orders taken by phone or made by the simulator. Logic: services/work-orders.ts.
 */
import { z } from 'zod';
import { WORK_ORDER_STATES, createWorkOrder, getWorkOrder, isWorkOrderState, listWorkOrders, transitionWorkOrder } from '../services/work-orders.ts';
import { defineRoute } from './define.ts';

const ROLES = ['admin', 'dispatcher'] as const;
const id = z.coerce.number({ message: 'must be a positive integer id' }).int('must be an integer').positive('must be > 0');
const priorities = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter((x) => x !== '').map(Number))
  .pipe(z.array(z.number().int('priorities are 1–4').min(1, 'priorities are 1–4').max(4, 'priorities are 1–4')).min(1, 'must list at least one value'));

const listQuery = z.object({
  state: z
    .string()
    .default('open')
    .refine((s) => s === 'open' || s === 'all' || s.split(',').every((x) => isWorkOrderState(x.trim())), { message: `open, all, or states among ${WORK_ORDER_STATES.join(', ')}` })
    .transform((s) => (s === 'open' || s === 'all' ? s : (s.split(',').map((x) => x.trim()) as (typeof WORK_ORDER_STATES)[number][]))),
  priority: priorities.optional(),
  gridId: id.optional(),
  skill: z.enum(['line', 'cable', 'transformer', 'meter'], { message: 'one of line, cable, transformer, meter' }).optional(),
  limit: z.coerce.number().int().min(1, 'must be ≥ 1').max(5000, 'at most 5000').default(1000),
});

const transitionBody = z.object({
  to: z.enum(WORK_ORDER_STATES, { message: `one of ${WORK_ORDER_STATES.join(', ')}` }),
  reason: z.string().trim().min(1, 'must not be empty').max(500, 'at most 500 characters').optional(),
  crewId: z.number({ message: 'must be a crew id' }).int().positive().optional(),
  satisfaction: z.number({ message: 'must be 1–5' }).int('must be 1–5').min(1, 'must be 1–5').max(5, 'must be 1–5').optional(),
  complaint: z.boolean({ message: 'must be true or false' }).optional(),
  version: z.number({ message: 'must be the version read' }).int().positive().optional(),
});

const createBody = z.object({
  lng: z.number({ message: 'must be a longitude' }).min(-180).max(180),
  lat: z.number({ message: 'must be a latitude' }).min(-90).max(90),
  kind: z.enum(['outage', 'low_voltage', 'meter', 'line_damage', 'transformer'], { message: 'one of outage, low_voltage, meter, line_damage, transformer' }),
  priority: z.number({ message: 'must be 1–4' }).int().min(1, 'must be 1–4').max(4, 'must be 1–4'),
  description: z.string().trim().max(500, 'at most 500 characters').optional(),
  source: z.enum(['manual', 'simulation'], { message: 'manual or simulation' }).default('manual'),
});

export const routes = [
  defineRoute({
    method: 'get',
    path: '/api/work-orders',
    roles: ROLES,
    summary: 'Work orders: state=open (default: not closed/cancelled)|all|<state>[,…], priority=1,2, gridId, skill, limit; most urgent first; with slaMinutes per priority and the server time',
    query: listQuery,
    handler: ({ query, deps }) => listWorkOrders(deps.pool, query),
  }),
  defineRoute({
    method: 'post',
    path: '/api/work-orders',
    roles: ROLES,
    status: 201,
    summary: 'A new fault and its received work order (taken by phone, or made by the simulator), grouped into an incident',
    body: createBody,
    handler: ({ body, deps, user }) => createWorkOrder(deps, user, { ...body, description: body.description ?? null }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/work-orders/:id',
    roles: ROLES,
    summary: 'One work order with its transitions (who, when, why) and the states it may move to',
    params: z.object({ id }),
    handler: ({ params, deps }) => getWorkOrder(deps.pool, params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/api/work-orders/:id/transitions',
    roles: ROLES,
    summary: 'Move a work order: {to, reason?, crewId? (→ assigned), satisfaction? (→ follow_up), complaint?, version?}; 409 illegal_transition with the allowed states, 409 conflict on a stale version',
    params: z.object({ id }),
    body: transitionBody,
    handler: ({ params, body, deps, user }) => transitionWorkOrder(deps, user, params.id, body),
  }),
];
