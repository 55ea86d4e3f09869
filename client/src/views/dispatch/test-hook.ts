/**
 * Exposes the Dispatch view's map and store to end-to-end tests and the browser console as
 * `window.__gridopsDispatch`, so tests assert on what the map really holds (sources, layers) and on live state.
 */
import type * as maplibregl from 'maplibre-gl';
import type { Store } from '../../state/store.ts';
import type { DispatchState } from './dispatch-store.ts';

export interface DispatchHook {
  map: maplibregl.Map;
  store: Store<DispatchState>;
}

declare global {
  interface Window {
    __gridopsDispatch?: DispatchHook;
  }
}

/** Publishes the hook; returns a function that withdraws it (if still ours). */
export function publishDispatchHook(hook: DispatchHook): () => void {
  window.__gridopsDispatch = hook;
  return () => {
    if (window.__gridopsDispatch === hook) delete window.__gridopsDispatch;
  };
}
