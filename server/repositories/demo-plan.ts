/** SQL for the demo's active plan: who builds it, which managers exist, and handing the grids to them. */
import type pg from 'pg';
import type { SessionUser } from '../auth/types.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** Id of the active plan, or null when none is active. */
export async function activePlanId(db: Queryable): Promise<number | null> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM plans WHERE is_active');
  return rows[0]?.id ?? null;
}

/** The demo administrator (the demo plan's author), or null before the demo accounts exist. */
export async function demoAdmin(db: Queryable): Promise<SessionUser | null> {
  const { rows } = await db.query<{ id: number; username: string; role: SessionUser['role'] }>(
    `SELECT id, username, role FROM users WHERE username = 'admin' AND role = 'admin'`,
  );
  const r = rows[0];
  return r ? { id: r.id, username: r.username, role: r.role, managerId: null } : null;
}

/** The customers of the heaviest cell at `res` and of all cells at `res`. */
export async function customerSpread(db: Queryable, res: number): Promise<{ max: number; total: number }> {
  const { rows } = await db.query<{ max: number | null; total: number | null }>(
    'SELECT max(customers)::float8 AS max, sum(customers)::float8 AS total FROM cells WHERE res = $1',
    [res],
  );
  return { max: rows[0]?.max ?? 0, total: rows[0]?.total ?? 0 };
}

/** Every grid manager's id, ascending. */
export async function managerIds(db: Queryable): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM managers ORDER BY id');
  return rows.map((r) => r.id);
}

/**
 * Gives grid idx i of `planId` to `managers[i]` and makes the plan the active one from `effectiveFrom`
 * (another active plan is deactivated first).
 */
export async function activateWithManagers(client: pg.PoolClient, planId: number, managers: readonly number[], effectiveFrom: string): Promise<void> {
  await client.query(
    `UPDATE grids g SET manager_id = m.manager_id
       FROM unnest($2::int[]) WITH ORDINALITY AS m(manager_id, n)
      WHERE g.plan_id = $1 AND g.idx = m.n - 1`,
    [planId, managers],
  );
  await client.query('UPDATE plans SET is_active = false WHERE is_active AND id <> $1', [planId]);
  await client.query('UPDATE plans SET is_active = true, effective_from = $2::date, version = version + 1, updated_at = now() WHERE id = $1', [planId, effectiveFrom]);
}
