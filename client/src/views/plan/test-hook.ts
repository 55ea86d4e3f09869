/**
 * Exposes the Plan view's map and state to end-to-end tests and the benchmark as `window.__gridopsPlan`, so
 * they can find cells on screen and read what the view holds instead of scraping the DOM.
 */
import type * as maplibregl from 'maplibre-gl';
import type { Store } from '../../state/store.ts';
import type { PlanState } from './plan-store.ts';

export interface PlanHook {
  map: maplibregl.Map;
  store: Store<PlanState>;
  /** performance.now() when the current plan started opening. */
  openedAt: () => number;
}

declare global {
  interface Window {
    __gridopsPlan?: PlanHook;
  }
}

/** Publishes the hook; returns a function that withdraws it (if still ours). */
export function publishPlanHook(hook: PlanHook): () => void {
  window.__gridopsPlan = hook;
  return () => {
    if (window.__gridopsPlan === hook) delete window.__gridopsPlan;
  };
}
