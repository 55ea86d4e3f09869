/**
 * Dispatch (admins and dispatchers): ask the optimizer for a proposal, apply it (all or some faults) or a
 * manual list of assignments, reassign an assigned order. Logic, locks and errors: services/dispatch.ts.
 */
import { z } from 'zod';
import { applyDispatch, createProposal, reassignWorkOrder } from '../services/dispatch.ts';
import { defineRoute } from './define.ts';

const DISPATCH_ROLES = ['admin', 'dispatcher'] as const;
const id = z.number({ message: 'must be a positive integer id' }).int('must be an integer').positive('must be > 0');
const reason = z.string().trim().min(1, 'must not be empty').max(500, 'at most 500 characters');

const applyBody = z
  .object({
    proposalId: id.optional(),
    faultIds: z.array(id).min(1, 'must list at least one fault').optional(),
    assignments: z.array(z.object({ workOrderId: id, crewId: id })).min(1, 'must list at least one assignment').max(1000, 'at most 1000').optional(),
    reason: reason.optional(),
  })
  .superRefine((b, ctx) => {
    if ((b.proposalId === undefined) === (b.assignments === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['proposalId'], message: 'give either proposalId or assignments' });
    }
    if (b.faultIds && b.proposalId === undefined) ctx.addIssue({ code: 'custom', path: ['faultIds'], message: 'only with proposalId' });
  })
  .transform((b) =>
    b.proposalId !== undefined ? { proposalId: b.proposalId, faultIds: b.faultIds, reason: b.reason } : { assignments: b.assignments!, reason: b.reason },
  );

export const routes = [
  defineRoute({
    method: 'post',
    path: '/api/dispatch/proposals',
    roles: DISPATCH_ROLES,
    status: 201,
    summary: 'Optimizer proposal for the open faults and the crews on shift (road travel times): assignments with ETAs and explanations, unassigned with reasons, routes with road geometry unless {geometry: false}; 503 until the road network is ready',
    body: z.object({ geometry: z.boolean({ message: 'must be true or false' }).default(true) }),
    handler: ({ body, deps, user }) => createProposal(deps, user, body),
  }),
  defineRoute({
    method: 'post',
    path: '/api/dispatch/apply',
    roles: DISPATCH_ROLES,
    summary: 'Apply a proposal ({proposalId, faultIds?}) or manual assignments ({assignments: [{workOrderId, crewId}]}) in one transaction; 409 when an order or crew was taken meanwhile',
    body: applyBody,
    handler: ({ body, deps, user }) => applyDispatch(deps, user, body),
  }),
  defineRoute({
    method: 'post',
    path: '/api/dispatch/reassign',
    roles: DISPATCH_ROLES,
    summary: 'Give an assigned work order to another (free, skilled) crew, with a reason',
    body: z.object({ workOrderId: id, crewId: id, reason }),
    handler: ({ body, deps, user }) => reassignWorkOrder(deps, user, body),
  }),
];
