/** SQL for the demo simulator: its shared clock (simulator_state), counters and its service account. */
import type pg from 'pg';

type Db = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** The simulator's clock and counters. `simTime` is computed by the database clock. */
export interface SimulatorRow {
  running: boolean;
  speed: number;
  simTime: Date;
  stormUntil: Date | null;
  faultsCreated: number;
  ordersResolved: number;
  followUps: number;
}

/** The state; counters are transitions made by the user `username` (received = faults created). */
export async function getState(db: Db, username: string): Promise<SimulatorRow> {
  const { rows } = await db.query<{ running: boolean; speed: number; sim_time: Date; storm_until: Date | null; created: number; resolved: number; follow_ups: number }>(
    `SELECT s.running, s.speed,
            CASE WHEN s.running THEN s.anchor_sim + (now() - s.anchor_real) * s.speed ELSE s.anchor_sim END AS sim_time,
            s.storm_until, c.created, c.resolved, c.follow_ups
       FROM simulator_state s,
            LATERAL (SELECT count(*) FILTER (WHERE t.to_state = 'received')::int AS created,
                            count(*) FILTER (WHERE t.to_state = 'resolved')::int AS resolved,
                            count(*) FILTER (WHERE t.to_state = 'follow_up')::int AS follow_ups
                       FROM work_order_transitions t WHERE t.user_id = (SELECT id FROM users WHERE username = $1)
                        AND t.to_state IN ('received', 'resolved', 'follow_up')) c`,
    [username],
  );
  const r = rows[0];
  return { running: r.running, speed: r.speed, simTime: r.sim_time, stormUntil: r.storm_until, faultsCreated: r.created, ordersResolved: r.resolved, followUps: r.follow_ups };
}

/**
 * Changes running/speed: re-anchors the clock at the current simulated time first, so it never jumps.
 * Locks the row for the rest of the transaction.
 */
export async function setState(client: pg.PoolClient, patch: { running?: boolean; speed?: number }): Promise<void> {
  await client.query(
    `UPDATE simulator_state SET
       anchor_sim = CASE WHEN running THEN anchor_sim + (now() - anchor_real) * speed ELSE anchor_sim END,
       anchor_real = now(),
       running = coalesce($1, running),
       speed = coalesce($2, speed),
       updated_at = now()`,
    [patch.running ?? null, patch.speed ?? null],
  );
}

/** Starts (or extends) a storm lasting `minutes` of simulated time from now. */
export async function setStorm(client: pg.PoolClient, minutes: number): Promise<void> {
  await client.query(
    `UPDATE simulator_state SET
       storm_until = (CASE WHEN running THEN anchor_sim + (now() - anchor_real) * speed ELSE anchor_sim END) + make_interval(mins => $1),
       updated_at = now()`,
    [minutes],
  );
}

/** Creates or updates the service account `username` (dispatcher) with `passwordHash`. */
export async function upsertServiceUser(db: Db, username: string, passwordHash: string): Promise<void> {
  await db.query(
    `INSERT INTO users (username, display_name, role, password_hash, is_demo) VALUES ($1, '模拟器', 'dispatcher', $2, true)
     ON CONFLICT (username) DO UPDATE SET password_hash = EXCLUDED.password_hash, role = 'dispatcher'`,
    [username, passwordHash],
  );
}
