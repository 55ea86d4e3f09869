/**
 * The demo's active plan. At the first start of the demo (no active plan yet) the city's resolution-8 cells
 * are partitioned into one grid per grid manager, balanced on customers, and grid idx i is handed to the
 * i-th manager (so `manager1` owns grid 001). The plan counts as in force since {@link DEMO_PLAN_EFFECTIVE_FROM},
 * which gives the KPI dashboard a before/after date inside the 12-month history.
 */
import type pg from 'pg';
import { withTransaction } from '../db/pool.ts';
import type { Logger } from '../log.ts';
import { activateWithManagers, activePlanId, demoAdmin, managerIds } from '../repositories/demo-plan.ts';
import { insertAudit } from '../repositories/audit.ts';
import { buildPlanNow } from './plans.ts';

/** Resolution of the demo plan's cells (≈ 0.74 km² each). */
export const DEMO_PLAN_RESOLUTION = 8;
/** The day the demo plan came into force. */
export const DEMO_PLAN_EFFECTIVE_FROM = '2026-08-01';
/** Allowed deviation of a grid's customers from the mean, percent. */
const DEMO_TOLERANCE_PCT = 5;

/**
 * Builds and activates the demo plan unless a plan is already active; resolves to the active plan's id
 * (null when there are no managers or no demo administrator to own it).
 */
export async function ensureDemoPlan(pool: pg.Pool, log: Logger): Promise<number | null> {
  const existing = await activePlanId(pool);
  if (existing !== null) return existing;
  const [admin, managers] = await Promise.all([demoAdmin(pool), managerIds(pool)]);
  if (!admin || managers.length === 0) {
    log.warn('demo plan not built: the demo has no administrator or no grid managers');
    return null;
  }
  const started = Date.now();
  log.info(`building the demo plan: ${managers.length} grids at resolution ${DEMO_PLAN_RESOLUTION}…`);
  const { planId } = await buildPlanNow(pool, admin, {
    name: '广州演示网格方案',
    resolution: DEMO_PLAN_RESOLUTION,
    grids: managers.length,
    weights: { customers: 1, load: 0, faults: 0 },
    tolerancePct: DEMO_TOLERANCE_PCT,
    respectDistricts: false,
    timeBudgetMs: 20_000,
    seed: 1,
  });
  await withTransaction(pool, async (client) => {
    await activateWithManagers(client, planId, managers, DEMO_PLAN_EFFECTIVE_FROM);
    await insertAudit(client, { userId: admin.id, action: 'plan.activate', entity: 'plan', entityId: planId, details: { effectiveFrom: DEMO_PLAN_EFFECTIVE_FROM, managers: managers.length } });
  });
  log.info(`demo plan ${planId} active (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return planId;
}
