/** Auth endpoints: login, logout, current user. */
import { requestJson } from './http.ts';

/** Roles known to the server. */
export type Role = 'admin' | 'planner' | 'dispatcher' | 'manager';

/** The signed-in user as the server describes it. */
export interface User {
  id: number;
  username: string;
  role: Role;
  /** The manager record a `manager` user is tied to; null for other roles. */
  managerId: number | null;
}

/** Signs in; the server sets the session cookie. @throws ApiError (401 wrong credentials, 429 rate limited) */
export async function login(username: string, password: string): Promise<User> {
  const body = await requestJson<{ user: User }>('/api/auth/login', { method: 'POST', body: { username, password }, quiet401: true });
  return body.user;
}

/** The current user, or null when not signed in. @throws ApiError for anything but 401 */
export async function fetchMe(): Promise<User | null> {
  try {
    const body = await requestJson<{ user: User } | User>('/api/auth/me', { quiet401: true });
    return 'user' in body ? body.user : body;
  } catch (err) {
    if (err instanceof Error && 'kind' in err && err.kind === 'unauthorized') return null;
    throw err;
  }
}

/** Ends the session server-side. @throws ApiError */
export async function logout(): Promise<void> {
  await requestJson<unknown>('/api/auth/logout', { method: 'POST', quiet401: true });
}
