/**
 * Territory endpoints (issue 9): a manager's grids, their cells, hotspots, customers, open work orders and crews.
 * A manager asking for another manager's grid gets 403 `not_your_territory` (an `ApiError` of kind `forbidden`).
 */
import type { CustomerHistory, CustomerPage, GridCells, GridCrew, GridDetail, GridList, GridWorkOrder, Hotspots } from '../../../contracts/territory.ts';
import { requestJson } from './http.ts';

export type {
  CustomerDetail,
  CustomerHistory,
  CustomerPage,
  CustomerRow,
  Grid,
  GridCells,
  GridDetail,
  GridList,
  HotspotHighest,
  HotspotRising,
  Hotspots,
  GridCrew as Crew,
  GridWorkOrder as OpenWorkOrder,
} from '../../../contracts/territory.ts';

export interface CustomerQuery {
  q?: string;
  type?: string;
  sort?: 'load' | 'account';
  limit?: number;
  offset?: number;
}

/** Grids visible to the signed-in user (a manager: only their own), of `planId` or the active plan. @throws ApiError */
export function fetchGrids(planId?: number, signal?: AbortSignal): Promise<GridList> {
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
export function fetchOpenWorkOrders(id: number, signal?: AbortSignal): Promise<{ items: GridWorkOrder[] }> {
  return requestJson(`/api/grids/${id}/work-orders?open=1`, { signal });
}

/** Crews inside the grid. @throws ApiError */
export function fetchGridCrews(id: number, signal?: AbortSignal): Promise<{ items: GridCrew[] }> {
  return requestJson(`/api/grids/${id}/crews`, { signal });
}

/** URL template of the customer tiles filtered to one grid (the server checks the grid is the user's). */
export function gridCustomerTilesUrl(gridId: number): string {
  return `/api/tiles/customers/{z}/{x}/{y}.mvt?gridId=${gridId}`;
}
