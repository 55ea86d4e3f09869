/** Customers of a grid (search, filter, paging) and one customer's fault and work-order history. */
import type pg from 'pg';
import type { CustomerHistory, CustomerPage } from '../../contracts/territory.ts';
import type { SessionUser } from '../auth/types.ts';
import { NotFoundError } from '../errors.ts';
import { customerDetail, customerHistory, gridCustomers, type CustomerQuery } from '../repositories/customers.ts';
import { referenceNow } from '../repositories/grids.ts';
import { ensureTerritory, gridForUser, NotYourTerritoryError, territoryLimit } from './territory.ts';

/**
 * A page of the customers inside grid `gridId` matching `query`, and how many match in all.
 * @throws NotFoundError, NotYourTerritoryError.
 */
export async function getGridCustomers(pool: pg.Pool, user: SessionUser, gridId: number, query: CustomerQuery): Promise<CustomerPage> {
  const g = await gridForUser(pool, user, gridId);
  await ensureTerritory(pool);
  return gridCustomers(pool, gridId, g.active, query, await referenceNow(pool));
}

/**
 * A customer with their faults and work orders. A manager may only open customers inside their own grids of the
 * active plan.
 * @throws NotFoundError for an unknown customer; NotYourTerritoryError for a manager's foreign customer.
 */
export async function getCustomerHistory(pool: pg.Pool, user: SessionUser, customerId: number): Promise<CustomerHistory> {
  await ensureTerritory(pool);
  const customer = await customerDetail(pool, customerId);
  if (!customer) throw new NotFoundError(`Customer ${customerId} does not exist`);
  const limit = await territoryLimit(pool, user);
  if (limit !== null && (customer.gridId === null || !limit.includes(customer.gridId))) {
    throw new NotYourTerritoryError(`Customer ${customerId} is not in your territory`);
  }
  return { customer, ...(await customerHistory(pool, customerId)) };
}
