/** SQL for incidents: grouping a new fault, members, the probable cause (members' centre) and split/merge writes. */
import type pg from 'pg';

type Db = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** An incident with its members. */
export interface IncidentRow {
  id: number;
  lng: number;
  lat: number;
  radiusM: number;
  workOrderIds: number[];
  firstAt: Date;
  lastAt: Date;
  /** best (lowest) priority of the members; null without members */
  priority: number | null;
  state: string;
}

const VIEW = `
  SELECT i.id, ST_X(i.geom) AS lng, ST_Y(i.geom) AS lat, i.radius_m, i.first_at, i.last_at, i.state,
         coalesce(m.ids, '{}') AS ids, m.priority
    FROM incidents i
    LEFT JOIN LATERAL (SELECT array_agg(w.id ORDER BY w.id) AS ids, min(w.priority) AS priority
                         FROM work_orders w WHERE w.incident_id = i.id) m ON true`;

interface ViewRow {
  id: number;
  lng: number;
  lat: number;
  radius_m: number;
  first_at: Date;
  last_at: Date;
  state: string;
  ids: (number | string)[];
  priority: number | null;
}

const toRow = (r: ViewRow): IncidentRow => ({
  id: Number(r.id),
  lng: r.lng,
  lat: r.lat,
  radiusM: r.radius_m,
  workOrderIds: r.ids.map(Number),
  firstAt: r.first_at,
  lastAt: r.last_at,
  priority: r.priority,
  state: r.state,
});

/** Incidents in `state` (or all), newest report first, at most `limit`. */
export async function listIncidents(db: Db, state: 'open' | 'closed' | null, limit: number): Promise<IncidentRow[]> {
  const { rows } = await db.query<ViewRow>(`${VIEW} WHERE ($1::text IS NULL OR i.state = $1) ORDER BY i.last_at DESC, i.id DESC LIMIT $2`, [state, limit]);
  return rows.map(toRow);
}

/** Incidents by id; missing ids are absent. */
export async function getIncidents(db: Db, ids: readonly number[]): Promise<IncidentRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<ViewRow>(`${VIEW} WHERE i.id = ANY($1::bigint[]) ORDER BY i.id`, [ids]);
  return rows.map(toRow);
}

/** Locks incidents (id order); resolves to the ids found with their state. */
export async function lockIncidents(client: pg.PoolClient, ids: readonly number[]): Promise<{ id: number; state: string }[]> {
  const { rows } = await client.query<{ id: number; state: string }>('SELECT id, state FROM incidents WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE', [ids]);
  return rows.map((r) => ({ id: Number(r.id), state: r.state }));
}

/**
 * Where a new fault at (lng, lat) belongs: the nearest open incident whose cause or an open member lies within
 * `radiusM` and whose latest report is within `windowMin` minutes (`incidentId`), else the nearest open,
 * ungrouped order of a grouped kind received within the window and radius (`incidentId` null, `workOrderId`
 * that order), else undefined. Not locked (callers lock what they change). Uses the geometry GiST indexes.
 */
export async function findGroup(
  client: pg.PoolClient,
  q: { lng: number; lat: number; radiusM: number; windowMin: number; exceptId: number; kinds: readonly string[] },
): Promise<{ incidentId: number | null; workOrderId: number } | undefined> {
  const pt = 'ST_SetSRID(ST_MakePoint($1, $2), 4326)';
  // degrees bound for the index (1° latitude ≈ 111 km; longitude degrees are shorter, so this over-covers)
  const deg = q.radiusM / 111_000 / Math.cos((q.lat * Math.PI) / 180);
  const inc = await client.query<{ id: number }>(
    `SELECT i.id FROM incidents i
      WHERE i.state = 'open' AND i.last_at > now() - make_interval(mins => $4)
        AND (ST_DWithin(i.geom::geography, ${pt}::geography, $3)
             OR EXISTS (SELECT 1 FROM work_orders w JOIN faults f ON f.id = w.fault_id
                         WHERE w.incident_id = i.id AND w.state IN ('received', 'assigned', 'en_route', 'on_site')
                           AND ST_DWithin(f.geom::geography, ${pt}::geography, $3)))
        AND ST_DWithin(i.geom, ${pt}, $5::float8 * 2)
      ORDER BY i.geom <-> ${pt} LIMIT 1`,
    [q.lng, q.lat, q.radiusM, q.windowMin, deg],
  );
  if (inc.rows[0]) return { incidentId: Number(inc.rows[0].id), workOrderId: 0 };
  const wo = await client.query<{ id: number }>(
    `SELECT w.id FROM faults f JOIN work_orders w ON w.fault_id = f.id
      WHERE ST_DWithin(f.geom, ${pt}, $5::float8) AND ST_DWithin(f.geom::geography, ${pt}::geography, $3)
        AND f.status IN ('open', 'assigned') AND f.kind = ANY($6::fault_kind[])
        AND w.incident_id IS NULL AND w.id <> $7
        AND w.state IN ('received', 'assigned', 'en_route', 'on_site')
        AND w.received_at > now() - make_interval(mins => $4)
      ORDER BY f.geom <-> ${pt} LIMIT 1`,
    [q.lng, q.lat, q.radiusM, q.windowMin, deg, q.kinds, q.exceptId],
  );
  return wo.rows[0] ? { incidentId: null, workOrderId: Number(wo.rows[0].id) } : undefined;
}

/** Creates an open incident caused at (lng, lat) (refined by `refreshIncident`); resolves to its id. */
export async function insertIncident(client: pg.PoolClient, lng: number, lat: number): Promise<number> {
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO incidents (first_at, last_at, geom, substation_id)
     SELECT now(), now(), p.pt, (SELECT s.id FROM substations s ORDER BY s.geom <-> p.pt LIMIT 1)
       FROM (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS pt) p
     RETURNING id`,
    [lng, lat],
  );
  return Number(rows[0].id);
}

/** Creates an open incident at the fault of a work order (refined by `refreshIncident`); resolves to its id. */
export async function insertIncidentAtOrder(client: pg.PoolClient, workOrderId: number): Promise<number> {
  const { rows } = await client.query<{ lng: number; lat: number }>(
    'SELECT ST_X(f.geom) AS lng, ST_Y(f.geom) AS lat FROM work_orders w JOIN faults f ON f.id = w.fault_id WHERE w.id = $1',
    [workOrderId],
  );
  return insertIncident(client, rows[0].lng, rows[0].lat);
}

/** Puts work orders into an incident (null: out of any). */
export async function setIncident(db: Db, workOrderIds: readonly number[], incidentId: number | null): Promise<void> {
  await db.query('UPDATE work_orders SET incident_id = $2, version = version + 1 WHERE id = ANY($1::bigint[])', [workOrderIds, incidentId]);
}

/** The work orders of an incident, by id. */
export async function memberIds(db: Db, incidentId: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM work_orders WHERE incident_id = $1 ORDER BY id', [incidentId]);
  return rows.map((r) => Number(r.id));
}

/** The most advanced member under way (on site, en route, assigned) with its crew, or undefined. */
export async function leadUnderWay(db: Db, incidentId: number): Promise<{ id: number; state: string; crewId: number } | undefined> {
  const { rows } = await db.query<{ id: number; state: string; crew_id: number }>(
    `SELECT id, state::text AS state, crew_id FROM work_orders
      WHERE incident_id = $1 AND state IN ('assigned', 'en_route', 'on_site') AND crew_id IS NOT NULL
      ORDER BY array_position(ARRAY['on_site', 'en_route', 'assigned']::work_order_state[], state), id LIMIT 1`,
    [incidentId],
  );
  return rows[0] && { id: Number(rows[0].id), state: rows[0].state, crewId: rows[0].crew_id };
}

/**
 * Recomputes an incident from its members: probable cause = priority-weighted centre of the members' faults
 * (P1 weighs 4, P4 weighs 1), radius = farthest member from it (metres), first/last report, and closed when no
 * member is open (received, assigned, en route, on site, escalated) or it has none.
 */
export async function refreshIncident(db: Db, id: number): Promise<void> {
  await db.query(
    `WITH m AS (
       SELECT f.geom, 5 - w.priority AS wt, w.received_at, w.state FROM work_orders w JOIN faults f ON f.id = w.fault_id WHERE w.incident_id = $1
     ), c AS (
       SELECT ST_SetSRID(ST_MakePoint(sum(ST_X(geom) * wt) / sum(wt), sum(ST_Y(geom) * wt) / sum(wt)), 4326) AS pt,
              min(received_at) AS first_at, max(received_at) AS last_at,
              bool_or(state IN ('received', 'assigned', 'en_route', 'on_site', 'escalated')) AS open
         FROM m HAVING count(*) > 0
     )
     UPDATE incidents i SET
       geom = coalesce(c.pt, i.geom),
       radius_m = coalesce((SELECT max(ST_Distance(m.geom::geography, c.pt::geography)) FROM m), 0),
       first_at = coalesce(c.first_at, i.first_at),
       last_at = coalesce(c.last_at, i.last_at),
       state = CASE WHEN coalesce(c.open, false) THEN 'open' ELSE 'closed' END
     FROM (SELECT 1) one LEFT JOIN c ON true
     WHERE i.id = $1`,
    [id],
  );
}

/** Moves every member of `others` into `target` and closes `others` as merged. */
export async function mergeIncidents(client: pg.PoolClient, target: number, others: readonly number[]): Promise<number[]> {
  const { rows } = await client.query<{ id: number }>(
    'UPDATE work_orders SET incident_id = $1, version = version + 1 WHERE incident_id = ANY($2::bigint[]) RETURNING id',
    [target, others],
  );
  await client.query(`UPDATE incidents SET state = 'closed', merged_into = $1 WHERE id = ANY($2::bigint[])`, [target, others]);
  return rows.map((r) => Number(r.id));
}
