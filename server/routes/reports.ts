/**
 * Public customer fault reports (no login): file a report (rate-limited per client IP) and read a ticket's
 * status. Logic: services/reports.ts.
 */
import { z } from 'zod';
import { fileReport, ticketStatus } from '../services/reports.ts';
import { defineRoute } from './define.ts';

const reportBody = z
  .object({
    lng: z.number({ message: 'must be a longitude' }).min(-180, 'must be a longitude').max(180, 'must be a longitude').optional(),
    lat: z.number({ message: 'must be a latitude' }).min(-90, 'must be a latitude').max(90, 'must be a latitude').optional(),
    address: z.string().trim().min(2, 'at least 2 characters').max(200, 'at most 200 characters').optional(),
    phone: z.string({ message: 'required' }).trim().regex(/^\+?[\d\s-]{7,20}$/, 'must be a phone number'),
    description: z.string({ message: 'required' }).trim().min(5, 'at least 5 characters').max(500, 'at most 500 characters'),
  })
  .superRefine((b, ctx) => {
    if ((b.lng === undefined) !== (b.lat === undefined)) ctx.addIssue({ code: 'custom', path: [b.lng === undefined ? 'lng' : 'lat'], message: 'give lng and lat together' });
    if (b.lng === undefined && b.lat === undefined && b.address === undefined) ctx.addIssue({ code: 'custom', path: ['lng'], message: 'give lng/lat or an address' });
  });

export const routes = [
  defineRoute({
    method: 'post',
    path: '/api/reports',
    roles: 'public',
    status: 201,
    summary: 'Report a fault (public, rate-limited per IP): {lng, lat | address, phone, description}; answers the ticket',
    body: reportBody,
    handler: ({ body, deps, req }) => fileReport(deps, req, body),
  }),
  defineRoute({
    method: 'get',
    path: '/api/reports/:ticket',
    roles: 'public',
    summary: 'Status of a report ticket (public): state and its history, no personal data',
    params: z.object({ ticket: z.string().regex(/^[A-Z]{2}\d{6,20}$/, 'must be a ticket number') }),
    handler: ({ params, deps }) => ticketStatus(deps, params.ticket),
  }),
];
