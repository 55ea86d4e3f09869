/**
 * The one definition of the JSON the territory API speaks (GET /api/grids…, /api/grids/:id/cells, hotspots,
 * customers, work-orders, crews, /api/customers/:id/history), shared by the server and the client. Types only;
 * times are ISO strings, positions `[lng, lat]` degrees.
 */
import type { MultiPolygon } from 'geojson';

/** A grid of a plan with its summary stats. */
export interface Grid {
  id: number;
  planId: number;
  idx: number;
  name: string;
  managerId: number | null;
  managerName: string | null;
  /** customers in the grid */
  customers: number;
  /** contracted load, kW */
  loadKw: number;
  /** faults in the twelve months before the dataset's reference now */
  faults12m: number;
  /** H3 cells of the plan's resolution in the grid */
  cells: number;
  /** [west, south, east, north], degrees; null while the grid has no geometry (no cells) */
  bbox: [number, number, number, number] | null;
  /** [lng, lat] of the grid's centroid; null without geometry */
  centroid: [number, number] | null;
}

/** GET /api/grids answer. */
export interface GridList {
  planId: number;
  items: Grid[];
}

/** GET /api/grids/:id answer: the grid with its outline. */
export type GridDetail = Grid & { geometry: MultiPolygon | null };

/** GET /api/grids/:id/cells: the grid's res-9 cells as parallel columns; index i of every array describes `h3[i]`. */
export interface GridCells {
  res: number;
  h3: string[];
  customers: number[];
  /** kW */
  loadKw: number[];
  faults12m: number[];
  /** faults per 1,000 customers over 12 months (0 without customers) */
  faultRate: number[];
  /** faults of the last 90 days ÷ faults of the 90 days before (divisor at least 1) */
  trend: number[];
  /** faults in the last 90 days */
  recent: number[];
  /** faults in the 90 days before */
  previous: number[];
}

export interface HotspotHighest {
  h3: string;
  faultRate: number;
  faults: number;
  customers: number;
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

/** GET /api/grids/:id/hotspots answer. */
export interface Hotspots {
  /** highest fault rate first */
  highest: HotspotHighest[];
  /** highest trend first */
  rising: HotspotRising[];
}

/** A customer in a grid's list. */
export interface CustomerRow {
  id: number;
  account: string;
  type: string;
  /** contracted load, kW */
  loadKw: number;
  address: string | null;
  lng: number;
  lat: number;
  /** non-cancelled faults in the twelve months before the reference now */
  faults12m: number;
}

/** GET /api/grids/:id/customers answer. */
export interface CustomerPage {
  total: number;
  items: CustomerRow[];
}

/** A customer with its location and cell. */
export interface CustomerDetail {
  id: number;
  account: string;
  type: string;
  loadKw: number;
  address: string | null;
  districtId: number;
  substationId: number | null;
  h3: string;
  lng: number;
  lat: number;
  /** grid of the active plan the customer lies in (null outside it or without an active plan) */
  gridId: number | null;
}

/** A customer's faults and their work orders, newest first. */
export interface CustomerFaultHistory {
  faults: Array<{ id: number; reportedAt: string; kind: string; priority: number; status: string }>;
  workOrders: Array<{ id: number; faultId: number; state: string; priority: number; receivedAt: string; onSiteAt: string | null; resolvedAt: string | null; satisfaction: number | null; complaint: boolean }>;
}

/** GET /api/customers/:id/history answer. */
export type CustomerHistory = { customer: CustomerDetail } & CustomerFaultHistory;

/** A work order on the territory map (GET /api/grids/:id/work-orders items). */
export interface GridWorkOrder {
  id: number;
  state: string;
  priority: number;
  kind: string;
  lng: number;
  lat: number;
  receivedAt: string;
  crewId: number | null;
}

/** A crew on the territory map (GET /api/grids/:id/crews items). */
export interface GridCrew {
  id: number;
  code: string;
  name: string;
  status: string;
  lng: number;
  lat: number;
  skills: string[];
}
