/** The server-sent events stream. */
import { z } from 'zod';
import { ROLES } from '../auth/types.ts';
import { streamEvents } from '../services/events.ts';
import { defineRoute } from './define.ts';

const eventId = z.coerce.number().int().min(0).optional();

export const routes = [
  defineRoute({
    method: 'get',
    path: '/api/events',
    roles: ROLES,
    summary: 'Server-sent events; Last-Event-ID (header or ?lastEventId=) replays missed events',
    query: z.object({ lastEventId: eventId }),
    handler: async ({ query, deps, req, res }) => {
      const header = req.get('last-event-id');
      const fromHeader = header === undefined ? undefined : eventId.safeParse(header);
      const last = fromHeader?.success ? fromHeader.data : query.lastEventId;
      await streamEvents(deps.hub, req, res, last);
    },
  }),
];
