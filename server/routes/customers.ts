/** One customer's fault and work-order history (a manager: only customers inside their own grids). */
import { z } from 'zod';
import { ROLES } from '../auth/types.ts';
import { getCustomerHistory } from '../services/customers.ts';
import { defineRoute } from './define.ts';

export const routes = [
  defineRoute({
    method: 'get',
    path: '/api/customers/:id/history',
    roles: ROLES,
    summary: "A customer and their faults and work orders, newest first: {customer, faults[], workOrders[]}",
    params: z.object({ id: z.coerce.number().int().positive().max(2_147_483_647) }),
    handler: ({ deps, user, params }) => getCustomerHistory(deps.pool, user, params.id),
  }),
];
