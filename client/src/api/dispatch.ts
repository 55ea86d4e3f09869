/**
 * Dispatch API for the Dispatch view: crews, incidents, optimizer proposals, applying and reassigning, the
 * simulator and the active plan's grid outlines. Also `requestDetailed`, a JSON call whose errors keep the
 * server's `{error: {code, message, fields, …}}` body (the view shows the allowed next states of a 409).
 */
import type { ApplyAnswer, Crew, CrewStatus, Incident, Proposal } from '../../../contracts/dispatch.ts';
import { ApiError, requestJson, type ApiErrorKind, type RequestOptions } from './http.ts';

/** An API failure with the server's error code, message, field errors and extra details. */
export class DetailedApiError extends ApiError {
  /** server error code, e.g. `illegal_transition`, `conflict`, `missing_skill`, `bad_request` */
  readonly code: string;
  readonly serverMessage: string;
  readonly fields: Record<string, string>;
  /** every other member of the error body (e.g. `allowed` of an illegal transition) */
  readonly details: Record<string, unknown>;

  constructor(kind: ApiErrorKind, status: number, message: string, body: Record<string, unknown>, retryAfterSeconds?: number) {
    super(kind, status, message, retryAfterSeconds);
    this.name = 'DetailedApiError';
    const { code, message: serverMessage, fields, ...details } = body;
    this.code = typeof code === 'string' ? code : kind;
    this.serverMessage = typeof serverMessage === 'string' ? serverMessage : message;
    this.fields = fields && typeof fields === 'object' ? (fields as Record<string, string>) : {};
    this.details = details;
  }
}

function kindOf(status: number): ApiErrorKind {
  if (status === 0 || status === 502 || status === 503 || status === 504) return 'network';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'notFound';
  if (status === 429) return 'rateLimited';
  if (status >= 400 && status < 500) return 'badRequest';
  return 'server';
}

/**
 * Calls a JSON endpoint like `requestJson`, but a failure keeps the error body.
 * @throws DetailedApiError (status 0 when the server cannot be reached)
 */
export async function requestDetailed<T>(path: string, opts: Pick<RequestOptions, 'method' | 'body' | 'signal'> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? 'GET',
      credentials: 'same-origin',
      headers: opts.body === undefined ? { Accept: 'application/json' } : { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new DetailedApiError('network', 0, `Cannot reach ${path}: ${String(err)}`, {});
  }
  let body: unknown = undefined;
  if (res.status !== 204) {
    try {
      body = await res.json();
    } catch {
      body = undefined; // not JSON (a proxy's error page): judged by the status alone
    }
  }
  if (!res.ok) {
    const raw = body && typeof body === 'object' ? (body as { error?: unknown }).error : undefined;
    const err = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    const retry = Number(res.headers.get('Retry-After'));
    throw new DetailedApiError(kindOf(res.status), res.status, `${opts.method ?? 'GET'} ${path} answered ${res.status}`, err, Number.isFinite(retry) && retry > 0 ? retry : undefined);
  }
  return body as T;
}

export type { ApplyAnswer, Crew, CrewStatus, Incident, Proposal, ProposalAssignment } from '../../../contracts/dispatch.ts';
export const CREW_STATUSES: readonly CrewStatus[] = ['available', 'en_route', 'on_site', 'off_shift'];
export const SKILLS = ['line', 'cable', 'transformer', 'meter'] as const;

/** The simulator's state. */
export interface SimulatorState {
  running: boolean;
  speed: number;
  simTime: string | null;
  /** simulated time until which faults surge (null: no storm) */
  stormUntil?: string | null;
  stats: Record<string, number>;
}

/** Crews with position, status and route. @throws ApiError */
export async function fetchCrews(signal?: AbortSignal): Promise<Crew[]> {
  return (await requestJson<{ items: Crew[] }>('/api/crews', { signal })).items;
}

/** Open incidents. @throws ApiError */
export async function fetchIncidents(signal?: AbortSignal): Promise<Incident[]> {
  return (await requestJson<{ items: Incident[] }>('/api/incidents?state=open', { signal })).items;
}

/** Splits the listed orders out of an incident. @throws DetailedApiError */
export function splitIncident(id: number, workOrderIds: number[]): Promise<{ incidents: Incident[] }> {
  return requestDetailed(`/api/incidents/${id}/split`, { method: 'POST', body: { workOrderIds } });
}

/** Merges incidents into one. @throws DetailedApiError */
export function mergeIncidents(ids: number[]): Promise<Incident> {
  return requestDetailed('/api/incidents/merge', { method: 'POST', body: { ids } });
}

/** Asks the optimizer for a proposal over the open faults (503 while the road network builds). @throws DetailedApiError */
export function requestProposal(): Promise<Proposal> {
  return requestDetailed<Proposal>('/api/dispatch/proposals', { method: 'POST', body: { geometry: true } });
}

/** Applies a proposal, all of it or the assignments of `faultIds`. @throws DetailedApiError (409 taken meanwhile) */
export function applyProposal(proposalId: number, faultIds?: number[]): Promise<ApplyAnswer> {
  return requestDetailed<ApplyAnswer>('/api/dispatch/apply', { method: 'POST', body: faultIds ? { proposalId, faultIds } : { proposalId } });
}

/** Assigns orders to crews by hand. @throws DetailedApiError (409 crew booked, 422 missing skill) */
export function assignManually(assignments: { workOrderId: number; crewId: number }[], reason?: string): Promise<ApplyAnswer> {
  return requestDetailed<ApplyAnswer>('/api/dispatch/apply', { method: 'POST', body: reason ? { assignments, reason } : { assignments } });
}

/** Gives an assigned order to another crew. @throws DetailedApiError */
export function reassign(workOrderId: number, crewId: number, reason: string): Promise<ApplyAnswer> {
  return requestDetailed<ApplyAnswer>('/api/dispatch/reassign', { method: 'POST', body: { workOrderId, crewId, reason } });
}

/** @throws ApiError */
export function fetchSimulator(signal?: AbortSignal): Promise<SimulatorState> {
  return requestJson<SimulatorState>('/api/simulator', { signal });
}

/** Starts/pauses the simulator or changes its speed (×1–×60). @throws DetailedApiError */
export function updateSimulator(patch: { running?: boolean; speed?: number }): Promise<SimulatorState> {
  return requestDetailed<SimulatorState>('/api/simulator', { method: 'POST', body: patch });
}

/** A surge of faults for `minutes` of simulated time. @throws DetailedApiError */
export function startStorm(minutes?: number): Promise<unknown> {
  return requestDetailed('/api/simulator/storm', { method: 'POST', body: minutes ? { minutes } : {} });
}

/** A plan as GET /api/plans lists it (only what this view uses). */
export interface PlanSummary {
  id: number;
  name?: string;
  isActive?: boolean;
}

export type GridOutlines = GeoJSON.FeatureCollection<GeoJSON.Geometry, Record<string, unknown>>;

/** The active plan and its grid outlines, or null when no plan is active. @throws ApiError */
export async function fetchActiveGrids(signal?: AbortSignal): Promise<{ plan: PlanSummary; grids: GridOutlines } | null> {
  const list = await requestJson<PlanSummary[] | { items: PlanSummary[] }>('/api/plans', { signal });
  const plans = Array.isArray(list) ? list : list.items;
  const plan = plans.find((p) => p.isActive);
  if (!plan) return null;
  const grids = await requestJson<GridOutlines>(`/api/plans/${plan.id}/grids.geojson`, { signal });
  return { plan, grids };
}
