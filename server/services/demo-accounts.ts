/**
 * Demo accounts (embedded demo only): `admin`, `planner`, `dispatcher` and `manager1 … managerN`, one per
 * grid manager ordered by id, all with the password `gridops`. In production the server refuses to start
 * while any user still has that password.
 */
import type pg from 'pg';
import { PUBLIC_PASSWORD_COST, hashPassword, verifyPassword } from '../auth/password.ts';
import type { Role } from '../auth/types.ts';
import { existingUsernames, insertUsers, listManagerIds, listUsersWithHashes } from '../repositories/users.ts';
import type { NewUser } from '../repositories/users.ts';

/** The demo password. */
export const DEMO_PASSWORD = 'gridops';

/** A demo account to create. */
export interface DemoAccount {
  username: string;
  role: Role;
  managerId: number | null;
}

/** The demo accounts for the given manager ids (in that order). */
export function demoAccountList(managerIds: readonly number[]): DemoAccount[] {
  return [
    { username: 'admin', role: 'admin', managerId: null },
    { username: 'planner', role: 'planner', managerId: null },
    { username: 'dispatcher', role: 'dispatcher', managerId: null },
    ...managerIds.map((id, i): DemoAccount => ({ username: `manager${i + 1}`, role: 'manager', managerId: id })),
  ];
}

/**
 * Creates the missing demo accounts (hashing their passwords concurrently). Resolves to the accounts
 * created now (empty when all existed) and the full list.
 */
export async function ensureDemoAccounts(pool: pg.Pool): Promise<{ created: DemoAccount[]; all: DemoAccount[] }> {
  const all = demoAccountList(await listManagerIds(pool));
  const existing = await existingUsernames(pool, all.map((a) => a.username));
  const missing = all.filter((a) => !existing.has(a.username));
  // each account its own salt; low cost because the password is public (see PUBLIC_PASSWORD_COST)
  const hashes = await Promise.all(missing.map(() => hashPassword(DEMO_PASSWORD, PUBLIC_PASSWORD_COST)));
  const rows: NewUser[] = missing.map((a, i) => ({ ...a, passwordHash: hashes[i], isDemo: true }));
  await insertUsers(pool, rows);
  return { created: missing, all };
}

/** One line listing the demo accounts, e.g. `admin, planner, dispatcher, manager1 … manager40 (password "gridops")`. */
export function describeDemoAccounts(all: readonly DemoAccount[]): string {
  const managers = all.filter((a) => a.role === 'manager');
  const others = all.filter((a) => a.role !== 'manager').map((a) => a.username);
  const m = managers.length === 0 ? [] : managers.length === 1 ? [managers[0].username] : [`${managers[0].username} … ${managers[managers.length - 1].username}`];
  return `${[...others, ...m].join(', ')} (password "${DEMO_PASSWORD}")`;
}

/** Usernames whose password is still the demo password (checked concurrently). */
export async function usersWithDemoPassword(pool: pg.Pool): Promise<string[]> {
  const users = await listUsersWithHashes(pool);
  const flags = await Promise.all(users.map((u) => verifyPassword(DEMO_PASSWORD, u.passwordHash)));
  return users.filter((_, i) => flags[i]).map((u) => u.username);
}
