/** Exposes the report page's location map to end-to-end tests as `window.__gridopsReport`. */
import type * as maplibregl from 'maplibre-gl';

export interface ReportHook {
  map: maplibregl.Map;
}

declare global {
  interface Window {
    __gridopsReport?: ReportHook;
  }
}

/** Publishes the hook; returns a function that withdraws it (if still ours). */
export function publishReportHook(hook: ReportHook): () => void {
  window.__gridopsReport = hook;
  return () => {
    if (window.__gridopsReport === hook) delete window.__gridopsReport;
  };
}
