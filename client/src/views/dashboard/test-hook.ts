/** Exposes the dashboard's choropleth map to end-to-end tests as `window.__gridopsDashboard`. */
import type * as maplibregl from 'maplibre-gl';
import type { MapLibreOverlay } from '@deck.gl/maplibre';

export interface DashboardHook {
  map: maplibregl.Map;
  overlay: MapLibreOverlay;
  /** grid ids drawn in the choropleth, once its layer is set */
  drawnGridIds: number[];
}

declare global {
  interface Window {
    __gridopsDashboard?: DashboardHook;
  }
}

/** Publishes the hook; returns a function that withdraws it (if still ours). */
export function publishDashboardHook(hook: DashboardHook): () => void {
  window.__gridopsDashboard = hook;
  return () => {
    if (window.__gridopsDashboard === hook) delete window.__gridopsDashboard;
  };
}
