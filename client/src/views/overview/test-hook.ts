/**
 * Exposes the live map to end-to-end tests and to the browser console as `window.__gridops`, so tests can assert
 * on what the map really holds (sources, rendered layers) instead of on the DOM around it.
 */
import type * as maplibregl from 'maplibre-gl';
import type { MapLibreOverlay } from '@deck.gl/maplibre';
import type { Store } from '../../state/store.ts';
import type { OverviewState } from './overview-store.ts';

export interface GridOpsHook {
  map: maplibregl.Map;
  overlay: MapLibreOverlay;
  overview: Store<OverviewState>;
}

declare global {
  interface Window {
    __gridops?: GridOpsHook;
  }
}

/** Publishes the hook; returns a function that withdraws it (if still ours). */
export function publishTestHook(hook: GridOpsHook): () => void {
  window.__gridops = hook;
  return () => {
    if (window.__gridops === hook) delete window.__gridops;
  };
}
