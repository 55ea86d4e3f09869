/**
 * Incidents: fault reports close in space and time grouped so that one crew is sent (grouping itself happens
 * when an order is created, services/work-orders.ts `insertOrder`). The dispatcher lists them, splits orders
 * out into a new incident, or merges incidents; each change publishes `incident.updated` and
 * `work_order.updated` for the orders that moved.
 */
import type pg from 'pg';
import { withTransaction } from '../db/pool.ts';
import type { AppDeps } from '../deps.ts';
import { BadRequestError, ConflictError, NotFoundError } from '../errors.ts';
import * as repo from '../repositories/incidents.ts';
import { Changes, incidentJson, publishChanges } from './work-orders.ts';
import type { Incident } from './work-orders.ts';

/** Most incidents listed. */
export const MAX_INCIDENTS = 1000;

/** GET /api/incidents. */
export async function listIncidents(pool: pg.Pool, state: 'open' | 'closed' | 'all'): Promise<{ items: Incident[] }> {
  const rows = await repo.listIncidents(pool, state === 'all' ? null : state, MAX_INCIDENTS);
  return { items: rows.map(incidentJson) };
}

async function incidentsById(client: pg.PoolClient, ids: number[]): Promise<Incident[]> {
  const rows = new Map((await repo.getIncidents(client, ids)).map((r) => [r.id, incidentJson(r)]));
  return ids.map((id) => rows.get(id)!);
}

/**
 * Moves `workOrderIds` (members of incident `id`) into a new incident; both are recomputed.
 * @throws NotFoundError unknown or closed incident; BadRequestError (field `workOrderIds`) when an order is not
 * a member or the split would leave either side empty.
 */
export async function splitIncident(deps: AppDeps, id: number, workOrderIds: number[]): Promise<{ incidents: [Incident, Incident] }> {
  return withTransaction(deps.pool, async (client) => {
    const [inc] = await repo.lockIncidents(client, [id]);
    if (!inc) throw new NotFoundError(`No incident ${id}`);
    if (inc.state !== 'open') throw new ConflictError(`Incident ${id} is closed`, { incidentId: id });
    const members = await repo.memberIds(client, id);
    const moving = [...new Set(workOrderIds)];
    const strangers = moving.filter((w) => !members.includes(w));
    if (strangers.length > 0) throw new BadRequestError(`Work order ${strangers.join(', ')} is not in incident ${id}`, { workOrderIds: `not members of incident ${id}: ${strangers.join(', ')}` });
    if (moving.length >= members.length) throw new BadRequestError('A split must leave at least one order in the incident', { workOrderIds: 'must not list every member' });
    const created = await repo.insertIncidentAtOrder(client, moving[0]);
    await repo.setIncident(client, moving, created);
    const ch = new Changes();
    moving.forEach((w) => ch.orders.add(w));
    ch.incidents.add(id);
    ch.incidents.add(created);
    await publishChanges(deps, client, ch);
    const [a, b] = await incidentsById(client, [id, created]);
    return { incidents: [a, b] };
  });
}

/**
 * Merges incidents into the lowest id: the others' orders move to it and they close as merged.
 * @throws BadRequestError (field `ids`) with fewer than two distinct ids; NotFoundError for an unknown one;
 * ConflictError when one is closed.
 */
export async function mergeIncidents(deps: AppDeps, ids: number[]): Promise<Incident> {
  const distinct = [...new Set(ids)].sort((a, b) => a - b);
  if (distinct.length < 2) throw new BadRequestError('Merging needs at least two different incidents', { ids: 'at least two different ids' });
  return withTransaction(deps.pool, async (client) => {
    const found = await repo.lockIncidents(client, distinct);
    const missing = distinct.filter((i) => !found.some((f) => f.id === i));
    if (missing.length > 0) throw new NotFoundError(`No incident ${missing.join(', ')}`);
    const closed = found.filter((f) => f.state !== 'open');
    if (closed.length > 0) throw new ConflictError(`Incident ${closed.map((c) => c.id).join(', ')} is closed`, { incidentIds: closed.map((c) => c.id) });
    const [target, ...others] = distinct;
    const moved = await repo.mergeIncidents(client, target, others);
    const ch = new Changes();
    moved.forEach((w) => ch.orders.add(w));
    distinct.forEach((i) => ch.incidents.add(i));
    await publishChanges(deps, client, ch);
    const [out] = await incidentsById(client, [target]);
    return out;
  });
}
