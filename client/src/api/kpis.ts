/**
 * KPI endpoints (issue 9): one grid's KPIs with the previous period, the city and a time series; all grids for
 * the dashboard; before/after a date; CSV export and the monthly report. Dates are `YYYY-MM-DD`.
 */
import type { FeatureCollection, MultiPolygon } from 'geojson';
import type { AllKpis, BeforeAfter, GridKpis } from '../../../contracts/kpis.ts';
import { requestJson } from './http.ts';

export type { AllKpis, BeforeAfter, GridKpiRow, GridKpis, KpiPoint, Kpis } from '../../../contracts/kpis.ts';

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
