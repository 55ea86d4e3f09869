/** The grid named in the URL: `#/territory/<gridId>`. */
import { useSyncExternalStore } from 'react';

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

/** Grid id from `#/territory/<id>`, or null when the URL names none (or not a positive integer). */
export function parseGridId(hash: string): number | null {
  const m = /^#\/?territory\/(\d+)(?:[/?].*)?$/.exec(hash);
  if (!m) return null;
  const id = Number(m[1]);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

/** Subscribes to the grid id in the URL. */
export function useGridIdFromUrl(): number | null {
  return useSyncExternalStore(subscribe, () => parseGridId(window.location.hash));
}

/** Opens a grid (or the territory root with null). */
export function openGrid(id: number | null): void {
  window.location.hash = id === null ? '#/territory' : `#/territory/${id}`;
}
