/** Account administration used by `scripts/user.ts` (production has no demo accounts: create real ones). */
import type pg from 'pg';
import { hashPassword } from '../auth/password.ts';
import type { Role, SessionUser } from '../auth/types.ts';
import { ROLES } from '../auth/types.ts';
import { BadRequestError, ConflictError, NotFoundError } from '../errors.ts';
import { withTransaction } from '../db/pool.ts';
import { deleteUserSessions, existingUsernames, insertUsers, listUsers, updatePasswordHash } from '../repositories/users.ts';
import { DEMO_PASSWORD } from './demo-accounts.ts';

/** Shortest accepted password. */
export const MIN_PASSWORD_LENGTH = 10;

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new BadRequestError(`password must have at least ${MIN_PASSWORD_LENGTH} characters`, { password: 'too short' });
  }
  if (password === DEMO_PASSWORD) throw new BadRequestError('password may not be the demo password', { password: 'demo password' });
}

/**
 * Sets a user's password (full scrypt cost), clears its demo flag and ends its sessions.
 * @throws BadRequestError for a password shorter than `MIN_PASSWORD_LENGTH` or equal to the demo password.
 * @throws NotFoundError when the user does not exist.
 */
export async function setPassword(pool: pg.Pool, username: string, password: string): Promise<void> {
  checkPassword(password);
  const hash = await hashPassword(password);
  await withTransaction(pool, async (client) => {
    if (!(await updatePasswordHash(client, username, hash))) throw new NotFoundError(`no user ${username}`);
    await deleteUserSessions(client, username);
  });
}

/**
 * Creates a user. A `manager` needs `managerId` (a row of `managers`); other roles must not have one.
 * @throws BadRequestError for a bad role, manager id or password; ConflictError when the username exists.
 */
export async function addUser(pool: pg.Pool, username: string, role: string, password: string, managerId: number | null): Promise<void> {
  if (!(ROLES as readonly string[]).includes(role)) throw new BadRequestError(`role must be one of ${ROLES.join(', ')}`, { role: 'unknown role' });
  if ((role === 'manager') !== (managerId !== null)) {
    throw new BadRequestError('a manager user needs --manager <id>, other roles must not have one', { managerId: 'mismatch' });
  }
  checkPassword(password);
  if ((await existingUsernames(pool, [username])).size > 0) throw new ConflictError(`user ${username} already exists`);
  await insertUsers(pool, [{ username, role: role as Role, managerId, passwordHash: await hashPassword(password), isDemo: false }]);
}

/** All users (without hashes), by id. */
export function allUsers(pool: pg.Pool): Promise<(SessionUser & { isDemo: boolean })[]> {
  return listUsers(pool);
}
