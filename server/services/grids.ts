/**
 * The territory view's grid data: grids of a plan (a manager's own only), one grid with its outline, its res-9
 * cells with fault rates and trends, hotspots, open work orders and crews. Access per grid via `gridForUser`.
 */
import type pg from 'pg';
import type { GridDetail, GridList } from '../../contracts/territory.ts';
import type { SessionUser } from '../auth/types.ts';
import { NotFoundError } from '../errors.ts';
import {
  gridCellColumns,
  gridCrews,
  gridHotspots,
  gridWithGeometry,
  gridWorkOrders,
  listGrids,
  planExists,
  referenceNow,
  type GridCellColumns,
  type GridCrew,
  type GridWorkOrder,
  type Hotspots,
} from '../repositories/grids.ts';
import { activePlan } from '../repositories/territory.ts';
import { ensureTerritory, gridForUser } from './territory.ts';

/**
 * Grids of plan `planId` (default: the active plan) by idx; a manager gets only their own.
 * @throws NotFoundError when no plan is given and none is active.
 */
export async function getGrids(pool: pg.Pool, user: SessionUser, planId: number | undefined): Promise<GridList> {
  await ensureTerritory(pool);
  let id = planId;
  if (id === undefined) {
    const active = await activePlan(pool);
    if (!active) throw new NotFoundError('No plan is active');
    id = active.id;
  }
  const items = await listGrids(pool, id, user.role === 'manager' ? user.managerId : null);
  if (planId !== undefined && items.length === 0 && user.role !== 'manager') {
    if (!(await planExists(pool, planId))) throw new NotFoundError(`Plan ${planId} does not exist`);
  }
  return { planId: id, items };
}

/**
 * One grid with its outline (GeoJSON MultiPolygon).
 * @throws NotFoundError, NotYourTerritoryError.
 */
export async function getGrid(pool: pg.Pool, user: SessionUser, gridId: number): Promise<GridDetail> {
  await gridForUser(pool, user, gridId);
  await ensureTerritory(pool);
  const g = await gridWithGeometry(pool, gridId);
  if (!g) throw new NotFoundError(`Grid ${gridId} does not exist`);
  return g as GridDetail; // PostGIS gives the outline as a GeoJSON MultiPolygon, null without cells
}

/**
 * The grid's res-9 cells as columns (customers, load, faults, fault rate, 90-day trend).
 * @throws NotFoundError, NotYourTerritoryError.
 */
export async function getGridCells(pool: pg.Pool, user: SessionUser, gridId: number): Promise<GridCellColumns> {
  const g = await gridForUser(pool, user, gridId);
  await ensureTerritory(pool);
  return gridCellColumns(pool, [gridId], g.active, await referenceNow(pool));
}

/**
 * The `limit` cells of the grid with the highest fault rate and the fastest-rising fault counts.
 * @throws NotFoundError, NotYourTerritoryError.
 */
export async function getGridHotspots(pool: pg.Pool, user: SessionUser, gridId: number, limit: number): Promise<Hotspots> {
  const g = await gridForUser(pool, user, gridId);
  await ensureTerritory(pool);
  return gridHotspots(pool, gridId, g.active, await referenceNow(pool), limit);
}

/**
 * Work orders inside the grid, newest first (only open ones with `open`).
 * @throws NotFoundError, NotYourTerritoryError.
 */
export async function getGridWorkOrders(pool: pg.Pool, user: SessionUser, gridId: number, open: boolean, limit: number): Promise<{ items: GridWorkOrder[] }> {
  const g = await gridForUser(pool, user, gridId);
  await ensureTerritory(pool);
  return { items: await gridWorkOrders(pool, gridId, g.active, open, limit) };
}

/**
 * Crews inside the grid or on one of its open work orders.
 * @throws NotFoundError, NotYourTerritoryError.
 */
export async function getGridCrews(pool: pg.Pool, user: SessionUser, gridId: number): Promise<{ items: GridCrew[] }> {
  const g = await gridForUser(pool, user, gridId);
  await ensureTerritory(pool);
  return { items: await gridCrews(pool, gridId, g.active) };
}
