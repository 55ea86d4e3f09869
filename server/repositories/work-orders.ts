/**
 * SQL for work orders as the dispatcher sees them: the joined view (fault, crew, grid of the active plan, report
 * ticket), their transitions, state changes with their timestamps, and new faults with their orders.
 */
import type pg from 'pg';

type Db = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** A work order row of the joined view. Times are Dates or null. */
export interface WorkOrderRow {
  id: number;
  faultId: number;
  incidentId: number | null;
  state: string;
  priority: number;
  kind: string;
  source: string;
  description: string | null;
  lng: number;
  lat: number;
  h3: string;
  gridId: number | null;
  gridName: string | null;
  crewId: number | null;
  crewCode: string | null;
  mutualAid: boolean;
  receivedAt: Date;
  assignedAt: Date | null;
  enRouteAt: Date | null;
  onSiteAt: Date | null;
  resolvedAt: Date | null;
  followUpAt: Date | null;
  closedAt: Date | null;
  etaAt: Date | null;
  satisfaction: number | null;
  complaint: boolean;
  ticket: string | null;
  version: number;
}

// grid of a point: the active plan's grid whose geometry holds it (lowest id on a shared edge)
const gridOf = (point: string): string =>
  `SELECT g.id, g.name FROM grids g JOIN plans p ON p.id = g.plan_id
    WHERE p.is_active AND g.geom IS NOT NULL AND ST_Intersects(g.geom, ${point}) ORDER BY g.id LIMIT 1`;

const VIEW = `
  SELECT w.id, w.fault_id, w.incident_id, w.state::text AS state, w.priority, f.kind::text AS kind, f.source, f.description,
         ST_X(f.geom) AS lng, ST_Y(f.geom) AS lat, w.h3, g.id AS grid_id, g.name AS grid_name, w.crew_id, c.code AS crew_code,
         (g.id IS NOT NULL AND hg.id IS NOT NULL AND g.id <> hg.id) AS mutual_aid,
         w.received_at, w.assigned_at, w.en_route_at, w.on_site_at, w.resolved_at, w.follow_up_at, w.closed_at, w.eta_at,
         w.satisfaction, w.complaint, r.ticket, w.version
    FROM work_orders w
    JOIN faults f ON f.id = w.fault_id
    LEFT JOIN crews c ON c.id = w.crew_id
    LEFT JOIN reports r ON r.work_order_id = w.id
    LEFT JOIN LATERAL (${gridOf('f.geom')}) g ON true
    LEFT JOIN LATERAL (${gridOf('c.depot')}) hg ON c.id IS NOT NULL`;

interface ViewRow {
  id: number;
  fault_id: number;
  incident_id: number | null;
  state: string;
  priority: number;
  kind: string;
  source: string;
  description: string | null;
  lng: number;
  lat: number;
  h3: string;
  grid_id: number | null;
  grid_name: string | null;
  crew_id: number | null;
  crew_code: string | null;
  mutual_aid: boolean;
  received_at: Date;
  assigned_at: Date | null;
  en_route_at: Date | null;
  on_site_at: Date | null;
  resolved_at: Date | null;
  follow_up_at: Date | null;
  closed_at: Date | null;
  eta_at: Date | null;
  satisfaction: number | null;
  complaint: boolean;
  ticket: string | null;
  version: number;
}

const toRow = (r: ViewRow): WorkOrderRow => ({
  id: Number(r.id),
  faultId: Number(r.fault_id),
  incidentId: r.incident_id === null ? null : Number(r.incident_id),
  state: r.state,
  priority: r.priority,
  kind: r.kind,
  source: r.source,
  description: r.description,
  lng: r.lng,
  lat: r.lat,
  h3: r.h3,
  gridId: r.grid_id,
  gridName: r.grid_name,
  crewId: r.crew_id,
  crewCode: r.crew_code,
  mutualAid: r.mutual_aid,
  receivedAt: r.received_at,
  assignedAt: r.assigned_at,
  enRouteAt: r.en_route_at,
  onSiteAt: r.on_site_at,
  resolvedAt: r.resolved_at,
  followUpAt: r.follow_up_at,
  closedAt: r.closed_at,
  etaAt: r.eta_at,
  satisfaction: r.satisfaction,
  complaint: r.complaint,
  ticket: r.ticket,
  version: r.version,
});

/** Filters of `listWorkOrders`. */
export interface WorkOrderFilter {
  /** states to return; null: every state */
  states: readonly string[] | null;
  priorities?: readonly number[];
  gridId?: number;
  /** fault kinds to return (from a skill) */
  kinds?: readonly string[];
  limit: number;
}

/**
 * Work orders matching the filter. Open lists (every state given) come most urgent first (priority, then
 * longest waiting); lists including closed orders newest first.
 */
export async function listWorkOrders(db: Db, f: WorkOrderFilter): Promise<WorkOrderRow[]> {
  const where: string[] = [];
  const args: unknown[] = [];
  const arg = (v: unknown): string => {
    args.push(v);
    return `$${args.length}`;
  };
  if (f.states) where.push(`w.state = ANY(${arg(f.states)}::work_order_state[])`);
  if (f.priorities?.length) where.push(`w.priority = ANY(${arg(f.priorities)}::smallint[])`);
  if (f.kinds) where.push(`f.kind = ANY(${arg(f.kinds)}::fault_kind[])`);
  if (f.gridId !== undefined) where.push(`g.id = ${arg(f.gridId)}`);
  const closedToo = !f.states || f.states.includes('closed') || f.states.includes('cancelled');
  const order = closedToo ? 'w.received_at DESC, w.id DESC' : 'w.priority, w.received_at, w.id';
  const { rows } = await db.query<ViewRow>(`${VIEW} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ${arg(f.limit)}`, args);
  return rows.map(toRow);
}

/** Work orders by id (any order); missing ids are absent. */
export async function getWorkOrders(db: Db, ids: readonly number[]): Promise<WorkOrderRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<ViewRow>(`${VIEW} WHERE w.id = ANY($1::bigint[]) ORDER BY w.id`, [ids]);
  return rows.map(toRow);
}

/** One transition of an order's history. */
export interface TransitionRow {
  from: string | null;
  to: string;
  reason: string | null;
  user: string | null;
  at: Date;
}

/** The transitions of a work order, oldest first, with the username of who made each. */
export async function transitionsOf(db: Db, workOrderId: number): Promise<TransitionRow[]> {
  const { rows } = await db.query<{ from_state: string | null; to_state: string; reason: string | null; username: string | null; at: Date }>(
    `SELECT t.from_state::text AS from_state, t.to_state::text AS to_state, t.reason, u.username, t.at
       FROM work_order_transitions t LEFT JOIN users u ON u.id = t.user_id
      WHERE t.work_order_id = $1 ORDER BY t.at, t.id`,
    [workOrderId],
  );
  return rows.map((r) => ({ from: r.from_state, to: r.to_state, reason: r.reason, user: r.username, at: r.at }));
}

/** A work order locked for a transition. */
export interface LockedOrder {
  id: number;
  faultId: number;
  state: string;
  crewId: number | null;
  incidentId: number | null;
  kind: string;
  version: number;
  lng: number;
  lat: number;
}

/** Locks work orders (`FOR UPDATE OF w`, id order); missing ids are absent. */
export async function lockOrders(client: pg.PoolClient, ids: readonly number[]): Promise<LockedOrder[]> {
  const { rows } = await client.query<{ id: number; fault_id: number; state: string; crew_id: number | null; incident_id: number | null; kind: string; version: number; lng: number; lat: number }>(
    `SELECT w.id, w.fault_id, w.state::text AS state, w.crew_id, w.incident_id, f.kind::text AS kind, w.version, ST_X(f.geom) AS lng, ST_Y(f.geom) AS lat
       FROM work_orders w JOIN faults f ON f.id = w.fault_id
      WHERE w.id = ANY($1::bigint[]) ORDER BY w.id FOR UPDATE OF w`,
    [ids],
  );
  return rows.map((r) => ({ id: Number(r.id), faultId: Number(r.fault_id), state: r.state, crewId: r.crew_id, incidentId: r.incident_id === null ? null : Number(r.incident_id), kind: r.kind, version: r.version, lng: r.lng, lat: r.lat }));
}

/** The timestamp column set when an order enters a state (none for received, escalated, cancelled). */
const STATE_COLUMN: Record<string, string | undefined> = {
  assigned: 'assigned_at',
  en_route: 'en_route_at',
  on_site: 'on_site_at',
  resolved: 'resolved_at',
  follow_up: 'follow_up_at',
  closed: 'closed_at',
};

/** `faults.status` that goes with a work-order state. */
export const FAULT_STATUS: Record<string, string> = {
  received: 'open',
  escalated: 'open',
  assigned: 'assigned',
  en_route: 'assigned',
  on_site: 'assigned',
  resolved: 'resolved',
  follow_up: 'resolved',
  closed: 'resolved',
  cancelled: 'cancelled',
};

/** One state change to write. `crewId`: undefined keeps the crew, null clears it. */
export interface StateChange {
  workOrderId: number;
  faultId: number;
  from: string;
  to: string;
  userId: number | null;
  reason: string | null;
  crewId?: number | null;
  etaAt?: Date | null;
  satisfaction?: number;
  complaint?: boolean;
}

/**
 * Writes a state change: state, its timestamp column (now), crew, ETA, follow-up fields, version + 1, the
 * transition row (who, when, why) and the fault's status. Use the transaction's client.
 */
export async function changeState(client: pg.PoolClient, c: StateChange): Promise<void> {
  const sets = ['state = $2::work_order_state', 'version = version + 1'];
  const args: unknown[] = [c.workOrderId, c.to];
  const arg = (v: unknown): string => {
    args.push(v);
    return `$${args.length}`;
  };
  const col = STATE_COLUMN[c.to];
  if (col) sets.push(`${col} = now()`);
  if (c.to === 'received') sets.push('assigned_at = NULL');
  if (c.crewId !== undefined) sets.push(`crew_id = ${arg(c.crewId)}`);
  if (c.etaAt !== undefined) sets.push(`eta_at = ${arg(c.etaAt)}`);
  if (c.satisfaction !== undefined) sets.push(`satisfaction = ${arg(c.satisfaction)}`);
  if (c.complaint !== undefined) sets.push(`complaint = ${arg(c.complaint)}`);
  await client.query(`UPDATE work_orders SET ${sets.join(', ')} WHERE id = $1`, args);
  await client.query(
    `INSERT INTO work_order_transitions (work_order_id, from_state, to_state, reason, user_id) VALUES ($1, $2, $3, $4, $5)`,
    [c.workOrderId, c.from, c.to, c.reason, c.userId],
  );
  await client.query(`UPDATE faults SET status = $2 WHERE id = $1`, [c.faultId, FAULT_STATUS[c.to]]);
}

/** A new fault and its received work order. */
export interface NewFault {
  kind: string;
  priority: number;
  source: 'report' | 'simulation' | 'manual';
  description: string | null;
  lng: number;
  lat: number;
  /** H3 cell at resolution 9 */
  h3: string;
  userId: number | null;
  reason: string;
}

/**
 * Inserts a fault (status open, reported now, district and nearest customer-free location), its work order in
 * state `received` and the creation transition (from null). Resolves to the ids.
 */
export async function insertFault(client: pg.PoolClient, f: NewFault): Promise<{ faultId: number; workOrderId: number }> {
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO faults (reported_at, kind, priority, status, source, h3, district_id, description, geom)
     SELECT now(), $1, $2, 'open', $3, $4,
            (SELECT d.id FROM districts d WHERE ST_Intersects(d.geom, p.pt) ORDER BY d.id LIMIT 1), $5, p.pt
       FROM (SELECT ST_SetSRID(ST_MakePoint($6, $7), 4326) AS pt) p
     RETURNING id`,
    [f.kind, f.priority, f.source, f.h3, f.description, f.lng, f.lat],
  );
  const faultId = Number(rows[0].id);
  const w = await client.query<{ id: number }>(
    `INSERT INTO work_orders (fault_id, state, priority, h3, received_at) VALUES ($1, 'received', $2, $3, now()) RETURNING id`,
    [faultId, f.priority, f.h3],
  );
  const workOrderId = Number(w.rows[0].id);
  await client.query(
    `INSERT INTO work_order_transitions (work_order_id, from_state, to_state, reason, user_id) VALUES ($1, NULL, 'received', $2, $3)`,
    [workOrderId, f.reason, f.userId],
  );
  return { faultId, workOrderId };
}

/** Open orders (assigned, en route, on site) of a crew other than `exceptId`, in the order they were assigned. */
export async function otherOpenOrders(db: Db, crewId: number, exceptIds: readonly number[]): Promise<{ id: number; state: string }[]> {
  const { rows } = await db.query<{ id: number; state: string }>(
    `SELECT id, state::text AS state FROM work_orders
      WHERE crew_id = $1 AND state IN ('assigned', 'en_route', 'on_site') AND NOT (id = ANY($2::bigint[]))
      ORDER BY assigned_at NULLS FIRST, id`,
    [crewId, exceptIds],
  );
  return rows.map((r) => ({ id: Number(r.id), state: r.state }));
}
