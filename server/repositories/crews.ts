/** SQL for crews as the live map shows them: position, status, home grid, current order and route. */
import type pg from 'pg';

type Db = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** A crew row for the live map. */
export interface CrewViewRow {
  id: number;
  code: string;
  name: string;
  skills: string[];
  status: string;
  lng: number;
  lat: number;
  headingDeg: number | null;
  homeGridId: number | null;
  workOrderId: number | null;
  route: [number, number][] | null;
  routeEtaAt: Date | null;
  /** local (UTC+8) shift times `HH:MM:SS`; equal = round the clock */
  shiftStart: string;
  shiftEnd: string;
  updatedAt: Date;
}

const VIEW = `
  SELECT c.id, c.code, c.name, c.skills, c.status::text AS status, ST_X(c.position) AS lng, ST_Y(c.position) AS lat, c.heading_deg,
         hg.id AS home_grid_id, wo.id AS work_order_id, c.route, c.route_eta_at, c.shift_start::text AS shift_start, c.shift_end::text AS shift_end, c.updated_at
    FROM crews c
    LEFT JOIN LATERAL (SELECT g.id FROM grids g JOIN plans p ON p.id = g.plan_id
                        WHERE p.is_active AND g.geom IS NOT NULL AND ST_Intersects(g.geom, c.depot) ORDER BY g.id LIMIT 1) hg ON true
    -- the order the crew works on now: on site before en route before assigned, then the earliest assigned
    LEFT JOIN LATERAL (SELECT w.id FROM work_orders w WHERE w.crew_id = c.id AND w.state IN ('assigned', 'en_route', 'on_site')
                        ORDER BY array_position(ARRAY['on_site', 'en_route', 'assigned']::work_order_state[], w.state), w.assigned_at NULLS FIRST, w.id LIMIT 1) wo ON true`;

interface ViewRow {
  id: number;
  code: string;
  name: string;
  skills: string[];
  status: string;
  lng: number;
  lat: number;
  heading_deg: number | null;
  home_grid_id: number | null;
  work_order_id: number | null;
  route: [number, number][] | null;
  route_eta_at: Date | null;
  shift_start: string;
  shift_end: string;
  updated_at: Date;
}

const toRow = (r: ViewRow): CrewViewRow => ({
  id: r.id,
  code: r.code,
  name: r.name,
  skills: r.skills,
  status: r.status,
  lng: r.lng,
  lat: r.lat,
  headingDeg: r.heading_deg,
  homeGridId: r.home_grid_id,
  workOrderId: r.work_order_id === null ? null : Number(r.work_order_id),
  route: r.route,
  routeEtaAt: r.route_eta_at,
  shiftStart: r.shift_start,
  shiftEnd: r.shift_end,
  updatedAt: r.updated_at,
});

/** Every crew, by id. */
export async function listCrews(db: Db): Promise<CrewViewRow[]> {
  const { rows } = await db.query<ViewRow>(`${VIEW} ORDER BY c.id`);
  return rows.map(toRow);
}

/** Crews by id; missing ids are absent. */
export async function getCrews(db: Db, ids: readonly number[]): Promise<CrewViewRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<ViewRow>(`${VIEW} WHERE c.id = ANY($1::int[]) ORDER BY c.id`, [ids]);
  return rows.map(toRow);
}

/** Sets a crew's status (and `updated_at`). */
export async function setCrewStatus(db: Db, crewId: number, status: string): Promise<void> {
  await db.query(`UPDATE crews SET status = $2::crew_status, updated_at = now() WHERE id = $1`, [crewId, status]);
}

/** Sets (or with null clears) the route a crew drives and its arrival. */
export async function setCrewRoute(db: Db, crewId: number, route: [number, number][] | null, etaAt: Date | null): Promise<void> {
  await db.query(`UPDATE crews SET route = $2, route_eta_at = $3, updated_at = now() WHERE id = $1`, [crewId, route === null ? null : JSON.stringify(route), etaAt]);
}

/** Moves a crew to a point (its heading too when given). */
export async function setCrewPosition(db: Db, crewId: number, lng: number, lat: number, headingDeg: number | null | undefined): Promise<void> {
  await db.query(
    `UPDATE crews SET position = ST_SetSRID(ST_MakePoint($2, $3), 4326), heading_deg = CASE WHEN $5 THEN $4::real ELSE heading_deg END, updated_at = now() WHERE id = $1`,
    [crewId, lng, lat, headingDeg ?? null, headingDeg !== undefined],
  );
}

/** Locks one crew row; resolves to its status and skills, or undefined. */
export async function lockCrew(client: pg.PoolClient, crewId: number): Promise<{ id: number; code: string; status: string; skills: string[]; lng: number; lat: number } | undefined> {
  const { rows } = await client.query<{ id: number; code: string; status: string; skills: string[]; lng: number; lat: number }>(
    `SELECT id, code, status::text AS status, skills, ST_X(position) AS lng, ST_Y(position) AS lat FROM crews WHERE id = $1 FOR UPDATE`,
    [crewId],
  );
  return rows[0];
}
