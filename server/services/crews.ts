/**
 * Crews on the live map: list, the JSON shape sent to clients and in `crew.updated` events, position reports
 * (the simulator's or a vehicle tracker's), and the crew status that follows from its open work orders.
 */
import type pg from 'pg';
import type { Crew } from '../../contracts/dispatch.ts';
import { withTransaction } from '../db/pool.ts';
import type { AppDeps } from '../deps.ts';
import { NotFoundError } from '../errors.ts';
import * as repo from '../repositories/crews.ts';

export type { Crew };

/** Row → JSON. */
export function crewJson(r: repo.CrewViewRow): Crew {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    skills: r.skills,
    status: r.status as Crew['status'],
    lng: r.lng,
    lat: r.lat,
    headingDeg: r.headingDeg,
    homeGridId: r.homeGridId,
    workOrderId: r.workOrderId,
    route: r.route && r.routeEtaAt ? { coordinates: r.route, etaAt: r.routeEtaAt.toISOString() } : null,
    shiftStart: r.shiftStart,
    shiftEnd: r.shiftEnd,
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** GET /api/crews. */
export async function listCrews(pool: pg.Pool): Promise<{ items: Crew[] }> {
  return { items: (await repo.listCrews(pool)).map(crewJson) };
}

/** Publishes `crew.updated` for each crew (read through `db`, so inside a transaction it sees its writes). */
export async function publishCrews(deps: AppDeps, db: pg.PoolClient | pg.Pool, crewIds: Iterable<number>): Promise<void> {
  const ids = [...new Set(crewIds)];
  for (const c of await repo.getCrews(db, ids)) await deps.hub.publish('crew.updated', crewJson(c), db);
}

/** POST /api/crews/:id/position input. */
export interface PositionInput {
  lng: number;
  lat: number;
  headingDeg?: number | null;
  status?: Crew['status'];
  /** the route being driven (null clears it); absent keeps it */
  route?: { coordinates: [number, number][]; etaAt: string } | null;
}

/**
 * Records a crew's position (and optionally its heading, status and route) and publishes `crew.updated`.
 * @throws NotFoundError for an unknown crew.
 */
export async function reportPosition(deps: AppDeps, crewId: number, input: PositionInput): Promise<Crew> {
  return withTransaction(deps.pool, async (client) => {
    const crew = await repo.lockCrew(client, crewId);
    if (!crew) throw new NotFoundError(`No crew ${crewId}`);
    await repo.setCrewPosition(client, crewId, input.lng, input.lat, input.headingDeg);
    if (input.status !== undefined && input.status !== crew.status) await repo.setCrewStatus(client, crewId, input.status);
    if (input.route !== undefined) await repo.setCrewRoute(client, crewId, input.route?.coordinates ?? null, input.route ? new Date(input.route.etaAt) : null);
    const [row] = await repo.getCrews(client, [crewId]);
    const out = crewJson(row);
    await deps.hub.publish('crew.updated', out, client);
    return out;
  });
}
