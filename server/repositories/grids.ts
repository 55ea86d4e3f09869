/**
 * SQL for the territory view's grid endpoints: grids with their weights and extent, a grid's res-9 cells with
 * fault rates and trends, hotspots, open work orders and crews inside a grid.
 */
import type pg from 'pg';
import type { GridCells as GridCellColumns, GridCrew, Grid as GridSummary, GridWorkOrder, Hotspots } from '../../contracts/territory.ts';
import { gridCellsSql } from './territory.ts';

export type { GridCellColumns, GridCrew, GridSummary, GridWorkOrder, Hotspots };

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

interface GridSqlRow {
  id: number;
  plan_id: number;
  idx: number;
  name: string;
  manager_id: number | null;
  manager_name: string | null;
  customers: number | null;
  load_kw: number | null;
  faults_12m: number | null;
  cells: number | null;
  w: number | null;
  s: number | null;
  e: number | null;
  n: number | null;
  cx: number | null;
  cy: number | null;
  geometry?: unknown;
}

// Weights: from territory_grids for the active plan (the same customers the KPIs divide by), from the plan's
// stored grid stats otherwise.
const GRID_SELECT = `SELECT g.id, g.plan_id, g.idx, g.name, g.manager_id, m.name AS manager_name,
       COALESCE(tg.customers, (g.stats->>'customers')::float8)::float8 AS customers,
       COALESCE(tg.load_kw, (g.stats->>'load')::float8)::float8 AS load_kw,
       COALESCE(tg.faults_12m, (g.stats->>'faults')::float8)::float8 AS faults_12m,
       (SELECT count(*) FROM grid_cells gc WHERE gc.grid_id = g.id)::float8 AS cells,
       ST_XMin(g.geom) AS w, ST_YMin(g.geom) AS s, ST_XMax(g.geom) AS e, ST_YMax(g.geom) AS n,
       ST_X(ST_Centroid(g.geom)) AS cx, ST_Y(ST_Centroid(g.geom)) AS cy`;
const GRID_FROM = `FROM grids g LEFT JOIN managers m ON m.id = g.manager_id LEFT JOIN territory_grids tg ON tg.grid_id = g.id`;

const r6 = (x: number): number => Math.round(x * 1e6) / 1e6;

function toGrid(r: GridSqlRow): GridSummary {
  return {
    id: r.id,
    planId: r.plan_id,
    idx: r.idx,
    name: r.name,
    managerId: r.manager_id,
    managerName: r.manager_name,
    customers: r.customers ?? 0,
    loadKw: r.load_kw ?? 0,
    faults12m: r.faults_12m ?? 0,
    cells: r.cells ?? 0,
    bbox: r.w === null || r.s === null || r.e === null || r.n === null ? null : [r6(r.w), r6(r.s), r6(r.e), r6(r.n)],
    centroid: r.cx === null || r.cy === null ? null : [r6(r.cx), r6(r.cy)],
  };
}

/** Grids of plan `planId` by idx, only those of manager `managerId` when given. */
export async function listGrids(db: Queryable, planId: number, managerId: number | null): Promise<GridSummary[]> {
  const { rows } = await db.query<GridSqlRow>(
    `${GRID_SELECT} ${GRID_FROM} WHERE g.plan_id = $1 AND ($2::int IS NULL OR g.manager_id = $2) ORDER BY g.idx`,
    [planId, managerId],
  );
  return rows.map(toGrid);
}

/** True when plan `id` exists. */
export async function planExists(db: Queryable, id: number): Promise<boolean> {
  const { rowCount } = await db.query('SELECT 1 FROM plans WHERE id = $1', [id]);
  return (rowCount ?? 0) > 0;
}

/** One grid with its outline as a GeoJSON MultiPolygon (6 decimals), or undefined. */
export async function gridWithGeometry(db: Queryable, id: number): Promise<(GridSummary & { geometry: unknown }) | undefined> {
  const { rows } = await db.query<GridSqlRow>(`${GRID_SELECT}, ST_AsGeoJSON(g.geom, 6)::json AS geometry ${GRID_FROM} WHERE g.id = $1`, [id]);
  const r = rows[0];
  return r && { ...toGrid(r), geometry: r.geometry ?? null };
}

/** The dataset's reference "now" (end of the fault history); the database clock when nothing is seeded. */
export async function referenceNow(db: Queryable): Promise<Date> {
  const { rows } = await db.query<{ now: Date }>('SELECT COALESCE((SELECT reference_now FROM dataset_meta), now()) AS now');
  return rows[0].now;
}

// $1 grid ids, $2 reference now. One row per res-9 cell of the grid with its 90-day fault counts.
const cellStatsSql = (active: boolean): string => `
  SELECT t.h3, COALESCE(c.customers, 0) AS customers, COALESCE(c.load_kw, 0)::float8 AS load_kw, COALESCE(c.faults_12m, 0) AS faults_12m,
         CASE WHEN COALESCE(c.customers, 0) > 0 THEN c.faults_12m * 1000.0 / c.customers ELSE 0 END::float8 AS fault_rate,
         COALESCE(f.recent, 0)::int AS recent, COALESCE(f.previous, 0)::int AS previous,
         (COALESCE(f.recent, 0)::float8 / GREATEST(COALESCE(f.previous, 0), 1)) AS trend,
         ST_X(ST_Centroid(c.geom)) AS lng, ST_Y(ST_Centroid(c.geom)) AS lat
    FROM (${gridCellsSql('$1', active)}) t
    LEFT JOIN cells c ON c.h3 = t.h3
    LEFT JOIN LATERAL (
      SELECT count(*) FILTER (WHERE fa.reported_at >= $2::timestamptz - interval '90 days') AS recent,
             count(*) FILTER (WHERE fa.reported_at < $2::timestamptz - interval '90 days') AS previous
        FROM faults fa
       WHERE fa.h3 = t.h3 AND fa.status <> 'cancelled'
         AND fa.reported_at >= $2::timestamptz - interval '180 days' AND fa.reported_at < $2::timestamptz) f ON true`;

/** The res-9 cells of grids `gridIds` with weights, fault rate and 90-day trend, sorted by H3 index. */
export async function gridCellColumns(db: Queryable, gridIds: readonly number[], active: boolean, now: Date): Promise<GridCellColumns> {
  const { rows } = await db.query<{ h3: string[] | null; customers: number[] | null; load_kw: number[] | null; faults_12m: number[] | null; fault_rate: number[] | null; trend: number[] | null; recent: number[] | null; previous: number[] | null }>(
    `SELECT array_agg(h3 ORDER BY h3) AS h3, array_agg(customers ORDER BY h3) AS customers, array_agg(load_kw ORDER BY h3) AS load_kw,
            array_agg(faults_12m ORDER BY h3) AS faults_12m, array_agg(fault_rate ORDER BY h3) AS fault_rate,
            array_agg(trend ORDER BY h3) AS trend, array_agg(recent ORDER BY h3) AS recent, array_agg(previous ORDER BY h3) AS previous
       FROM (${cellStatsSql(active)}) s`,
    [gridIds, now],
  );
  const r = rows[0];
  return {
    res: 9,
    h3: r.h3 ?? [],
    customers: r.customers ?? [],
    loadKw: r.load_kw ?? [],
    faults12m: r.faults_12m ?? [],
    faultRate: r.fault_rate ?? [],
    trend: r.trend ?? [],
    recent: r.recent ?? [],
    previous: r.previous ?? [],
  };
}

/** A cell needs this many customers to rank by fault rate (a handful of customers gives meaningless rates). */
export const HOTSPOT_MIN_CUSTOMERS = 10;
/** A cell needs this many faults in the last 90 days to count as rising. */
export const RISING_MIN_RECENT = 2;

/** The `limit` highest-rate and fastest-rising cells of grid `gridId`. */
export async function gridHotspots(db: Queryable, gridId: number, active: boolean, now: Date, limit: number): Promise<Hotspots> {
  const { rows } = await db.query<{ highest: Hotspots['highest'] | null; rising: Hotspots['rising'] | null }>(
    `WITH s AS (${cellStatsSql(active)})
     SELECT (SELECT json_agg(json_build_object('h3', h3, 'faultRate', fault_rate, 'faults', faults_12m, 'customers', customers,
                                               'lng', round(lng::numeric, 6), 'lat', round(lat::numeric, 6)) ORDER BY fault_rate DESC, h3)
               FROM (SELECT * FROM s WHERE customers >= ${HOTSPOT_MIN_CUSTOMERS} AND faults_12m > 0 ORDER BY fault_rate DESC, h3 LIMIT $3) a) AS highest,
            (SELECT json_agg(json_build_object('h3', h3, 'trend', trend, 'recent', recent, 'previous', previous,
                                               'lng', round(lng::numeric, 6), 'lat', round(lat::numeric, 6)) ORDER BY trend DESC, recent DESC, h3)
               FROM (SELECT * FROM s WHERE recent >= ${RISING_MIN_RECENT} AND recent > previous ORDER BY trend DESC, recent DESC, h3 LIMIT $3) b) AS rising`,
    [[gridId], now, limit],
  );
  return { highest: rows[0].highest ?? [], rising: rows[0].rising ?? [] };
}

/** States of a work order that is still being handled. */
export const OPEN_STATES = ['received', 'assigned', 'en_route', 'on_site', 'escalated'] as const;

/** Work orders inside grid `gridId`, newest first, only open ones when `open`; at most `limit`. */
export async function gridWorkOrders(db: Queryable, gridId: number, active: boolean, open: boolean, limit: number): Promise<GridWorkOrder[]> {
  const { rows } = await db.query<GridWorkOrder>(
    `SELECT w.id::float8 AS id, w.state::text AS state, w.priority, f.kind::text AS kind,
            round(ST_X(f.geom)::numeric, 6)::float8 AS lng, round(ST_Y(f.geom)::numeric, 6)::float8 AS lat,
            to_char(w.received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS "receivedAt", w.crew_id AS "crewId"
       FROM (${gridCellsSql('$1', active)}) t
       JOIN work_orders w ON w.h3 = t.h3
       JOIN faults f ON f.id = w.fault_id
      WHERE NOT $2::boolean OR w.state::text = ANY($3::text[])
      ORDER BY w.received_at DESC, w.id DESC
      LIMIT $4`,
    [[gridId], open, OPEN_STATES, limit],
  );
  return rows;
}

/** Crews whose position is inside grid `gridId`, and crews working on an open work order of the grid. */
export async function gridCrews(db: Queryable, gridId: number, active: boolean): Promise<GridCrew[]> {
  const { rows } = await db.query<GridCrew>(
    `SELECT c.id, c.code, c.name, c.status::text AS status, round(ST_X(c.position)::numeric, 6)::float8 AS lng,
            round(ST_Y(c.position)::numeric, 6)::float8 AS lat, c.skills
       FROM crews c
      WHERE EXISTS (SELECT 1 FROM grids g WHERE g.id = $1 AND ST_Intersects(g.geom, c.position))
         OR c.id IN (SELECT w.crew_id FROM (${gridCellsSql('$2', active)}) t JOIN work_orders w ON w.h3 = t.h3
                      WHERE w.crew_id IS NOT NULL AND w.state::text = ANY($3::text[]))
      ORDER BY c.id`,
    [gridId, [gridId], OPEN_STATES],
  );
  return rows;
}
