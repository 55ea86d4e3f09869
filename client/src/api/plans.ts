/**
 * The plans API (server/routes/plans.ts, boundaries.ts): plans, their cells and grids, edits with version
 * checks, jobs, history, managers, compare, export and boundary import. Edits and imports read the server's
 * error body (`{error: {code, message, fields, …}}`) so the view can say what happened (a stale version, a
 * move that would split a grid, an invalid file).
 */
import type { BoundarySet, Comparison, CreatePlanBody, EditAnswer, HistoryEntry, Job, ManagerLoad, Plan, PlanCells, PlanSummary } from '../../../contracts/plans.ts';
import { requestJson, ApiError } from './http.ts';

export type {
  BoundarySet,
  Comparison,
  CreatePlanBody,
  EditAnswer,
  Grid,
  GridStats,
  HistoryEntry,
  Job,
  ManagerLoad,
  Plan,
  PlanCells,
  PlanMetrics,
  PlanParams,
  PlanSummary,
} from '../../../contracts/plans.ts';

/** A refused edit or import, with the server's code, message, field errors and details. */
export class PlanApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: Record<string, string>;
  readonly details: Record<string, unknown>;
  constructor(status: number, code: string, message: string, fields: Record<string, string>, details: Record<string, unknown>) {
    super(message);
    this.name = 'PlanApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.details = details;
  }
}

/**
 * Sends a JSON request and returns the parsed answer.
 * @throws PlanApiError for 4xx answers with an error body; ApiError('network') when unreachable.
 */
async function send<T>(method: 'POST' | 'PATCH', path: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, { method, credentials: 'same-origin', headers: { 'Content-Type': 'application/json', Accept: 'application/json' }, body: JSON.stringify(body) });
  } catch (err) {
    throw new ApiError('network', 0, `Cannot reach ${path}: ${String(err)}`);
  }
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON (a proxy's page): handled below
  }
  if (res.ok) return parsed as T;
  const e = (parsed as { error?: Record<string, unknown> } | undefined)?.error;
  if (e && res.status < 500) {
    const { code, message, fields, ...details } = e;
    throw new PlanApiError(res.status, String(code ?? 'error'), String(message ?? ''), (fields as Record<string, string>) ?? {}, details);
  }
  throw new ApiError(res.status >= 502 && res.status <= 504 ? 'network' : res.status === 403 ? 'forbidden' : 'server', res.status, `${method} ${path} answered ${res.status}`);
}

/** @throws ApiError */
export const listPlans = (signal?: AbortSignal): Promise<PlanSummary[]> => requestJson('/api/plans', { signal });
/** @throws ApiError */
export const getPlan = (id: number, signal?: AbortSignal): Promise<Plan> => requestJson(`/api/plans/${id}`, { signal });
/** @throws ApiError */
export const getPlanCells = (id: number, signal?: AbortSignal): Promise<PlanCells> => requestJson(`/api/plans/${id}/cells`, { signal });
/** @throws ApiError */
export const getHistory = (id: number, since?: number): Promise<HistoryEntry[]> => requestJson(`/api/plans/${id}/history${since !== undefined ? `?since=${since}` : ''}`);
/** @throws ApiError */
export const getManagers = (id: number): Promise<ManagerLoad[]> => requestJson(`/api/plans/${id}/managers`);
/** @throws ApiError */
export const getJob = (id: string, signal?: AbortSignal): Promise<Job> => requestJson(`/api/jobs/${id}`, { signal });
/** @throws ApiError */
export const comparePlans = (a: number, b: number): Promise<Comparison> => requestJson(`/api/plans/${a}/compare/${b}`);
/** @throws ApiError */
export const listBoundaries = (): Promise<BoundarySet[]> => requestJson('/api/boundaries');
/** @throws ApiError */
export const getBoundaries = (id: number, signal?: AbortSignal): Promise<GeoJSON.FeatureCollection> => requestJson(`/api/boundaries/${id}`, { signal });

/** Starts computing a plan. @throws PlanApiError (400 fields, 422) */
export const createPlan = (body: CreatePlanBody): Promise<{ jobId: string }> => send('POST', '/api/plans', body);
/** @throws PlanApiError (409 when it has ended) */
export const cancelJob = (id: string): Promise<Job> => send('POST', `/api/jobs/${id}/cancel`, {});

/** Saves cell moves at `version`. @throws PlanApiError: 409 stale version / locked grid, 422 `split` */
export const moveCells = (id: number, body: { version: number; moves: Array<{ cell: string; grid: number }>; allowSplit: boolean }): Promise<EditAnswer> =>
  send('PATCH', `/api/plans/${id}/cells`, body);
/** @throws PlanApiError */
export const setLock = (id: number, body: { gridId: number; locked: boolean; version: number }): Promise<{ version: number }> => send('POST', `/api/plans/${id}/lock`, body);
/** @throws PlanApiError */
export const updateGrid = (id: number, gridId: number, body: { managerId?: number | null; name?: string; version: number }): Promise<{ version: number }> =>
  send('PATCH', `/api/plans/${id}/grids/${gridId}`, body);
/** Adds an empty grid (to split into). @throws PlanApiError (409 stale version) */
export const addGrid = (id: number, body: { version: number; name?: string }): Promise<{ version: number; id: number; idx: number; name: string }> => send('POST', `/api/plans/${id}/grids`, body);
/** @throws PlanApiError */
export const duplicatePlan = (id: number, name?: string): Promise<{ id: number }> => send('POST', `/api/plans/${id}/duplicate`, name ? { name } : {});
/** @throws PlanApiError (400 with the invalid field named) */
export const importBoundaries = (name: string, geojson: unknown): Promise<{ id: number; areas: number }> => send('POST', '/api/boundaries', { name, geojson });

/** URL of a plan's export. */
export const exportUrl = (id: number, format: 'csv' | 'geojson'): string => `/api/plans/${id}/export?format=${format}`;
