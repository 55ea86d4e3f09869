/**
 * KPI endpoints (issue 9): one grid's KPIs with the previous period, the city and a time series; all grids for
 * the dashboard; before/after a date; CSV export and the monthly report. Dates are `YYYY-MM-DD`.
 */
import type { FeatureCollection, MultiPolygon } from 'geojson';
import { requestJson } from './http.ts';

/** The KPI set of a grid or the city over a period; null where undefined (e.g. no work orders). */
export interface Kpis {
  workOrders: number;
  resolved: number;
  /** resolved / workOrders, 0–1 */
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
  repeatFaults: number;
  /** repeatFaults / faults, 0–1 */
  repeatRate: number | null;
  customers: number;
}

export interface KpiPoint {
  date: string;
  workOrders: number;
  resolutionRate: number | null;
  responseMeanMin: number | null;
  resolutionMeanMin: number | null;
  satisfaction: number | null;
  complaintsPer1000: number | null;
}

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

export type GridKpiRow = { gridId: number; idx: number; name: string; managerName: string | null } & Kpis;

export interface AllKpis {
  planId: number;
  from: string;
  to: string;
  /** the dataset's reference "now" (ISO 8601); default periods end there */
  now: string;
  city: Kpis;
  items: GridKpiRow[];
}

export interface BeforeAfter {
  date: string;
  days: number;
  city: { before: Kpis; after: Kpis };
  items: { gridId: number; name: string; before: Kpis; after: Kpis }[];
}

export interface Period {
  from: string;
  to: string;
}

function periodQuery(p: Partial<Period>): string {
  const q = new URLSearchParams();
  if (p.from) q.set('from', p.from);
  if (p.to) q.set('to', p.to);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** One grid's KPIs over `period` (server default when omitted). @throws ApiError (403 not your territory) */
export function fetchGridKpis(gridId: number, period: Partial<Period>, signal?: AbortSignal): Promise<GridKpis> {
  return requestJson(`/api/grids/${gridId}/kpis${periodQuery(period)}`, { signal });
}

/** Every grid of the active plan with its KPIs, and the city. Admin and planner only. @throws ApiError */
export function fetchAllKpis(period: Partial<Period>, signal?: AbortSignal): Promise<AllKpis> {
  return requestJson(`/api/kpis${periodQuery(period)}`, { signal });
}

/** KPIs `days` days before and after `date`, per grid and for the city. @throws ApiError */
export function fetchBeforeAfter(date: string | null, days: number, signal?: AbortSignal): Promise<BeforeAfter> {
  const q = new URLSearchParams({ days: String(days) });
  if (date) q.set('date', date);
  return requestJson(`/api/kpis/before-after?${q.toString()}`, { signal });
}

/** Grid outlines of a plan; feature id (and `properties.id`) is the grid id. @throws ApiError */
export function fetchPlanGrids(planId: number, signal?: AbortSignal): Promise<FeatureCollection<MultiPolygon, { id: number; idx: number; name: string; manager: string | null }>> {
  return requestJson(`/api/plans/${planId}/grids.geojson`, { signal });
}

/** URL of the CSV export of every grid's KPIs over `period`. */
export function kpiCsvUrl(period: Period): string {
  return `/api/kpis/export.csv${periodQuery(period)}`;
}

/** URL of the printable monthly report (`month` = `YYYY-MM`). */
export function kpiReportUrl(month: string): string {
  return `/api/kpis/report.html?month=${month}`;
}
