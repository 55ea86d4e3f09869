/**
 * Session store: who is signed in. Loaded once from `GET /api/auth/me`, changed by login/logout, and reset
 * when any API call reports the session gone (401).
 */
import { createStore, useStore } from '../state/store.ts';
import { fetchMe, login as apiLogin, logout as apiLogout, type User } from '../api/auth.ts';
import { ApiError, onUnauthorized } from '../api/http.ts';

export type SessionState =
  | { status: 'loading'; user: null; expired: false; error: null }
  | { status: 'anonymous'; user: null; expired: boolean; error: ApiError | null }
  | { status: 'signedIn'; user: User; expired: false; error: null };

export const sessionStore = createStore<{ session: SessionState }>({
  session: { status: 'loading', user: null, expired: false, error: null },
});

/** The current session; re-renders on change. */
export function useSession(): SessionState {
  return useStore(sessionStore, (s) => s.session);
}

/** Asks the server who is signed in (on page load). Network failures leave the user on the login page with a message. */
export async function loadSession(): Promise<void> {
  try {
    const user = await fetchMe();
    sessionStore.set({
      session: user ? { status: 'signedIn', user, expired: false, error: null } : { status: 'anonymous', user: null, expired: false, error: null },
    });
  } catch (err) {
    const error = err instanceof ApiError ? err : new ApiError('network', 0, String(err));
    sessionStore.set({ session: { status: 'anonymous', user: null, expired: false, error } });
  }
}

/** Signs in. @throws ApiError (the login page turns it into a message) */
export async function signIn(username: string, password: string): Promise<void> {
  const user = await apiLogin(username, password);
  sessionStore.set({ session: { status: 'signedIn', user, expired: false, error: null } });
}

/** Signs out server-side; the local session is cleared even when the server cannot be reached. */
export async function signOut(): Promise<void> {
  try {
    await apiLogout();
  } finally {
    sessionStore.set({ session: { status: 'anonymous', user: null, expired: false, error: null } });
  }
}

onUnauthorized(() => {
  if (sessionStore.get().session.status === 'signedIn') {
    sessionStore.set({ session: { status: 'anonymous', user: null, expired: true, error: null } });
  }
});
