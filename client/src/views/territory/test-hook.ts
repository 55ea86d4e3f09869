/**
 * Exposes the Territory map to end-to-end tests as `window.__gridopsTerritory` (the map, the deck.gl overlay and
 * the view's store), so tests assert on what the map really holds.
 */
import type * as maplibregl from 'maplibre-gl';
import type { MapLibreOverlay } from '@deck.gl/maplibre';
import type { Store } from '../../state/store.ts';
import type { TerritoryMapState } from './territory-store.ts';

export interface TerritoryHook {
  map: maplibregl.Map;
  overlay: MapLibreOverlay;
  store: Store<TerritoryMapState>;
}

declare global {
  interface Window {
    __gridopsTerritory?: TerritoryHook;
  }
}

/** Publishes the hook; returns a function that withdraws it (if still ours). */
export function publishTerritoryHook(hook: TerritoryHook): () => void {
  window.__gridopsTerritory = hook;
  return () => {
    if (window.__gridopsTerritory === hook) delete window.__gridopsTerritory;
  };
}
