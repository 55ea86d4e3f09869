/**
 * SQL for managers' territories: which grids a manager owns, the res-9 cells of a grid, and the refresh of the
 * territory and KPI materialized views of migration 006 (territory_cells, territory_grids, kpi_orders, kpi_faults).
 */
import type pg from 'pg';

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** A grid as access checks need it. */
export interface GridRef {
  id: number;
  planId: number;
  managerId: number | null;
  active: boolean;
}

/** The grid `id` with its plan, manager and whether its plan is the active one; undefined when it does not exist. */
export async function gridRef(db: Queryable, id: number): Promise<GridRef | undefined> {
  const { rows } = await db.query<{ id: number; plan_id: number; manager_id: number | null; is_active: boolean }>(
    'SELECT g.id, g.plan_id, g.manager_id, p.is_active FROM grids g JOIN plans p ON p.id = g.plan_id WHERE g.id = $1',
    [id],
  );
  const r = rows[0];
  return r && { id: r.id, planId: r.plan_id, managerId: r.manager_id, active: r.is_active };
}

/** Ids of the grids of the active plan owned by manager `managerId` (empty without an active plan). */
export async function activeGridIdsOfManager(db: Queryable, managerId: number): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>(
    'SELECT g.id FROM grids g JOIN plans p ON p.id = g.plan_id WHERE p.is_active AND g.manager_id = $1 ORDER BY g.id',
    [managerId],
  );
  return rows.map((r) => r.id);
}

/** Id and version of the active plan, or undefined. */
export async function activePlan(db: Queryable): Promise<{ id: number; version: number; effectiveFrom: string | null } | undefined> {
  const { rows } = await db.query<{ id: number; version: number; effective_from: string | null }>(
    `SELECT id, version, to_char(effective_from, 'YYYY-MM-DD') AS effective_from FROM plans WHERE is_active`,
  );
  const r = rows[0];
  return r && { id: r.id, version: r.version, effectiveFrom: r.effective_from };
}

/**
 * Whether the territory views were built from the current active plan (id and version) and dataset, and the
 * time of the last refresh of any of the views (it changes at every refresh: a version for caches).
 */
export async function territoryStatus(db: Queryable): Promise<{ fresh: boolean; version: string }> {
  const { rows } = await db.query<{ fresh: boolean; version: string }>(
    `SELECT s.plan_id IS NOT DISTINCT FROM p.id AND s.plan_version IS NOT DISTINCT FROM p.version
            AND s.seeded_at IS NOT DISTINCT FROM (SELECT seeded_at FROM dataset_meta) AS fresh,
            s.refreshed_at::text AS version
       FROM territory_state s LEFT JOIN plans p ON p.is_active`,
  );
  return rows[0] ?? { fresh: false, version: '' };
}

/** Serialises refreshes across processes (pg_advisory_xact_lock key). */
const REFRESH_LOCK = 0x6b7069; // 'kpi'

/**
 * Rebuilds every territory and KPI view from the current active plan and data, CONCURRENTLY (readers keep the
 * old contents until commit), in one transaction with the state row. Run it on a client inside BEGIN/COMMIT.
 * O(cells + work orders + faults · log faults).
 */
export async function refreshTerritoryViews(client: pg.PoolClient): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [REFRESH_LOCK]);
  for (const v of ['territory_cells', 'territory_grids', 'kpi_orders', 'kpi_faults']) {
    await client.query(`REFRESH MATERIALIZED VIEW CONCURRENTLY ${v}`);
  }
  await client.query(
    `UPDATE territory_state SET plan_id = (SELECT id FROM plans WHERE is_active), plan_version = (SELECT version FROM plans WHERE is_active),
            seeded_at = (SELECT seeded_at FROM dataset_meta), refreshed_at = clock_timestamp()`,
  );
}

/** Rebuilds only the KPI views (after work orders or faults changed; the territory is unchanged). */
export async function refreshKpiViews(client: pg.PoolClient): Promise<void> {
  await client.query('SELECT pg_advisory_xact_lock($1)', [REFRESH_LOCK]);
  await client.query('REFRESH MATERIALIZED VIEW CONCURRENTLY kpi_orders');
  await client.query('REFRESH MATERIALIZED VIEW CONCURRENTLY kpi_faults');
  await client.query('UPDATE territory_state SET refreshed_at = clock_timestamp()');
}

/**
 * Vacuums and analyses the KPI views (outside any transaction) so that KPI queries stay index-only scans after
 * a refresh (REFRESH … CONCURRENTLY leaves new row versions the visibility map does not know yet).
 */
export async function vacuumKpiViews(db: Queryable): Promise<void> {
  await db.query('VACUUM (ANALYZE) kpi_orders, kpi_faults');
}

/**
 * SQL (a subquery with columns h3, grid_id) of the res-9 cells of the grids in parameter `$n` (int[]):
 * from the territory view for grids of the active plan, computed from the plan's cells otherwise.
 */
export function gridCellsSql(param: string, active: boolean): string {
  return active ? `SELECT h3, grid_id FROM territory_cells WHERE grid_id = ANY(${param}::int[])` : `SELECT h3, grid_id FROM grid_res9_cells(${param}::int[])`;
}
