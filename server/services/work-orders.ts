/**
 * The work-order lifecycle (工单): listing with SLA due times, one order with its history and allowed next
 * states, transitions with their rules, new orders (manual, simulated, or from a customer report) grouped into
 * incidents, and the `work_order.*`, `crew.updated` and `incident.updated` events.
 *
 * Decisions:
 * - Legal moves (LEGAL_MOVES): received → assigned|cancelled|escalated; assigned → en_route|received (unassign)|
 *   cancelled|escalated; en_route → on_site|cancelled|escalated; on_site → resolved|escalated; resolved →
 *   follow_up; follow_up → closed; escalated → assigned|cancelled. Anything else is 409 `illegal_transition`
 *   with the allowed next states.
 * - → assigned needs a crew that is on shift, free (no open order outside this order's incident) and skilled;
 *   → escalated and unassign free the crew (the order waits for a specialist or another crew).
 * - Crew status follows its orders: en route / on site when its order is; available again when its order is
 *   resolved, cancelled, escalated or unassigned, unless another of its orders is under way. Assigning leaves
 *   the crew available (it is *booked*, see services/dispatch.ts) until it reports en route.
 * - Going en route computes the road route from the crew to the fault (when the road network is ready) and
 *   stores it on the crew with the ETA; on site the route is cleared and the crew stands at the fault.
 * - Incidents: a member moving to assigned, en route, on site or resolved pulls the members behind it along
 *   (same crew), so one crew serves the incident; a new fault joining an incident under way is pulled too.
 * - `faults.status` follows the order: open (received, escalated), assigned (assigned … on site), resolved
 *   (resolved, follow-up, closed), cancelled.
 */
import type pg from 'pg';
import { GeoError } from '../../geo/errors.ts';
import { lngLatToCell } from '../../geo/cells/h3-adapter.ts';
import type { SessionUser } from '../auth/types.ts';
import { withTransaction } from '../db/pool.ts';
import type { AppDeps } from '../deps.ts';
import { AppError, BadRequestError, ConflictError, NotFoundError, UnprocessableError } from '../errors.ts';
import * as crewRepo from '../repositories/crews.ts';
import { workOrderCrew } from '../repositories/dispatch.ts';
import * as incRepo from '../repositories/incidents.ts';
import * as repo from '../repositories/work-orders.ts';
import { crewJson } from './crews.ts';
import { scheduleKpiRefresh } from './territory.ts';
import type { Incident } from '../../contracts/dispatch.ts';
import { WORK_ORDER_STATES } from '../../contracts/work-orders.ts';
import type { FaultKind, Transition, TransitionInput, WorkOrder, WorkOrderDetail, WorkOrderList, WorkOrderState } from '../../contracts/work-orders.ts';

/** How stale the KPI views may get while work orders keep changing, ms. */
const KPI_REFRESH_MS = 60_000;

export { WORK_ORDER_STATES };
export type { Incident, WorkOrder, WorkOrderDetail, WorkOrderState, TransitionInput };

/** The legal next states of each state. */
export const LEGAL_MOVES: Record<WorkOrderState, readonly WorkOrderState[]> = {
  received: ['assigned', 'cancelled', 'escalated'],
  assigned: ['en_route', 'received', 'cancelled', 'escalated'],
  en_route: ['on_site', 'cancelled', 'escalated'],
  on_site: ['resolved', 'escalated'],
  resolved: ['follow_up'],
  follow_up: ['closed'],
  escalated: ['assigned', 'cancelled'],
  closed: [],
  cancelled: [],
};

/** Target response time (report → crew on site) per priority, minutes. */
export const SLA_MINUTES: Record<'1' | '2' | '3' | '4', number> = { '1': 45, '2': 90, '3': 240, '4': 1440 };

/** Skills any one of which lets a crew take a fault of the kind. */
export const KIND_SKILLS: Record<string, readonly string[]> = {
  outage: ['line', 'cable'],
  low_voltage: ['line', 'transformer'],
  meter: ['meter'],
  line_damage: ['line'],
  transformer: ['transformer'],
};

/** Grouping: a new fault joins an open incident (or a recent open order) within this distance, metres… */
export const INCIDENT_RADIUS_M = 500;
/** …and this many minutes after the incident's latest report. */
export const INCIDENT_WINDOW_MIN = 30;
/** Kinds that are grouped (a meter fault is one customer's own). */
export const GROUPED_KINDS = ['outage', 'low_voltage', 'line_damage', 'transformer'] as const;

/** Rank of the states an incident's members are pulled through. */
const PULL_RANK: Record<string, number> = { received: 0, assigned: 1, en_route: 2, on_site: 3, resolved: 4 };

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

/** Row → JSON (adds `slaDueAt`). */
export function workOrderJson(r: repo.WorkOrderRow): WorkOrder {
  const sla = SLA_MINUTES[String(r.priority) as keyof typeof SLA_MINUTES] ?? SLA_MINUTES['4'];
  return {
    id: r.id,
    faultId: r.faultId,
    incidentId: r.incidentId,
    state: r.state as WorkOrderState,
    priority: r.priority as WorkOrder['priority'],
    kind: r.kind as FaultKind,
    source: r.source as WorkOrder['source'],
    description: r.description,
    lng: r.lng,
    lat: r.lat,
    h3: r.h3,
    gridId: r.gridId,
    gridName: r.gridName,
    crewId: r.crewId,
    crewCode: r.crewCode,
    mutualAid: r.mutualAid,
    receivedAt: r.receivedAt.toISOString(),
    assignedAt: iso(r.assignedAt),
    enRouteAt: iso(r.enRouteAt),
    onSiteAt: iso(r.onSiteAt),
    resolvedAt: iso(r.resolvedAt),
    followUpAt: iso(r.followUpAt),
    closedAt: iso(r.closedAt),
    slaDueAt: new Date(r.receivedAt.getTime() + sla * 60_000).toISOString(),
    etaAt: iso(r.etaAt),
    satisfaction: r.satisfaction,
    complaint: r.complaint,
    ticket: r.ticket,
    version: r.version,
  };
}

/** Row → JSON. */
export function incidentJson(r: incRepo.IncidentRow): Incident {
  return {
    id: r.id,
    lng: r.lng,
    lat: r.lat,
    radiusM: Math.round(r.radiusM),
    workOrderIds: r.workOrderIds,
    faultCount: r.workOrderIds.length,
    firstAt: r.firstAt.toISOString(),
    lastAt: r.lastAt.toISOString(),
    priority: r.priority ?? 4,
    state: r.state as Incident['state'],
  };
}

/** What a change touched, to publish once at the end of the transaction. */
export class Changes {
  readonly created = new Set<number>();
  readonly orders = new Set<number>();
  readonly crews = new Set<number>();
  readonly incidents = new Set<number>();
}

/**
 * Refreshes the touched incidents (centre, radius, times, open/closed) and publishes `work_order.created`,
 * `work_order.updated`, `crew.updated` and `incident.updated` through the transaction's client (delivered on
 * commit), and schedules a KPI refresh. Resolves to the JSON of the touched orders by id.
 */
export async function publishChanges(deps: AppDeps, client: pg.PoolClient, ch: Changes): Promise<Map<number, WorkOrder>> {
  for (const id of ch.incidents) await incRepo.refreshIncident(client, id);
  const orders = new Map((await repo.getWorkOrders(client, [...new Set([...ch.created, ...ch.orders])])).map((r) => [r.id, workOrderJson(r)]));
  for (const [id, wo] of orders) await deps.hub.publish(ch.created.has(id) ? 'work_order.created' : 'work_order.updated', wo, client);
  for (const c of await crewRepo.getCrews(client, [...ch.crews])) await deps.hub.publish('crew.updated', crewJson(c), client);
  for (const i of await incRepo.getIncidents(client, [...ch.incidents])) await deps.hub.publish('incident.updated', incidentJson(i), client);
  // KPIs are materialized views: rebuilt at most once a minute while orders keep changing
  if (orders.size > 0) scheduleKpiRefresh(deps.pool, KPI_REFRESH_MS, (err) => deps.log.warn(`KPI refresh failed: ${(err as Error).message}`));
  return orders;
}

/** GET /api/work-orders query (validated by the route). */
export interface ListQuery {
  /** 'open', 'all' or a list of states */
  state: 'open' | 'all' | WorkOrderState[];
  priority?: number[];
  gridId?: number;
  skill?: string;
  limit: number;
}

/** GET /api/work-orders. */
export async function listWorkOrders(pool: pg.Pool, q: ListQuery): Promise<WorkOrderList> {
  const states = q.state === 'all' ? null : q.state === 'open' ? WORK_ORDER_STATES.filter((s) => s !== 'closed' && s !== 'cancelled') : q.state;
  const kinds = q.skill === undefined ? undefined : Object.keys(KIND_SKILLS).filter((k) => KIND_SKILLS[k].includes(q.skill!));
  const rows = await repo.listWorkOrders(pool, { states, priorities: q.priority, gridId: q.gridId, kinds, limit: q.limit });
  return { items: rows.map(workOrderJson), slaMinutes: SLA_MINUTES, now: new Date().toISOString() };
}

/** One order with its history and the states it may move to. @throws NotFoundError. */
export async function getWorkOrder(pool: pg.Pool, id: number): Promise<WorkOrderDetail> {
  const [row] = await repo.getWorkOrders(pool, [id]);
  if (!row) throw new NotFoundError(`No work order ${id}`);
  // the database's enum holds only work-order states
  const transitions = (await repo.transitionsOf(pool, id)).map((t) => ({ ...t, at: t.at.toISOString() })) as Transition[];
  return { ...workOrderJson(row), transitions, allowed: [...LEGAL_MOVES[row.state as WorkOrderState]] };
}

/** 409 for a move the lifecycle does not allow; the body lists the allowed next states. */
export class IllegalTransitionError extends AppError {
  constructor(from: string, to: string, allowed: readonly string[]) {
    super(409, 'illegal_transition', `A ${from} work order cannot go to ${to}; allowed: ${allowed.join(', ') || 'none'}`, undefined, { allowed: [...allowed], state: from });
  }
}

/** Road route from a crew to a fault, departing now; null when the network is not ready or has no route. */
function routeTo(deps: AppDeps, from: [number, number], to: [number, number]): { coordinates: [number, number][]; seconds: number } | null {
  const svc = deps.roads;
  if (!svc || svc.state !== 'ready' || !svc.router) return null;
  try {
    const r = svc.router.route(from, to, { depart: new Date() });
    return { coordinates: r.geometry.map(([x, y]) => [Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6] as [number, number]), seconds: r.duration };
  } catch (err) {
    if (err instanceof GeoError) return null;
    throw err;
  }
}

/** Sets a crew's status from its open orders (other than `except`); off-shift crews stay off shift. */
async function settleCrew(client: pg.PoolClient, crewId: number, except: readonly number[], ch: Changes): Promise<void> {
  const crew = await crewRepo.lockCrew(client, crewId);
  if (!crew || crew.status === 'off_shift') return;
  const others = await repo.otherOpenOrders(client, crewId, except);
  const status = others.some((o) => o.state === 'on_site') ? 'on_site' : others.some((o) => o.state === 'en_route') ? 'en_route' : 'available';
  if (status !== crew.status) await crewRepo.setCrewStatus(client, crewId, status);
  if (status !== 'en_route') await crewRepo.setCrewRoute(client, crewId, null, null);
  ch.crews.add(crewId);
}

/**
 * Writes one move of a locked order (no legality checks: callers check) and its effects on the crew.
 * `crewId` is the crew for → assigned.
 */
async function move(deps: AppDeps, client: pg.PoolClient, o: repo.LockedOrder, to: WorkOrderState, user: SessionUser | null, extra: { reason: string | null; crewId?: number; satisfaction?: number; complaint?: boolean }, ch: Changes): Promise<void> {
  const change: repo.StateChange = { workOrderId: o.id, faultId: o.faultId, from: o.state, to, userId: user?.id ?? null, reason: extra.reason };
  const crewId = to === 'assigned' ? extra.crewId! : o.crewId;
  if (to === 'assigned') change.crewId = extra.crewId!;
  if (to === 'received' || to === 'escalated') {
    change.crewId = null;
    change.etaAt = null;
  }
  if (to === 'follow_up') {
    change.satisfaction = extra.satisfaction;
    change.complaint = extra.complaint ?? false;
  }
  if (to === 'en_route' && crewId !== null) {
    const crew = await crewRepo.lockCrew(client, crewId);
    if (crew) {
      const r = routeTo(deps, [crew.lng, crew.lat], [o.lng, o.lat]);
      const eta = r ? new Date(Date.now() + r.seconds * 1000) : null;
      change.etaAt = eta;
      if (crew.status !== 'off_shift') await crewRepo.setCrewStatus(client, crewId, 'en_route');
      await crewRepo.setCrewRoute(client, crewId, r?.coordinates ?? null, eta);
      ch.crews.add(crewId);
    }
  }
  await repo.changeState(client, change);
  ch.orders.add(o.id);
  if (o.incidentId !== null) ch.incidents.add(o.incidentId);
  if (crewId === null) return;
  if (to === 'assigned') ch.crews.add(crewId);
  else if (to === 'on_site') {
    const crew = await crewRepo.lockCrew(client, crewId);
    if (crew && crew.status !== 'off_shift') await crewRepo.setCrewStatus(client, crewId, 'on_site');
    await crewRepo.setCrewRoute(client, crewId, null, null);
    await crewRepo.setCrewPosition(client, crewId, o.lng, o.lat, undefined);
    ch.crews.add(crewId);
  } else if (to === 'resolved' || to === 'cancelled' || to === 'escalated' || to === 'received') {
    await settleCrew(client, crewId, [o.id], ch);
  }
}

/**
 * Pulls the open members of `incidentId` that are behind `state` (in received → assigned → en route → on site →
 * resolved) to it, with `crewId`; each move recorded with `reason`. O(members).
 */
export async function pullIncident(deps: AppDeps, client: pg.PoolClient, incidentId: number, state: string, crewId: number | null, user: SessionUser | null, reason: string, ch: Changes): Promise<void> {
  const target = PULL_RANK[state];
  if (target === undefined || target === 0 || crewId === null) return;
  const ids = await incRepo.memberIds(client, incidentId);
  for (const m of await repo.lockOrders(client, ids)) {
    const rank = PULL_RANK[m.state];
    if (rank === undefined || rank >= target) continue;
    // through assigned first so the member gets the crew and every step is in its history
    let cur = m;
    for (const step of ['assigned', 'en_route', 'on_site', 'resolved'] as const) {
      if (PULL_RANK[step] <= PULL_RANK[cur.state] || PULL_RANK[step] > target) continue;
      if (step === 'assigned') await move(deps, client, cur, 'assigned', user, { reason, crewId }, ch);
      else {
        await repo.changeState(client, { workOrderId: cur.id, faultId: cur.faultId, from: cur.state, to: step, userId: user?.id ?? null, reason });
        ch.orders.add(cur.id);
      }
      cur = { ...cur, state: step, crewId };
    }
  }
}

/**
 * POST /api/work-orders/:id/transitions: checks and makes one move in a transaction (see the file comment),
 * pulls the incident along, publishes the events. Resolves to the order after the move.
 * @throws NotFoundError (order, crew), ConflictError (stale version, crew booked or off shift, order changed
 * meanwhile), IllegalTransitionError, BadRequestError (missing reason, crewId, satisfaction),
 * UnprocessableError `missing_skill`.
 */
export async function transitionWorkOrder(deps: AppDeps, user: SessionUser, id: number, input: TransitionInput): Promise<WorkOrder> {
  return withTransaction(deps.pool, async (client) => {
    const pre = await workOrderCrew(client, id);
    if (pre === undefined) throw new NotFoundError(`No work order ${id}`);
    // crews before the order (the lock order of services/dispatch.ts)
    const crewIds = [...new Set([input.to === 'assigned' ? input.crewId : undefined, pre].filter((x): x is number => typeof x === 'number'))].sort((a, b) => a - b);
    for (const c of crewIds) await crewRepo.lockCrew(client, c);
    const [o] = await repo.lockOrders(client, [id]);
    if (o.crewId !== pre) throw new ConflictError(`Work order ${id} changed meanwhile; try again`, { workOrderId: id });
    if (input.version !== undefined && input.version !== o.version) {
      throw new ConflictError(`Work order ${id} is at version ${o.version}, not ${input.version}; reload it`, { workOrderId: id, version: o.version });
    }
    const allowed = LEGAL_MOVES[o.state as WorkOrderState];
    if (!allowed.includes(input.to)) throw new IllegalTransitionError(o.state, input.to, allowed);
    const needsReason = input.to === 'cancelled' || input.to === 'escalated' || (o.state === 'assigned' && input.to === 'received');
    if (needsReason && !input.reason) throw new BadRequestError(`A reason is required to move a ${o.state} order to ${input.to}`, { reason: 'required for this transition' });
    if (input.to === 'follow_up' && input.satisfaction === undefined) throw new BadRequestError('The follow-up needs a satisfaction score (1–5)', { satisfaction: 'required for follow_up' });
    if (input.to === 'assigned') {
      if (input.crewId === undefined) throw new BadRequestError('Assigning needs a crew', { crewId: 'required for assigned' });
      const crew = await crewRepo.lockCrew(client, input.crewId);
      if (!crew) throw new NotFoundError(`No crew ${input.crewId}`);
      if (crew.status === 'off_shift') throw new ConflictError(`Crew ${crew.code} is off shift`, { crewId: crew.id });
      const mates = o.incidentId === null ? [o.id] : await incRepo.memberIds(client, o.incidentId);
      const busy = await repo.otherOpenOrders(client, crew.id, mates);
      if (busy.length > 0) throw new ConflictError(`Crew ${crew.code} is already booked: work order ${busy[0].id} (${busy[0].state})`, { crewId: crew.id, workOrderId: busy[0].id });
      if (!(KIND_SKILLS[o.kind] ?? []).some((s) => crew.skills.includes(s))) {
        const msg = `crew ${crew.code} (skills ${crew.skills.join(', ') || 'none'}) cannot take a ${o.kind} fault (needs one of ${KIND_SKILLS[o.kind]?.join(', ')})`;
        throw new UnprocessableError(msg, 'missing_skill', { workOrderId: o.id, crewId: crew.id }, { crewId: msg });
      }
    }
    const ch = new Changes();
    await move(deps, client, o, input.to, user, { reason: input.reason ?? null, crewId: input.crewId, satisfaction: input.satisfaction, complaint: input.complaint }, ch);
    if (o.incidentId !== null) {
      const crewId = input.to === 'assigned' ? input.crewId! : o.crewId;
      await pullIncident(deps, client, o.incidentId, input.to, crewId, user, `incident ${o.incidentId}: with work order ${o.id}`, ch);
      // the members resolved with it no longer hold the crew
      if (input.to === 'resolved' && crewId !== null) await settleCrew(client, crewId, [], ch);
    }
    const out = await publishChanges(deps, client, ch);
    return out.get(id)!;
  });
}

/** A new fault with its work order (manual entry, simulation, customer report). */
export interface NewOrderInput {
  lng: number;
  lat: number;
  kind: string;
  priority: number;
  description: string | null;
  source: 'report' | 'simulation' | 'manual';
}

/**
 * Inside a transaction: inserts the fault, its received order and the creation transition, groups it into an
 * incident (see INCIDENT_RADIUS_M, INCIDENT_WINDOW_MIN; an incident under way pulls it along), and records
 * what to publish in `ch`. Resolves to the ids.
 */
export async function insertOrder(deps: AppDeps, client: pg.PoolClient, user: SessionUser | null, input: NewOrderInput, ch: Changes): Promise<{ faultId: number; workOrderId: number }> {
  const h3 = lngLatToCell(input.lng, input.lat, 9);
  const ids = await repo.insertFault(client, { ...input, h3, userId: user?.id ?? null, reason: input.source === 'report' ? 'customer report' : input.source });
  ch.created.add(ids.workOrderId);
  if (!(GROUPED_KINDS as readonly string[]).includes(input.kind)) return ids;
  const near = await incRepo.findGroup(client, { lng: input.lng, lat: input.lat, radiusM: INCIDENT_RADIUS_M, windowMin: INCIDENT_WINDOW_MIN, exceptId: ids.workOrderId, kinds: GROUPED_KINDS });
  if (!near) return ids;
  let incidentId = near.incidentId;
  if (incidentId !== null) await incRepo.lockIncidents(client, [incidentId]);
  else {
    await repo.lockOrders(client, [near.workOrderId]);
    incidentId = await incRepo.insertIncident(client, input.lng, input.lat);
    await incRepo.setIncident(client, [near.workOrderId], incidentId);
    ch.orders.add(near.workOrderId);
  }
  await incRepo.setIncident(client, [ids.workOrderId], incidentId);
  ch.incidents.add(incidentId);
  // an incident under way: the new order follows the most advanced member with its crew
  const lead = await incRepo.leadUnderWay(client, incidentId);
  if (lead) await pullIncident(deps, client, incidentId, lead.state, lead.crewId, user, `incident ${incidentId}: joined work order ${lead.id}`, ch);
  return ids;
}

/** POST /api/work-orders: a fault taken by phone (manual) or made by the simulator; publishes the events. */
export async function createWorkOrder(deps: AppDeps, user: SessionUser, input: NewOrderInput): Promise<WorkOrder> {
  return withTransaction(deps.pool, async (client) => {
    const ch = new Changes();
    const { workOrderId } = await insertOrder(deps, client, user, input, ch);
    const out = await publishChanges(deps, client, ch);
    return out.get(workOrderId)!;
  });
}

/** The states an order may be filtered by, for the route schema. */
export const isWorkOrderState = (s: string): s is WorkOrderState => (WORK_ORDER_STATES as readonly string[]).includes(s);

