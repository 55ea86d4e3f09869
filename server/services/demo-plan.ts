/**
 * The demo's active plan. At the first start of the demo (no active plan yet) the city's resolution-8 cells
 * are partitioned into one grid per grid manager, balanced on customers, and grid idx i is handed to the
 * i-th manager (so `manager1` owns grid 001). The plan counts as in force since {@link DEMO_PLAN_EFFECTIVE_FROM},
 * which gives the KPI dashboard a before/after date inside the 12-month history.
 */
import type pg from 'pg';
import { withTransaction } from '../db/pool.ts';
import type { Logger } from '../log.ts';
import { activateWithManagers, activePlanId, customerSpread, demoAdmin, managerIds } from '../repositories/demo-plan.ts';
import { insertAudit } from '../repositories/audit.ts';
import { buildPlanNow } from './plans.ts';

/** Resolution of the demo plan's cells (≈ 0.74 km² each). */
export const DEMO_PLAN_RESOLUTION = 8;
/** The day the demo plan came into force. */
export const DEMO_PLAN_EFFECTIVE_FROM = '2026-08-01';
/** Allowed deviation of a grid's customers from the mean, percent, unless one cell alone needs more. */
export const DEMO_TOLERANCE_PCT = 5;

/**
 * The tolerance the demo plan can meet: {@link DEMO_TOLERANCE_PCT}, or — when the heaviest cell alone holds
 * more customers than a grid may — just enough (+ 2 points) for that cell to fit in a grid of its own. On the
 * 1M-customer demo three resolution-8 cells in the old town hold up to 5,252 customers against a mean of 3,333
 * per grid (≈ +60 %); finer cells would fit but make the first start much longer.
 */
export function demoTolerancePct(maxCell: number, total: number, grids: number): number {
  if (total <= 0 || grids <= 0) return DEMO_TOLERANCE_PCT;
  const needed = (maxCell / (total / grids) - 1) * 100;
  return needed + 2 > DEMO_TOLERANCE_PCT ? Math.ceil(needed + 2) : DEMO_TOLERANCE_PCT;
}

/**
 * Builds and activates the demo plan unless a plan is already active; resolves to the active plan's id
 * (null when there are no managers, no demo administrator to own it, or too few customers for one grid per
 * manager — tiny demos in tests; the warning says which).
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
  const spread = await customerSpread(pool, DEMO_PLAN_RESOLUTION);
  const tolerancePct = demoTolerancePct(spread.max, spread.total, managers.length);
  if (tolerancePct >= 100) {
    log.warn(`demo plan not built: ${spread.total} customers are too few for ${managers.length} grids (one cell holds ${spread.max}, a grid's mean would be ${(spread.total / managers.length).toFixed(1)})`);
    return null;
  }
  log.info(`building the demo plan: ${managers.length} grids at resolution ${DEMO_PLAN_RESOLUTION}, customers within ±${tolerancePct} %…`);
  if (tolerancePct > DEMO_TOLERANCE_PCT) {
    log.info(`  (±${DEMO_TOLERANCE_PCT} % is impossible: one cell holds ${spread.max} customers, a grid's mean is ${Math.round(spread.total / managers.length)})`);
  }
  const { planId } = await buildPlanNow(pool, admin, {
    name: '广州演示网格方案',
    resolution: DEMO_PLAN_RESOLUTION,
    grids: managers.length,
    weights: { customers: 1, load: 0, faults: 0 },
    tolerancePct,
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
