/**
 * SQL of the grid-service KPIs. Everything is aggregated by PostgreSQL over the materialized views of migration
 * 006 (kpi_orders, kpi_faults, territory_grids: the active plan's grids), or, for a grid of another plan, over the
 * same columns computed from work_orders/faults for that grid's cells only. Days are Asia/Shanghai calendar days.
 *
 * Per period and grid: work orders received (not cancelled), how many are resolved, mean and 90th percentile
 * (percentile_cont) of minutes received → on site and received → resolved, mean follow-up score and its count,
 * complaints, faults reported and repeat faults, and the grid's customers.
 */
import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** Raw aggregates of one grid (or of the city) over one period, as PostgreSQL returns them. */
export interface KpiAggregate {
  /** Index of the period in the list asked for. */
  period: number;
  /** Grid id; null for the city row. */
  gridId: number | null;
  customers: number;
  workOrders: number;
  resolved: number;
  responseMeanMin: number | null;
  responseP90Min: number | null;
  resolutionMeanMin: number | null;
  resolutionP90Min: number | null;
  satisfaction: number | null;
  followUps: number;
  complaints: number;
  faults: number;
  repeatFaults: number;
}

/** Where a KPI query reads its rows: the active plan's views, or one grid of another plan computed on the fly. */
export type KpiSource = { kind: 'active' } | { kind: 'grid'; gridId: number };

interface Relations {
  orders: string;
  faults: string;
  grids: string;
}

// `ids` is the parameter holding the grid ids (int[]); the on-the-fly relations restrict to those grids' cells.
function relations(src: KpiSource, ids: string): Relations {
  if (src.kind === 'active') return { orders: 'kpi_orders', faults: 'kpi_faults', grids: 'territory_grids' };
  return {
    orders: `(SELECT w.id, t.grid_id, (w.received_at AT TIME ZONE 'Asia/Shanghai')::date AS day, w.resolved_at IS NOT NULL AS resolved,
                     extract(epoch FROM w.on_site_at - w.received_at)::float8 / 60 AS response_min,
                     extract(epoch FROM w.resolved_at - w.received_at)::float8 / 60 AS resolution_min, w.satisfaction, w.complaint
                FROM grid_res9_cells(${ids}::int[]) t JOIN work_orders w ON w.h3 = t.h3 WHERE w.state <> 'cancelled')`,
    // repeats among the grid's own faults (a customer's faults are in the customer's cell)
    faults: `(SELECT f.id, f.grid_id, (f.reported_at AT TIME ZONE 'Asia/Shanghai')::date AS day,
                     COALESCE(f.reported_at - f.prev_cell_at <= interval '30 days', false)
                       OR COALESCE(f.reported_at - f.prev_customer_at <= interval '30 days', false) AS repeat
                FROM (SELECT fa.id, t.grid_id, fa.reported_at,
                             lag(fa.reported_at) OVER (PARTITION BY fa.h3 ORDER BY fa.reported_at, fa.id) AS prev_cell_at,
                             CASE WHEN fa.customer_id IS NOT NULL
                                  THEN lag(fa.reported_at) OVER (PARTITION BY fa.customer_id ORDER BY fa.reported_at, fa.id) END AS prev_customer_at
                        FROM grid_res9_cells(${ids}::int[]) t JOIN faults fa ON fa.h3 = t.h3 WHERE fa.status <> 'cancelled') f)`,
    grids: `(SELECT t.grid_id, COALESCE(sum(c.customers), 0)::int AS customers
               FROM grid_res9_cells(${ids}::int[]) t LEFT JOIN cells c ON c.h3 = t.h3 GROUP BY t.grid_id)`,
  };
}

/** How rows are grouped: per grid, or one city total. */
export type KpiGrouping = 'grid' | 'city';

/** An inclusive range of Asia/Shanghai days, YYYY-MM-DD. */
export interface DayRange {
  from: string;
  to: string;
}

/**
 * KPI aggregates over each of `periods` for grids `gridIds` (null: every grid of the source), in one query:
 * one row per period and grid ('grid'), or per period for all grids together ('city', gridId null). Reads the
 * covering indexes of kpi_orders/kpi_faults (index-only scans). O(rows in the periods · log) for the percentiles.
 */
export async function kpiAggregates(db: Queryable, src: KpiSource, periods: readonly DayRange[], gridIds: readonly number[] | null, grouping: KpiGrouping): Promise<KpiAggregate[]> {
  const rel = relations(src, '$4');
  const filter = gridIds === null ? '' : 'AND x.grid_id = ANY($4::int[])';
  // the city row is keyed 0 (no grid has id 0) so that every join is a plain equality (hash or merge join)
  const key = grouping === 'city' ? '0 AS grid_id' : 'x.grid_id';
  const by = grouping === 'city' ? 'p.i' : 'p.i, x.grid_id';
  // one period: plain day bounds, so that PostgreSQL can read the (grid_id, day) index in grid order and skip the
  // sort the per-grid percentiles need; several: a join on the period list
  const from = (relation: string): string =>
    periods.length === 1
      ? `FROM (SELECT 0 AS i) p CROSS JOIN ${relation} x WHERE x.day >= ($2::date[])[1] AND x.day <= ($3::date[])[1]`
      : `FROM p JOIN ${relation} x ON x.day >= p.f AND x.day <= p.t WHERE true`;
  const sql = `WITH p AS (SELECT * FROM unnest($1::int[], $2::date[], $3::date[]) AS p(i, f, t)),
     o AS (
       SELECT p.i, ${key}, count(*)::int AS work_orders, count(*) FILTER (WHERE x.resolved)::int AS resolved,
              avg(x.response_min) AS response_mean, percentile_cont(0.9) WITHIN GROUP (ORDER BY x.response_min) AS response_p90,
              avg(x.resolution_min) AS resolution_mean, percentile_cont(0.9) WITHIN GROUP (ORDER BY x.resolution_min) AS resolution_p90,
              avg(x.satisfaction::float8) AS satisfaction, count(x.satisfaction)::int AS follow_ups,
              count(*) FILTER (WHERE x.complaint)::int AS complaints
         ${from(rel.orders)} ${filter} GROUP BY ${by}),
     f AS (
       SELECT p.i, ${key}, count(*)::int AS faults, count(*) FILTER (WHERE x.repeat)::int AS repeat_faults
         ${from(rel.faults)} ${filter} GROUP BY ${by}),
     g AS (
       SELECT ${key}, sum(x.customers)::int AS customers FROM ${rel.grids} x WHERE true ${filter} ${grouping === 'city' ? '' : 'GROUP BY x.grid_id'})
     SELECT p.i AS period, NULLIF(g.grid_id, 0) AS "gridId", COALESCE(g.customers, 0) AS customers,
            COALESCE(o.work_orders, 0) AS "workOrders", COALESCE(o.resolved, 0) AS resolved,
            o.response_mean AS "responseMeanMin", o.response_p90 AS "responseP90Min",
            o.resolution_mean AS "resolutionMeanMin", o.resolution_p90 AS "resolutionP90Min",
            o.satisfaction, COALESCE(o.follow_ups, 0) AS "followUps", COALESCE(o.complaints, 0) AS complaints,
            COALESCE(f.faults, 0) AS faults, COALESCE(f.repeat_faults, 0) AS "repeatFaults"
       FROM p CROSS JOIN g
       LEFT JOIN o ON o.i = p.i AND o.grid_id = g.grid_id
       LEFT JOIN f ON f.i = p.i AND f.grid_id = g.grid_id`;
  const params: unknown[] = [periods.map((_, i) => i), periods.map((p) => p.from), periods.map((p) => p.to)];
  // the grid ids are a parameter only when the query uses them
  if (sql.includes('$4')) params.push(gridIds ?? []);
  const { rows } = await db.query<KpiAggregate>(sql, params);
  return rows;
}

/** One bucket of a grid's KPI time series. */
export interface KpiSeriesRow {
  /** First day of the bucket, YYYY-MM-DD. */
  date: string;
  workOrders: number;
  resolved: number;
  responseMeanMin: number | null;
  resolutionMeanMin: number | null;
  satisfaction: number | null;
  complaints: number;
}

/**
 * Per-day or per-ISO-week (Monday) aggregates of grid `gridId` over [from, to]; every bucket present, empty ones
 * with zero counts and null means.
 */
export async function kpiSeries(db: Queryable, src: KpiSource, gridId: number, from: string, to: string, bucket: 'day' | 'week'): Promise<KpiSeriesRow[]> {
  const rel = relations(src, '$3');
  const { rows } = await db.query<KpiSeriesRow>(
    `WITH o AS (
       SELECT date_trunc('${bucket}', day)::date AS b, count(*)::int AS work_orders, count(*) FILTER (WHERE resolved)::int AS resolved,
              avg(response_min) AS response_mean, avg(resolution_min) AS resolution_mean, avg(satisfaction::float8) AS satisfaction,
              count(*) FILTER (WHERE complaint)::int AS complaints
         FROM ${rel.orders} x WHERE day >= $1::date AND day <= $2::date AND grid_id = ANY($3::int[])
        GROUP BY 1)
     SELECT to_char(s.b, 'YYYY-MM-DD') AS date, COALESCE(o.work_orders, 0) AS "workOrders", COALESCE(o.resolved, 0) AS resolved,
            o.response_mean AS "responseMeanMin", o.resolution_mean AS "resolutionMeanMin", o.satisfaction,
            COALESCE(o.complaints, 0) AS complaints
       FROM generate_series(date_trunc('${bucket}', $1::date), $2::date, interval '1 ${bucket}') AS s(b)
       LEFT JOIN o ON o.b = s.b::date
      ORDER BY s.b`,
    [from, to, [gridId]],
  );
  return rows;
}

/** Grid id, idx, name and manager of the grids of plan `planId`, by idx. */
export async function planGridNames(db: Queryable, planId: number): Promise<Array<{ gridId: number; idx: number; name: string; managerName: string | null }>> {
  const { rows } = await db.query<{ gridId: number; idx: number; name: string; managerName: string | null }>(
    `SELECT g.id AS "gridId", g.idx, g.name, m.name AS "managerName"
       FROM grids g LEFT JOIN managers m ON m.id = g.manager_id WHERE g.plan_id = $1 ORDER BY g.idx`,
    [planId],
  );
  return rows;
}

/** The name of grid `id`, or undefined. */
export async function gridName(db: Queryable, id: number): Promise<string | undefined> {
  const { rows } = await db.query<{ name: string }>('SELECT name FROM grids WHERE id = $1', [id]);
  return rows[0]?.name;
}
