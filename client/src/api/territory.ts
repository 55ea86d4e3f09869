/**
 * Territory endpoints (issue 9): a manager's grids, their cells, hotspots, customers, open work orders and crews.
 * A manager asking for another manager's grid gets 403 `not_your_territory` (an `ApiError` of kind `forbidden`).
 */
import type { MultiPolygon } from 'geojson';
import { requestJson } from './http.ts';

/** A grid of a plan with its summary stats. `bbox` is `[w, s, e, n]`, `centroid` `[lng, lat]`. */
export interface Grid {
  id: number;
  planId: number;
  idx: number;
  name: string;
  managerId: number | null;
  managerName: string | null;
  customers: number;
  /** contracted load, kW */
  loadKw: number;
  /** faults in the last 12 months */
  faults12m: number;
  /** number of H3 cells of the plan's resolution */
  cells: number;
  /** null while the grid has no geometry (no cells) */
  bbox: [number, number, number, number] | null;
  centroid: [number, number] | null;
}

export type GridDetail = Grid & { geometry: MultiPolygon | null };

/**
 * `GET /api/grids/:id/cells`: the grid's res-9 cells as parallel columns, index i of every array describes `h3[i]`.
 * `faultRate` is faults per 1,000 customers over 12 months, `trend` faults of the last 90 days ÷ faults of the 90 days before (divisor at least 1).
 */
export interface GridCells {
  res: number;
  h3: string[];
  customers: number[];
  loadKw: number[];
  faults12m: number[];
  faultRate: number[];
  trend: number[];
}

export interface HotspotHighest {
  h3: string;
  faultRate: number;
  faults: number;
  lng: number;
  lat: number;
}

export interface HotspotRising {
  h3: string;
  trend: number;
  recent: number;
  previous: number;
  lng: number;
  lat: number;
}

export interface Hotspots {
  highest: HotspotHighest[];
  rising: HotspotRising[];
}

export interface CustomerRow {
  id: number;
  account: string;
  type: string;
  loadKw: number;
  address: string | null;
  lng: number;
  lat: number;
  faults12m: number;
}

export interface CustomerPage {
  total: number;
  items: CustomerRow[];
}

export interface CustomerQuery {
  q?: string;
  type?: string;
  sort?: 'load' | 'account';
  limit?: number;
  offset?: number;
}

export interface CustomerHistory {
  customer: CustomerRow;
  faults: { id: number; reportedAt: string; kind: string; priority: string | number; status: string }[];
  workOrders: {
    id: number;
    state: string;
    priority: string | number;
    receivedAt: string | null;
    onSiteAt: string | null;
    resolvedAt: string | null;
    satisfaction: number | null;
    complaint: boolean | null;
  }[];
}

export interface OpenWorkOrder {
  id: number;
  state: string;
  priority: string | number;
  kind: string;
  lng: number;
  lat: number;
  receivedAt: string | null;
  crewId: number | null;
}

export interface Crew {
  id: number;
  code: string;
  name: string;
  status: string;
  lng: number;
  lat: number;
  skills: string[];
}

/** Grids visible to the signed-in user (a manager: only their own), of `planId` or the active plan. @throws ApiError */
export function fetchGrids(planId?: number, signal?: AbortSignal): Promise<{ planId: number; items: Grid[] }> {
  return requestJson(`/api/grids${planId ? `?planId=${planId}` : ''}`, { signal });
}

/** One grid with its outline. @throws ApiError (403 for another manager's grid, 404 unknown id) */
export function fetchGrid(id: number, signal?: AbortSignal): Promise<GridDetail> {
  return requestJson(`/api/grids/${id}`, { signal });
}

/** The grid's res-9 cells. @throws ApiError, or Error when the columns disagree in length */
export async function fetchGridCells(id: number, signal?: AbortSignal): Promise<GridCells> {
  const c = await requestJson<GridCells>(`/api/grids/${id}/cells`, { signal });
  const n = c.h3.length;
  for (const k of ['customers', 'loadKw', 'faults12m', 'faultRate', 'trend'] as const) {
    if (c[k].length !== n) throw new Error(`/api/grids/${id}/cells: column ${k} has ${c[k].length} values for ${n} cells`);
  }
  return c;
}

/** The `limit` cells with the highest and with the fastest rising fault rate. @throws ApiError */
export function fetchHotspots(id: number, limit = 10, signal?: AbortSignal): Promise<Hotspots> {
  return requestJson(`/api/grids/${id}/hotspots?limit=${limit}`, { signal });
}

/** A page of the grid's customers, filtered by `q` (account or address) and `type`. @throws ApiError */
export function fetchGridCustomers(id: number, query: CustomerQuery, signal?: AbortSignal): Promise<CustomerPage> {
  const p = new URLSearchParams();
  if (query.q) p.set('q', query.q);
  if (query.type) p.set('type', query.type);
  p.set('sort', query.sort ?? 'load');
  p.set('limit', String(query.limit ?? 50));
  p.set('offset', String(query.offset ?? 0));
  return requestJson(`/api/grids/${id}/customers?${p.toString()}`, { signal });
}

/** A customer's faults and work orders. @throws ApiError */
export function fetchCustomerHistory(customerId: number, signal?: AbortSignal): Promise<CustomerHistory> {
  return requestJson(`/api/customers/${customerId}/history`, { signal });
}

/** Work orders of the grid that are still open. @throws ApiError */
export function fetchOpenWorkOrders(id: number, signal?: AbortSignal): Promise<{ items: OpenWorkOrder[] }> {
  return requestJson(`/api/grids/${id}/work-orders?open=1`, { signal });
}

/** Crews inside the grid. @throws ApiError */
export function fetchGridCrews(id: number, signal?: AbortSignal): Promise<{ items: Crew[] }> {
  return requestJson(`/api/grids/${id}/crews`, { signal });
}

/** URL template of the customer tiles filtered to one grid (the server checks the grid is the user's). */
export function gridCustomerTilesUrl(gridId: number): string {
  return `/api/tiles/customers/{z}/{x}/{y}.mvt?gridId=${gridId}`;
}
