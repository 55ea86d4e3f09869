/**
 * The demo's active plan on a small seeded dataset: one grid per manager at resolution 8, grid idx i owned by
 * the i-th manager, active from 2026-08-01, every cell in exactly one grid, and built only once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../seed/demo.ts';
import { memoryLogger } from '../../server/log.ts';
import { ensureDemoAccounts } from '../../server/services/demo-accounts.ts';
import { DEMO_PLAN_EFFECTIVE_FROM, DEMO_PLAN_RESOLUTION, DEMO_TOLERANCE_PCT, demoTolerancePct, ensureDemoPlan } from '../../server/services/demo-plan.ts';
import { createTestDatabase, type TestDatabase } from './helpers.ts';

describe('ensureDemoPlan', () => {
  let db: TestDatabase;
  let planId: number | null;

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemo(db.pool, { seed: 3, customers: 5000 });
    await ensureDemoAccounts(db.pool);
    planId = await ensureDemoPlan(db.pool, memoryLogger());
  }, 300_000);
  afterAll(async () => {
    await db?.drop();
  });

  it('builds one active plan at resolution 8 from the effective date', async () => {
    expect(planId).not.toBeNull();
    const { rows } = await db.pool.query<{ id: number; resolution: number; effective: string; status: string }>(
      `SELECT id, resolution, to_char(effective_from, 'YYYY-MM-DD') AS effective, status FROM plans WHERE is_active`,
    );
    expect(rows).toEqual([{ id: planId, resolution: DEMO_PLAN_RESOLUTION, effective: DEMO_PLAN_EFFECTIVE_FROM, status: 'ready' }]);
  });

  it('has one grid per manager, grid idx i owned by the i-th manager, so manager1 owns grid 001', async () => {
    const managers = (await db.pool.query<{ id: number }>('SELECT id FROM managers ORDER BY id')).rows.map((r) => r.id);
    const grids = (await db.pool.query<{ idx: number; manager_id: number | null }>('SELECT idx, manager_id FROM grids WHERE plan_id = $1 ORDER BY idx', [planId])).rows;
    expect(grids.length).toBe(managers.length);
    expect(grids.map((g) => g.manager_id)).toEqual(managers);
    const m1 = await db.pool.query<{ idx: number }>(
      `SELECT g.idx FROM users u JOIN grids g ON g.manager_id = u.manager_id AND g.plan_id = $1 WHERE u.username = 'manager1'`,
      [planId],
    );
    expect(m1.rows).toEqual([{ idx: 0 }]);
  });

  it('puts every resolution-8 cell in exactly one grid, and every grid has cells and an outline', async () => {
    const { rows } = await db.pool.query<{ cells: number; assigned: number; distinct_cells: number; empty_grids: number; no_geom: number }>(
      `SELECT (SELECT count(*)::int FROM cells WHERE res = $2) AS cells,
              (SELECT count(*)::int FROM grid_cells WHERE plan_id = $1) AS assigned,
              (SELECT count(DISTINCT h3)::int FROM grid_cells WHERE plan_id = $1) AS distinct_cells,
              (SELECT count(*)::int FROM grids g WHERE g.plan_id = $1 AND NOT EXISTS (SELECT 1 FROM grid_cells c WHERE c.grid_id = g.id)) AS empty_grids,
              (SELECT count(*)::int FROM grids WHERE plan_id = $1 AND geom IS NULL) AS no_geom`,
      [planId, DEMO_PLAN_RESOLUTION],
    );
    const r = rows[0];
    expect(r.cells).toBeGreaterThan(1000);
    expect(r.assigned).toBe(r.cells);
    expect(r.distinct_cells).toBe(r.cells);
    expect(r.empty_grids).toBe(0);
    expect(r.no_geom).toBe(0);
  });

  it('widens the tolerance only as far as the heaviest cell needs', () => {
    expect(demoTolerancePct(10, 3000, 300)).toBe(DEMO_TOLERANCE_PCT); // mean 10 per grid: a cell of 10 fits at ±0 %
    expect(demoTolerancePct(5252, 1_000_000, 300)).toBe(60); // 5,252 / 3,333.3 = +57.6 %, + 2 points
    expect(demoTolerancePct(0, 0, 300)).toBe(DEMO_TOLERANCE_PCT);
    expect(demoTolerancePct(16, 2000, 300)).toBeGreaterThanOrEqual(100); // too few customers: no demo plan (see below)
  });

  it('reports its customer balance honestly: stored deviation = recomputed, feasible only within the tolerance', async () => {
    const { rows } = await db.pool.query<{ tol: number; stored: number; feasible: boolean; worst: number }>(
      `WITH s AS (SELECT g.id, sum(c.customers)::float8 AS customers
                    FROM grids g JOIN grid_cells gc ON gc.grid_id = g.id JOIN cells c ON c.h3 = gc.h3
                   WHERE g.plan_id = $1 GROUP BY g.id),
            m AS (SELECT avg(customers) AS mean FROM s)
       SELECT (p.params->>'tolerancePct')::float8 AS tol, (p.metrics->'maxDevPct'->>'customers')::float8 AS stored,
              (p.metrics->>'feasible')::boolean AS feasible, (SELECT max(abs(s.customers / m.mean - 1)) * 100 FROM s, m) AS worst
         FROM plans p WHERE p.id = $1`,
      [planId],
    );
    const r = rows[0];
    expect(r.tol).toBeGreaterThanOrEqual(DEMO_TOLERANCE_PCT);
    expect(r.stored).toBeCloseTo(r.worst, 1);
    expect(r.feasible).toBe(r.worst <= r.tol + 1e-6);
  });

  it('is built only once: a second call returns the same plan and adds none', async () => {
    const before = (await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM plans')).rows[0].n;
    expect(await ensureDemoPlan(db.pool, memoryLogger())).toBe(planId);
    expect((await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM plans')).rows[0].n).toBe(before);
  });
});
