/** SQL for `users`. */
import type pg from 'pg';
import type { Role, SessionUser } from '../auth/types.ts';

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/** A user row with its password hash, for login. */
export interface UserWithHash extends SessionUser {
  passwordHash: string;
  isDemo: boolean;
}

interface UserRow {
  id: number;
  username: string;
  role: Role;
  manager_id: number | null;
  password_hash: string;
  is_demo: boolean;
}

const toUser = (r: UserRow): UserWithHash => ({
  id: r.id,
  username: r.username,
  role: r.role,
  managerId: r.manager_id,
  passwordHash: r.password_hash,
  isDemo: r.is_demo,
});

/** Finds a user by exact username; null when absent. */
export async function findUserByUsername(db: Queryable, username: string): Promise<UserWithHash | null> {
  const { rows } = await db.query<UserRow>(
    'SELECT id, username, role, manager_id, password_hash, is_demo FROM users WHERE username = $1',
    [username],
  );
  return rows[0] ? toUser(rows[0]) : null;
}

/** Every user with its hash (small table: people who log in). */
export async function listUsersWithHashes(db: Queryable): Promise<UserWithHash[]> {
  const { rows } = await db.query<UserRow>(
    'SELECT id, username, role, manager_id, password_hash, is_demo FROM users ORDER BY id',
  );
  return rows.map(toUser);
}

/** New user fields. `managerId` must be set exactly when `role` is `manager` (a CHECK enforces it). */
export interface NewUser {
  username: string;
  displayName?: string | null;
  role: Role;
  managerId: number | null;
  passwordHash: string;
  isDemo: boolean;
}

/**
 * Inserts users, skipping usernames that already exist. Resolves to the number inserted.
 */
export async function insertUsers(db: Queryable, users: readonly NewUser[]): Promise<number> {
  if (users.length === 0) return 0;
  const { rowCount } = await db.query(
    `INSERT INTO users (username, display_name, role, manager_id, password_hash, is_demo)
     SELECT * FROM unnest($1::text[], $2::text[], $3::user_role[], $4::int[], $5::text[], $6::bool[])
     ON CONFLICT (username) DO NOTHING`,
    [
      users.map((u) => u.username),
      users.map((u) => u.displayName ?? null),
      users.map((u) => u.role),
      users.map((u) => u.managerId),
      users.map((u) => u.passwordHash),
      users.map((u) => u.isDemo),
    ],
  );
  return rowCount ?? 0;
}

/** Usernames already present among `usernames`. */
export async function existingUsernames(db: Queryable, usernames: readonly string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ username: string }>('SELECT username FROM users WHERE username = ANY($1)', [usernames]);
  return new Set(rows.map((r) => r.username));
}

/** Ids of all grid managers, ascending (one demo account `managerN` per row). */
export async function listManagerIds(db: Queryable): Promise<number[]> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM managers ORDER BY id');
  return rows.map((r) => r.id);
}

/** Replaces a user's password hash and clears the demo flag; resolves false when the user does not exist. */
export async function updatePasswordHash(db: Queryable, username: string, passwordHash: string): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE users SET password_hash = $2, is_demo = false WHERE username = $1', [username, passwordHash]);
  return (rowCount ?? 0) > 0;
}

/** Deletes every session of a user (after a password change). */
export async function deleteUserSessions(db: Queryable, username: string): Promise<void> {
  await db.query('DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = $1)', [username]);
}

/** Users without their hashes, for listings. */
export async function listUsers(db: Queryable): Promise<(SessionUser & { isDemo: boolean })[]> {
  return (await listUsersWithHashes(db)).map(({ passwordHash: _h, ...u }) => u);
}
