/** SQL for dispatch: open faults with their received work orders, crews, open orders per crew, proposals, assignment writes. */
import type pg from 'pg';

type Db = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** Work-order states in which a crew is booked. */
export const OPEN_STATES = ['assigned', 'en_route', 'on_site'] as const;

/** An open fault whose work order waits for a crew. */
export interface OpenFaultRow {
  faultId: number;
  workOrderId: number;
  kind: string;
  priority: number;
  reportedAt: Date;
  lng: number;
  lat: number;
}

/**
 * Open faults (`status = 'open'`) with their work orders in state `received`, most urgent first, at most `limit`;
 * of an incident only the lowest open order (its crew takes the others along).
 */
export async function openFaults(db: Db, limit: number): Promise<OpenFaultRow[]> {
  const { rows } = await db.query<{ fault_id: string; wo_id: string; kind: string; priority: number; reported_at: Date; lng: number; lat: number }>(
    `SELECT f.id AS fault_id, w.id AS wo_id, f.kind::text AS kind, f.priority, f.reported_at, ST_X(f.geom) AS lng, ST_Y(f.geom) AS lat
       FROM faults f JOIN work_orders w ON w.fault_id = f.id
      WHERE f.status = 'open' AND w.state = 'received'
        -- one crew per incident: only its lowest open order is planned, the others follow it
        AND NOT EXISTS (SELECT 1 FROM work_orders o WHERE w.incident_id IS NOT NULL AND o.incident_id = w.incident_id AND o.id < w.id
                          AND o.state IN ('received', 'assigned', 'en_route', 'on_site'))
      ORDER BY f.priority, f.reported_at, w.id
      LIMIT $1`,
    [limit],
  );
  return rows.map((r) => ({ faultId: Number(r.fault_id), workOrderId: Number(r.wo_id), kind: r.kind, priority: r.priority, reportedAt: r.reported_at, lng: r.lng, lat: r.lat }));
}

/** A crew as the planner sees it. Shift times are local `HH:MM:SS`. */
export interface CrewRow {
  id: number;
  code: string;
  skills: string[];
  status: string;
  shiftStart: string;
  shiftEnd: string;
  position: [number, number];
  depot: [number, number];
}

/** Crews not off shift (status available, en_route or on_site), by id. */
export async function activeCrews(db: Db): Promise<CrewRow[]> {
  const { rows } = await db.query<{ id: number; code: string; skills: string[]; status: string; shift_start: string; shift_end: string; px: number; py: number; dx: number; dy: number }>(
    `SELECT id, code, skills, status::text AS status, shift_start::text AS shift_start, shift_end::text AS shift_end,
            ST_X(position) AS px, ST_Y(position) AS py, ST_X(depot) AS dx, ST_Y(depot) AS dy
       FROM crews WHERE status <> 'off_shift' ORDER BY id`,
  );
  return rows.map((r) => ({ id: r.id, code: r.code, skills: r.skills, status: r.status, shiftStart: r.shift_start, shiftEnd: r.shift_end, position: [r.px, r.py], depot: [r.dx, r.dy] }));
}

/** An open work order held by a crew. */
export interface CrewOrderRow {
  workOrderId: number;
  crewId: number;
  state: string;
  kind: string;
  lng: number;
  lat: number;
}

/** The open work orders (assigned, en route, on site) of the given crews, in the order they were assigned. */
export async function openOrdersOfCrews(db: Db, crewIds: readonly number[]): Promise<CrewOrderRow[]> {
  if (crewIds.length === 0) return [];
  const { rows } = await db.query<{ id: string; crew_id: number; state: string; kind: string; lng: number; lat: number }>(
    `SELECT w.id, w.crew_id, w.state::text AS state, f.kind::text AS kind, ST_X(f.geom) AS lng, ST_Y(f.geom) AS lat
       FROM work_orders w JOIN faults f ON f.id = w.fault_id
      WHERE w.crew_id = ANY($1::int[]) AND w.state IN ('assigned', 'en_route', 'on_site')
      ORDER BY w.crew_id, w.assigned_at NULLS FIRST, w.id`,
    [crewIds],
  );
  return rows.map((r) => ({ workOrderId: Number(r.id), crewId: r.crew_id, state: r.state, kind: r.kind, lng: r.lng, lat: r.lat }));
}

/** Stores a proposal; resolves to its id and timestamps. */
export async function insertProposal(db: Db, userId: number, payload: unknown, ttlSeconds: number): Promise<{ id: number; createdAt: Date; expiresAt: Date }> {
  const { rows } = await db.query<{ id: string; created_at: Date; expires_at: Date }>(
    `INSERT INTO dispatch_proposals (created_by, payload, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))
     RETURNING id, created_at, expires_at`,
    [userId, JSON.stringify(payload), ttlSeconds],
  );
  return { id: Number(rows[0].id), createdAt: rows[0].created_at, expiresAt: rows[0].expires_at };
}

/** A stored proposal, or undefined. `expired` is judged by the database clock. */
export async function getProposal(db: Db, id: number): Promise<{ id: number; createdBy: number | null; payload: unknown; expired: boolean } | undefined> {
  const { rows } = await db.query<{ id: string; created_by: number | null; payload: unknown; expired: boolean }>(
    'SELECT id, created_by, payload, expires_at <= now() AS expired FROM dispatch_proposals WHERE id = $1',
    [id],
  );
  return rows[0] && { id: Number(rows[0].id), createdBy: rows[0].created_by, payload: rows[0].payload, expired: rows[0].expired };
}

/** A crew row locked for the rest of the transaction. */
export interface LockedCrew {
  id: number;
  code: string;
  skills: string[];
  status: string;
}

/** Locks the crews (`FOR UPDATE`, in id order so that concurrent applies cannot deadlock); missing ids are absent. */
export async function lockCrews(client: pg.PoolClient, ids: readonly number[]): Promise<LockedCrew[]> {
  const { rows } = await client.query<LockedCrew>(
    'SELECT id, code, skills, status::text AS status FROM crews WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE',
    [ids],
  );
  return rows;
}

/** A work order locked for the rest of the transaction, with its fault's kind. */
export interface LockedWorkOrder {
  id: number;
  faultId: number;
  state: string;
  crewId: number | null;
  kind: string;
}

/** Locks the work orders (`FOR UPDATE`, in id order; after the crews); missing ids are absent. */
export async function lockWorkOrders(client: pg.PoolClient, ids: readonly number[]): Promise<LockedWorkOrder[]> {
  const { rows } = await client.query<{ id: string; fault_id: string; state: string; crew_id: number | null; kind: string }>(
    `SELECT w.id, w.fault_id, w.state::text AS state, w.crew_id, f.kind::text AS kind
       FROM work_orders w JOIN faults f ON f.id = w.fault_id
      WHERE w.id = ANY($1::bigint[]) ORDER BY w.id FOR UPDATE OF w`,
    [ids],
  );
  return rows.map((r) => ({ id: Number(r.id), faultId: Number(r.fault_id), state: r.state, crewId: r.crew_id, kind: r.kind }));
}

/**
 * Gives a work order to a crew: state `assigned`, crew, `assigned_at = now()`, version + 1, a transition row
 * (from `fromState`, by `userId`, with `reason`) and the fault's status `assigned`. Use the transaction's client.
 */
export async function assignWorkOrder(
  client: pg.PoolClient,
  a: { workOrderId: number; faultId: number; crewId: number; fromState: string; userId: number; reason: string },
): Promise<void> {
  await client.query(
    `UPDATE work_orders SET state = 'assigned', crew_id = $2, assigned_at = now(), version = version + 1 WHERE id = $1`,
    [a.workOrderId, a.crewId],
  );
  await client.query(
    `INSERT INTO work_order_transitions (work_order_id, from_state, to_state, reason, user_id) VALUES ($1, $2, 'assigned', $3, $4)`,
    [a.workOrderId, a.fromState, a.reason, a.userId],
  );
  await client.query(`UPDATE faults SET status = 'assigned' WHERE id = $1 AND status = 'open'`, [a.faultId]);
}

/** The crew of a work order (null: none), or undefined when the order does not exist. Not locked. */
export async function workOrderCrew(db: Db, id: number): Promise<number | null | undefined> {
  const { rows } = await db.query<{ crew_id: number | null }>('SELECT crew_id FROM work_orders WHERE id = $1', [id]);
  return rows.length === 0 ? undefined : rows[0].crew_id;
}

/** The incident of a work order (null: none). */
export async function incidentOf(db: Db, workOrderId: number): Promise<number | null> {
  const { rows } = await db.query<{ incident_id: number | null }>('SELECT incident_id FROM work_orders WHERE id = $1', [workOrderId]);
  return rows[0]?.incident_id == null ? null : Number(rows[0].incident_id);
}
