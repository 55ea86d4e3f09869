/** SQL for `plans`, `grids` and `grid_cells` (partition plans, their grids and the cells of each grid). */
import type pg from 'pg';

import type { Grid, PlanSummary } from '../../contracts/plans.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** A plan row as the API shows it (PlanSummary), its jsonb columns as read. */
export type PlanRow = Omit<PlanSummary, 'params' | 'metrics'> & { params: Record<string, unknown>; metrics: Record<string, unknown> | null };

/** A grid row without its geometry (Grid), its stats as read. */
export type GridRow = Omit<Grid, 'stats'> & { stats: Record<string, unknown> };

const PLAN_COLUMNS = `p.id, p.name, p.resolution, p.params, p.status, p.version, p.metrics, p.is_active, p.boundaries_id,
  (SELECT count(*)::int FROM grids g WHERE g.plan_id = p.id) AS grids,
  p.created_by, p.created_at, p.updated_by, p.updated_at`;

interface PlanDbRow {
  id: number;
  name: string;
  resolution: number;
  params: Record<string, unknown>;
  status: string;
  version: number;
  metrics: Record<string, unknown> | null;
  is_active: boolean;
  boundaries_id: number | null;
  grids: number;
  created_by: number | null;
  created_at: Date;
  updated_by: number | null;
  updated_at: Date;
}

const toPlan = (r: PlanDbRow): PlanRow => ({
  id: r.id,
  name: r.name,
  resolution: r.resolution,
  params: r.params,
  status: r.status,
  version: r.version,
  metrics: r.metrics,
  isActive: r.is_active,
  boundariesId: r.boundaries_id,
  gridCount: r.grids,
  createdBy: r.created_by,
  createdAt: r.created_at.toISOString(),
  updatedBy: r.updated_by,
  updatedAt: r.updated_at.toISOString(),
});

/** Every plan, newest first. */
export async function listPlans(db: Queryable): Promise<PlanRow[]> {
  const { rows } = await db.query<PlanDbRow>(`SELECT ${PLAN_COLUMNS} FROM plans p ORDER BY p.id DESC`);
  return rows.map(toPlan);
}

/** One plan, or undefined. With `forUpdate` the row is locked until the transaction ends. */
export async function getPlan(db: Queryable, id: number, forUpdate = false): Promise<PlanRow | undefined> {
  const { rows } = await db.query<PlanDbRow>(`SELECT ${PLAN_COLUMNS} FROM plans p WHERE p.id = $1${forUpdate ? ' FOR UPDATE OF p' : ''}`, [id]);
  return rows[0] ? toPlan(rows[0]) : undefined;
}

/** The grids of a plan ordered by idx, with their manager's name. */
export async function planGrids(db: Queryable, planId: number): Promise<GridRow[]> {
  const { rows } = await db.query<{ id: number; idx: number; name: string; manager_id: number | null; manager_name: string | null; locked: boolean; stats: Record<string, unknown> }>(
    `SELECT g.id, g.idx, g.name, g.manager_id, m.name AS manager_name, g.locked, g.stats
       FROM grids g LEFT JOIN managers m ON m.id = g.manager_id
      WHERE g.plan_id = $1 ORDER BY g.idx`,
    [planId],
  );
  return rows.map((r) => ({ id: r.id, idx: r.idx, name: r.name, managerId: r.manager_id, managerName: r.manager_name, locked: r.locked, stats: r.stats }));
}

/** Number of cells at resolution `res`. */
export async function countCells(db: Queryable, res: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cells WHERE res = $1', [res]);
  return rows[0].n;
}

/** What a new plan row holds. */
export interface NewPlan {
  name: string;
  resolution: number;
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  boundariesId: number | null;
  userId: number | null;
}

/** Inserts a ready plan at version 1; resolves to its id. */
export async function insertPlan(db: Queryable, p: NewPlan): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO plans (name, resolution, params, status, version, metrics, boundaries_id, created_by, updated_by)
     VALUES ($1, $2, $3, 'ready', 1, $4, $5, $6, $6) RETURNING id`,
    [p.name, p.resolution, JSON.stringify(p.params), JSON.stringify(p.metrics), p.boundariesId, p.userId],
  );
  return rows[0].id;
}

/** Inserts grids (idx, name, stats); resolves to the new ids in the order given. */
export async function insertGrids(db: Queryable, planId: number, grids: ReadonlyArray<{ idx: number; name: string; stats: Record<string, unknown> }>): Promise<number[]> {
  const { rows } = await db.query<{ id: number; idx: number }>(
    `INSERT INTO grids (plan_id, idx, name, stats)
     SELECT $1, idx, name, stats FROM unnest($2::int[], $3::text[], $4::jsonb[]) AS t(idx, name, stats)
     RETURNING id, idx`,
    [planId, grids.map((g) => g.idx), grids.map((g) => g.name), grids.map((g) => JSON.stringify(g.stats))],
  );
  const byIdx = new Map(rows.map((r) => [r.idx, r.id]));
  return grids.map((g) => byIdx.get(g.idx)!);
}

/** Inserts `grid_cells` rows: cell `h3[i]` belongs to grid `gridIds[i]`. */
export async function insertGridCells(db: Queryable, planId: number, h3: readonly string[], gridIds: readonly number[]): Promise<void> {
  await db.query('INSERT INTO grid_cells (plan_id, h3, grid_id) SELECT $1, h, g FROM unnest($2::text[], $3::int[]) AS t(h, g)', [planId, h3, gridIds]);
}

/** Moves cells to other grids of the same plan: cell `h3[i]` to grid `gridIds[i]`. */
export async function moveGridCells(db: Queryable, planId: number, h3: readonly string[], gridIds: readonly number[]): Promise<void> {
  await db.query(
    `UPDATE grid_cells gc SET grid_id = t.g FROM unnest($2::text[], $3::int[]) AS t(h, g)
      WHERE gc.plan_id = $1 AND gc.h3 = t.h`,
    [planId, h3, gridIds],
  );
}

/** Sets the stats of some grids: grid `ids[i]` gets `stats[i]`. */
export async function updateGridStats(db: Queryable, ids: readonly number[], stats: ReadonlyArray<Record<string, unknown>>): Promise<void> {
  await db.query('UPDATE grids g SET stats = t.s FROM unnest($1::int[], $2::jsonb[]) AS t(id, s) WHERE g.id = t.id', [ids, stats.map((s) => JSON.stringify(s))]);
}

/**
 * Recomputes the geometry of grids (all of the plan's, or only `gridIds`) as the union of their cells'
 * polygons, a MultiPolygon (null for a grid without cells).
 */
export async function updateGridGeometries(db: Queryable, planId: number, gridIds?: readonly number[]): Promise<void> {
  await db.query(
    `UPDATE grids g SET geom = (
        SELECT ST_Multi(ST_Union(c.geom)) FROM grid_cells gc JOIN cells c ON c.h3 = gc.h3
         WHERE gc.plan_id = g.plan_id AND gc.grid_id = g.id)
      WHERE g.plan_id = $1 AND ($2::int[] IS NULL OR g.id = ANY($2::int[]))`,
    [planId, gridIds ?? null],
  );
}

/** Bumps the plan's version and stores its metrics; resolves to the new version. */
export async function bumpPlanVersion(db: Queryable, planId: number, userId: number | null, metrics?: Record<string, unknown>): Promise<number> {
  const { rows } = await db.query<{ version: number }>(
    `UPDATE plans SET version = version + 1, metrics = COALESCE($3, metrics), updated_by = $2, updated_at = now()
      WHERE id = $1 RETURNING version`,
    [planId, userId, metrics ? JSON.stringify(metrics) : null],
  );
  return rows[0].version;
}

/** Cells of a plan with their weights and grid, sorted by H3 index (one array per column). */
export interface PlanCellColumns {
  h3: string[];
  gridId: number[];
  customers: number[];
  load: number[];
  faults: number[];
  district: Array<number | null>;
}

/** The cells of a plan (joined with `cells` for the weights), sorted by H3 index. */
export async function planCellColumns(db: Queryable, planId: number): Promise<PlanCellColumns> {
  const { rows } = await db.query<{ h3: string[] | null; grid_id: number[] | null; customers: number[] | null; load: number[] | null; faults: number[] | null; district: Array<number | null> | null }>(
    `SELECT array_agg(gc.h3 ORDER BY gc.h3) AS h3, array_agg(gc.grid_id ORDER BY gc.h3) AS grid_id,
            array_agg(c.customers ORDER BY gc.h3) AS customers, array_agg(c.load_kw ORDER BY gc.h3) AS load,
            array_agg(c.faults_12m ORDER BY gc.h3) AS faults, array_agg(c.district_id ORDER BY gc.h3) AS district
       FROM grid_cells gc JOIN cells c ON c.h3 = gc.h3 WHERE gc.plan_id = $1`,
    [planId],
  );
  const r = rows[0];
  return { h3: r.h3 ?? [], gridId: r.grid_id ?? [], customers: r.customers ?? [], load: r.load ?? [], faults: r.faults ?? [], district: r.district ?? [] };
}

/** Grid of each cell of a plan as `h3 → grid idx`. */
export async function planCellGrids(db: Queryable, planId: number): Promise<Map<string, number>> {
  const { rows } = await db.query<{ h3: string; idx: number }>(
    'SELECT gc.h3, g.idx FROM grid_cells gc JOIN grids g ON g.id = gc.grid_id WHERE gc.plan_id = $1',
    [planId],
  );
  return new Map(rows.map((r) => [r.h3, r.idx]));
}

/** The plan's grids as a GeoJSON FeatureCollection (id, idx, name, manager, locked, stats; 6 decimals). */
export async function gridsGeoJson(db: Queryable, planId: number): Promise<unknown> {
  const { rows } = await db.query<{ fc: unknown }>(
    `SELECT json_build_object('type', 'FeatureCollection', 'features', COALESCE(json_agg(f ORDER BY (f->>'id')::int), '[]'::json)) AS fc
       FROM (
         SELECT json_build_object(
                  'type', 'Feature',
                  'id', g.id,
                  'properties', json_build_object('id', g.id, 'idx', g.idx, 'name', g.name, 'manager_id', g.manager_id,
                                                  'manager', m.name, 'locked', g.locked, 'stats', g.stats),
                  'geometry', ST_AsGeoJSON(g.geom, 6)::json) AS f
           FROM grids g LEFT JOIN managers m ON m.id = g.manager_id
          WHERE g.plan_id = $1
       ) s`,
    [planId],
  );
  return rows[0].fc;
}

/** One CSV row of an export: cell, grid name, manager name (or ''). */
export interface ExportRow {
  hexId: string;
  grid: string;
  manager: string;
}

/** Every cell of a plan with its grid's name and manager, sorted by H3 index. */
export async function exportRows(db: Queryable, planId: number): Promise<ExportRow[]> {
  const { rows } = await db.query<{ h3: string; grid: string; manager: string | null }>(
    `SELECT gc.h3, g.name AS grid, m.name AS manager
       FROM grid_cells gc JOIN grids g ON g.id = gc.grid_id LEFT JOIN managers m ON m.id = g.manager_id
      WHERE gc.plan_id = $1 ORDER BY gc.h3`,
    [planId],
  );
  return rows.map((r) => ({ hexId: r.h3, grid: r.grid, manager: r.manager ?? '' }));
}

/** Sets a grid's `locked` flag; resolves to false when the grid is not in the plan. */
export async function setGridLocked(db: Queryable, planId: number, gridId: number, locked: boolean): Promise<boolean> {
  const r = await db.query('UPDATE grids SET locked = $3 WHERE plan_id = $1 AND id = $2', [planId, gridId, locked]);
  return (r.rowCount ?? 0) > 0;
}

/** Updates a grid's manager and/or name (undefined = unchanged, null manager = none). */
export async function updateGrid(db: Queryable, planId: number, gridId: number, patch: { managerId?: number | null; name?: string }): Promise<boolean> {
  const r = await db.query(
    `UPDATE grids SET manager_id = CASE WHEN $3 THEN $4::int ELSE manager_id END, name = COALESCE($5, name)
      WHERE plan_id = $1 AND id = $2`,
    [planId, gridId, patch.managerId !== undefined, patch.managerId ?? null, patch.name ?? null],
  );
  return (r.rowCount ?? 0) > 0;
}

/** True when a manager with this id exists. */
export async function managerExists(db: Queryable, id: number): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM managers WHERE id = $1', [id]);
  return rows.length > 0;
}

/**
 * Copies a plan (row at version 1, not active; grids with names, managers, locks, stats and geometry; cells);
 * resolves to the new plan's id.
 */
export async function duplicatePlan(db: Queryable, planId: number, name: string, userId: number | null): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO plans (name, resolution, params, status, version, metrics, boundaries_id, created_by, updated_by)
     SELECT $2, resolution, params || jsonb_build_object('duplicateOf', id), status, 1, metrics, boundaries_id, $3, $3
       FROM plans WHERE id = $1 RETURNING id`,
    [planId, name, userId],
  );
  const id = rows[0].id;
  await db.query(
    `INSERT INTO grids (plan_id, idx, name, manager_id, locked, stats, geom)
     SELECT $2, idx, name, manager_id, locked, stats, geom FROM grids WHERE plan_id = $1`,
    [planId, id],
  );
  await db.query(
    `INSERT INTO grid_cells (plan_id, h3, grid_id)
     SELECT $2, gc.h3, ng.id FROM grid_cells gc JOIN grids og ON og.id = gc.grid_id
       JOIN grids ng ON ng.plan_id = $2 AND ng.idx = og.idx
      WHERE gc.plan_id = $1`,
    [planId, id],
  );
  return id;
}

/** An audit entry about a plan, with the user's name. */
export interface PlanAuditRow {
  id: number;
  at: string;
  userId: number | null;
  username: string | null;
  action: string;
  details: Record<string, unknown>;
}

/** Audit entries of a plan (entity `plan`), newest first, at most `limit`. */
export async function planHistory(db: Queryable, planId: number, limit: number): Promise<PlanAuditRow[]> {
  const { rows } = await db.query<{ id: string; at: Date; user_id: number | null; username: string | null; action: string; details: Record<string, unknown> }>(
    `SELECT a.id, a.at, a.user_id, u.username, a.action, a.details
       FROM audit_log a LEFT JOIN users u ON u.id = a.user_id
      WHERE a.entity = 'plan' AND a.entity_id = $1::text
      ORDER BY a.id DESC LIMIT $2`,
    [planId, limit],
  );
  return rows.map((r) => ({ id: Number(r.id), at: r.at.toISOString(), userId: r.user_id, username: r.username, action: r.action, details: r.details }));
}

/** Every manager with the number and summed stats of their grids in a plan, by name. */
export async function managerLoads(db: Queryable, planId: number): Promise<Array<{ id: number; code: string; name: string; grids: number; customers: number; load: number; faults: number }>> {
  const { rows } = await db.query<{ id: number; code: string; name: string; grids: number; customers: number; load: number; faults: number }>(
    `SELECT m.id, m.code, m.name, count(g.id)::int AS grids,
            COALESCE(sum((g.stats->>'customers')::float8), 0)::float8 AS customers,
            COALESCE(sum((g.stats->>'load')::float8), 0)::float8 AS load,
            COALESCE(sum((g.stats->>'faults')::float8), 0)::float8 AS faults
       FROM managers m LEFT JOIN grids g ON g.manager_id = m.id AND g.plan_id = $1
      GROUP BY m.id ORDER BY m.name, m.id`,
    [planId],
  );
  return rows;
}
