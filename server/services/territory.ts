/**
 * Managers' territories: who may see which grid, and keeping the territory and KPI views (migration 006) in step
 * with the active plan and the work orders.
 *
 * Access rule: a manager user owns the grids whose `grids.manager_id` is the user's manager id (in any plan);
 * every other grid's data answers 403 `not_your_territory`. Admins, planners and dispatchers see every grid.
 *
 * Freshness: `refreshTerritory` rebuilds all views (call it when the active plan or its cells change);
 * `scheduleKpiRefresh` rebuilds the KPI views a moment after work orders changed (debounced). Readers also call
 * `ensureTerritory`, which rebuilds the views when they were built from another active plan, plan version or
 * seed, so a missed hook costs one slow request, never wrong grids.
 */
import type pg from 'pg';
import type { SessionUser } from '../auth/types.ts';
import { withTransaction } from '../db/pool.ts';
import { AppError, NotFoundError } from '../errors.ts';
import { activeGridIdsOfManager, gridRef, refreshKpiViews, refreshTerritoryViews, territoryStatus, vacuumKpiViews, type GridRef } from '../repositories/territory.ts';
import { tileCache } from './tiles-cache.ts';

/** 403 for a manager asking for a grid (or a customer) outside their territory. */
export class NotYourTerritoryError extends AppError {
  constructor(message = 'This grid is not in your territory') {
    super(403, 'not_your_territory', message);
  }
}

/**
 * Rebuilds the territory views (res-9 cell → grid of the active plan, per-grid weights) and the KPI views from
 * the current data, without blocking readers, and drops this process's cached tiles (their grid filters may have
 * changed). Call after activating a plan or editing the active plan's cells. O(cells + work orders + faults).
 */
export async function refreshTerritory(pool: pg.Pool): Promise<void> {
  await withTransaction(pool, (client) => refreshTerritoryViews(client));
  tileCache.clear();
  await vacuumKpiViews(pool);
}

/** Rebuilds the KPI views now (work orders or faults changed; the territory did not). */
export async function refreshKpis(pool: pg.Pool): Promise<void> {
  await withTransaction(pool, (client) => refreshKpiViews(client));
  await vacuumKpiViews(pool);
}

let kpiTimer: ReturnType<typeof setTimeout> | undefined;
let kpiRunning: Promise<void> | undefined;

/**
 * Rebuilds the KPI views `delayMs` after the first call of a burst (throttled: every change made while a refresh
 * is pending joins it, so a burst of work-order transitions costs one refresh and a steady stream — the live
 * simulator — one refresh per `delayMs` at most, never starving). Errors are passed to `onError` (the refresh
 * is retried at the next call).
 */
export function scheduleKpiRefresh(pool: pg.Pool, delayMs = 2000, onError: (err: unknown) => void = () => {}): void {
  if (kpiTimer) return;
  kpiTimer = setTimeout(() => {
    kpiTimer = undefined;
    kpiRunning = (kpiRunning ?? Promise.resolve()).then(() => refreshKpis(pool)).catch(onError);
  }, delayMs);
  kpiTimer.unref?.();
}

let ensuring: Promise<string> | undefined;

/**
 * Makes sure the territory views describe the current active plan (id, version) and dataset; rebuilds them when
 * not. Resolves to the views' version (changes at every refresh, in any process: a key for caches of KPI
 * results). One small query when fresh.
 */
export async function ensureTerritory(pool: pg.Pool): Promise<string> {
  const s = await territoryStatus(pool);
  if (s.fresh) return s.version;
  ensuring ??= (async () => {
    try {
      if (!(await territoryStatus(pool)).fresh) await refreshTerritory(pool);
      return (await territoryStatus(pool)).version;
    } finally {
      ensuring = undefined;
    }
  })();
  return ensuring;
}

/**
 * The grid `gridId` if `user` may see it.
 * @throws NotFoundError when the grid does not exist; NotYourTerritoryError for a manager's foreign grid.
 */
export async function gridForUser(pool: pg.Pool, user: SessionUser, gridId: number): Promise<GridRef> {
  const g = await gridRef(pool, gridId);
  if (!g) throw new NotFoundError(`Grid ${gridId} does not exist`);
  if (user.role === 'manager' && g.managerId !== user.managerId) throw new NotYourTerritoryError(`Grid ${gridId} is not in your territory`);
  return g;
}

/** The manager's grids of the active plan (empty list for a manager without grids); null for other roles (no limit). */
export async function territoryLimit(pool: pg.Pool, user: SessionUser): Promise<number[] | null> {
  if (user.role !== 'manager' || user.managerId === null) return null;
  return activeGridIdsOfManager(pool, user.managerId);
}
