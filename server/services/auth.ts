/**
 * Login, sessions and logout. Sessions live in PostgreSQL; the cookie carries a random token and the
 * database stores only its sha256, so a database leak does not leak live sessions.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type pg from 'pg';
import { dummyHash, verifyPassword } from '../auth/password.ts';
import type { SessionUser } from '../auth/types.ts';
import { TooManyRequestsError, UnauthorizedError } from '../errors.ts';
import { insertAudit } from '../repositories/audit.ts';
import {
  clearLoginFailures,
  countLoginFailures,
  deleteExpiredSessions,
  deleteSession,
  findSessionUser,
  insertSession,
  recordLoginFailure,
} from '../repositories/sessions.ts';
import { findUserByUsername } from '../repositories/users.ts';

/** Name of the session cookie. */
export const SESSION_COOKIE = 'gridops_session';

/** Failed logins allowed per (username, IP) within `LOGIN_WINDOW_SECONDS` before answering 429. */
export const MAX_LOGIN_FAILURES = 10;
/** Rate-limit window, seconds (15 minutes). */
export const LOGIN_WINDOW_SECONDS = 15 * 60;

const sha256 = (token: string): string => createHash('sha256').update(token).digest('hex');

function cookieToken(req: Request): string | undefined {
  const cookies = req.cookies as Record<string, unknown> | undefined;
  const v = cookies?.[SESSION_COOKIE];
  return typeof v === 'string' && v.length > 0 && v.length < 200 ? v : undefined;
}

/** The user of the request's session cookie, or null when there is none or it has expired. */
export async function authenticateRequest(pool: pg.Pool, req: Request): Promise<SessionUser | null> {
  const token = cookieToken(req);
  return token ? findSessionUser(pool, sha256(token)) : null;
}

/** Creates a session for `userId` lasting `ttlHours`; resolves to the token to put in the cookie. */
export async function createSession(pool: pg.Pool, userId: number, ttlHours: number): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await insertSession(pool, sha256(token), userId, ttlHours);
  return token;
}

/**
 * Checks credentials, creates a session and sets the cookie (Secure when the request came over HTTPS,
 * as seen through trusted proxies).
 * @throws TooManyRequestsError after `MAX_LOGIN_FAILURES` failures for this username and IP in the window.
 * @throws UnauthorizedError on an unknown username or a wrong password (same message and timing for both).
 */
export async function login(
  pool: pg.Pool,
  req: Request,
  res: Response,
  username: string,
  password: string,
  ttlHours: number,
): Promise<SessionUser> {
  const ip = req.ip ?? 'unknown';
  const failures = await countLoginFailures(pool, username, ip, LOGIN_WINDOW_SECONDS);
  if (failures.count >= MAX_LOGIN_FAILURES) {
    throw new TooManyRequestsError('Too many failed logins; try again later', failures.retryAfterSeconds);
  }
  const user = await findUserByUsername(pool, username);
  const ok = await verifyPassword(password, user ? user.passwordHash : await dummyHash());
  if (!user || !ok) {
    await recordLoginFailure(pool, username, ip);
    throw new UnauthorizedError('Wrong username or password');
  }
  await clearLoginFailures(pool, username, ip);
  await deleteExpiredSessions(pool); // housekeeping: cheap with the expires_at index
  const token = await createSession(pool, user.id, ttlHours);
  await insertAudit(pool, { userId: user.id, action: 'auth.login', details: { ip } });
  res.cookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: req.secure,
    path: '/',
    maxAge: ttlHours * 3600 * 1000,
  });
  return { id: user.id, username: user.username, role: user.role, managerId: user.managerId };
}

/** Deletes the request's session (if any) server-side and clears the cookie. */
export async function logout(pool: pg.Pool, req: Request, res: Response): Promise<void> {
  const token = cookieToken(req);
  if (token) await deleteSession(pool, sha256(token));
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/' });
}
