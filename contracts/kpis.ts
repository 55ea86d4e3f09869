/**
 * The one definition of the JSON the KPI API speaks (GET /api/grids/:id/kpis, /api/kpis, /api/kpis/before-after),
 * shared by the server and the client. Types only; dates are `YYYY-MM-DD`, `now` is ISO 8601.
 */

/** The KPI set of a grid or the city over a period; null where undefined (e.g. no work orders). */
export interface Kpis {
  workOrders: number;
  resolved: number;
  /** resolved / workOrders, 0–1; null without work orders */
  resolutionRate: number | null;
  /** received → on site, minutes */
  responseMeanMin: number | null;
  responseP90Min: number | null;
  /** received → resolved, minutes */
  resolutionMeanMin: number | null;
  resolutionP90Min: number | null;
  /** mean follow-up score, 1–5 */
  satisfaction: number | null;
  followUps: number;
  complaints: number;
  complaintsPer1000: number | null;
  /** faults reported in the period */
  faults: number;
  repeatFaults: number;
  /** repeatFaults / faults, 0–1; null without faults */
  repeatRate: number | null;
  customers: number;
}

/** One bucket of a grid's series. */
export interface KpiPoint {
  date: string;
  workOrders: number;
  resolutionRate: number | null;
  responseMeanMin: number | null;
  resolutionMeanMin: number | null;
  satisfaction: number | null;
  complaintsPer1000: number | null;
}

/** GET /api/grids/:id/kpis answer. */
export interface GridKpis {
  grid: { id: number; name: string };
  from: string;
  to: string;
  kpis: Kpis;
  previous: Kpis;
  city: Kpis;
  series: KpiPoint[];
  bucket: 'day' | 'week';
}

/** A row of the dashboard: a grid and its KPIs. */
export type GridKpiRow = { gridId: number; idx: number; name: string; managerName: string | null } & Kpis;

/** GET /api/kpis answer. */
export interface AllKpis {
  planId: number;
  from: string;
  to: string;
  /** the dataset's reference "now" (ISO 8601); default periods end there */
  now: string;
  city: Kpis;
  items: GridKpiRow[];
}

/** GET /api/kpis/before-after answer. */
export interface BeforeAfter {
  date: string;
  days: number;
  city: { before: Kpis; after: Kpis };
  items: { gridId: number; name: string; before: Kpis; after: Kpis }[];
}
