/**
 * Hash router: `#/overview`. Falls back to the first view the role may open when the hash names an unknown or
 * forbidden view.
 */
import { useSyncExternalStore } from 'react';
import type { ViewId } from './views.ts';

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** The view named in the URL hash (unvalidated), e.g. `overview` for `#/overview`. */
export function useHashView(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '');
}

/** Navigates to a view. */
export function navigate(view: ViewId): void {
  window.location.hash = `#/${view}`;
}
