/** SQL for `sessions` (keyed by the sha256 of the cookie token) and `login_failures`. */
import type pg from 'pg';
import type { Role, SessionUser } from '../auth/types.ts';

type Queryable = Pick<pg.Pool, 'query'>;

/** Stores a session that expires `ttlHours` from now (database clock). */
export async function insertSession(db: Queryable, tokenHash: string, userId: number, ttlHours: number): Promise<void> {
  await db.query(
    `INSERT INTO sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))`,
    [tokenHash, userId, ttlHours * 3600],
  );
}

/** The user of an unexpired session, or null. */
export async function findSessionUser(db: Queryable, tokenHash: string): Promise<SessionUser | null> {
  const { rows } = await db.query<{ id: number; username: string; role: Role; manager_id: number | null }>(
    `SELECT u.id, u.username, u.role, u.manager_id
       FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE s.token_hash = $1 AND s.expires_at > now()`,
    [tokenHash],
  );
  const r = rows[0];
  return r ? { id: r.id, username: r.username, role: r.role, managerId: r.manager_id } : null;
}

/** Deletes one session; resolves true if it existed. */
export async function deleteSession(db: Queryable, tokenHash: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  return (rowCount ?? 0) > 0;
}

/** Deletes expired sessions; resolves to how many. */
export async function deleteExpiredSessions(db: Queryable): Promise<number> {
  const { rowCount } = await db.query('DELETE FROM sessions WHERE expires_at <= now()');
  return rowCount ?? 0;
}

/**
 * Failed logins for (username, ip) in the last `windowSeconds`, and seconds until the oldest of them
 * leaves the window (0 when there are none).
 */
export async function countLoginFailures(
  db: Queryable,
  username: string,
  ip: string,
  windowSeconds: number,
): Promise<{ count: number; retryAfterSeconds: number }> {
  const { rows } = await db.query<{ count: string; retry: number | null }>(
    `SELECT count(*) AS count,
            ceil(extract(epoch FROM min(at) + make_interval(secs => $3) - now()))::int AS retry
       FROM login_failures
      WHERE username = $1 AND ip = $2 AND at > now() - make_interval(secs => $3)`,
    [username, ip, windowSeconds],
  );
  return { count: Number(rows[0].count), retryAfterSeconds: Math.max(0, rows[0].retry ?? 0) };
}

/** Records a failed login and prunes failures older than a day. */
export async function recordLoginFailure(db: Queryable, username: string, ip: string): Promise<void> {
  await db.query('INSERT INTO login_failures (username, ip) VALUES ($1, $2)', [username, ip]);
  await db.query(`DELETE FROM login_failures WHERE at < now() - interval '1 day'`);
}

/** Forgets the failures of (username, ip) after a successful login. */
export async function clearLoginFailures(db: Queryable, username: string, ip: string): Promise<void> {
  await db.query('DELETE FROM login_failures WHERE username = $1 AND ip = $2', [username, ip]);
}
