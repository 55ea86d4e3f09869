/**
 * Work orders (工单) over the API: the dispatcher's list with SLA targets, one order with its transition history
 * and allowed next states, and transitions. Types follow the server's WorkOrder JSON.
 */
import { requestJson } from './http.ts';
import { requestDetailed } from './dispatch.ts';

/** Work-order states, in lifecycle order, then the two side exits. */
export const WORK_ORDER_STATES = ['received', 'assigned', 'en_route', 'on_site', 'resolved', 'follow_up', 'closed', 'escalated', 'cancelled'] as const;
export type WorkOrderState = (typeof WORK_ORDER_STATES)[number];

/** States in which an order still needs the dispatcher (shown by default on the map and in the queue). */
export const OPEN_STATES: readonly WorkOrderState[] = ['received', 'assigned', 'en_route', 'on_site', 'escalated'];

/** States whose SLA is the response time: the crew is not on site yet. */
export const WAITING_STATES: readonly WorkOrderState[] = ['received', 'assigned', 'en_route', 'escalated'];

export type Priority = 1 | 2 | 3 | 4;
export type FaultKind = 'outage' | 'low_voltage' | 'meter' | 'line_damage' | 'transformer';
export const FAULT_KINDS: readonly FaultKind[] = ['outage', 'low_voltage', 'meter', 'line_damage', 'transformer'];

/** Skills (any one) that let a crew take a fault of the kind (mirrors server/services/dispatch.ts). */
export const KIND_SKILLS: Record<FaultKind, readonly string[]> = {
  outage: ['line', 'cable'],
  low_voltage: ['line', 'transformer'],
  meter: ['meter'],
  line_damage: ['line'],
  transformer: ['transformer'],
};

/** A work order as the server sends it (list, detail, events). Times are ISO strings. */
export interface WorkOrder {
  id: number;
  faultId: number;
  incidentId: number | null;
  state: WorkOrderState;
  priority: Priority;
  kind: FaultKind;
  source: 'history' | 'report' | 'simulation' | 'manual';
  description: string | null;
  lng: number;
  lat: number;
  h3: string;
  gridId: number | null;
  gridName: string | null;
  crewId: number | null;
  crewCode: string | null;
  /** the crew comes from another grid (跨网格支援) */
  mutualAid: boolean;
  receivedAt: string;
  assignedAt: string | null;
  enRouteAt: string | null;
  onSiteAt: string | null;
  resolvedAt: string | null;
  followUpAt: string | null;
  closedAt: string | null;
  slaDueAt: string | null;
  etaAt: string | null;
  satisfaction: number | null;
  complaint: boolean;
  ticket: string | null;
  version: number;
}

export interface Transition {
  from: WorkOrderState | null;
  to: WorkOrderState;
  reason: string | null;
  user: string | null;
  at: string;
}

/** GET /api/work-orders/:id */
export type WorkOrderDetail = WorkOrder & { transitions: Transition[]; allowed: WorkOrderState[] };

/** GET /api/work-orders */
export interface WorkOrderList {
  items: WorkOrder[];
  /** target response minutes per priority ("1".."4") */
  slaMinutes: Record<string, number>;
  now: string;
}

export interface WorkOrderQuery {
  state?: 'open' | 'all' | readonly WorkOrderState[];
  priority?: readonly Priority[];
  gridId?: number;
  skill?: string;
  limit?: number;
}

/** Lists work orders. @throws ApiError */
export function fetchWorkOrders(q: WorkOrderQuery = {}, signal?: AbortSignal): Promise<WorkOrderList> {
  const p = new URLSearchParams();
  if (q.state) p.set('state', typeof q.state === 'string' ? q.state : q.state.join(','));
  if (q.priority?.length) p.set('priority', q.priority.join(','));
  if (q.gridId !== undefined) p.set('gridId', String(q.gridId));
  if (q.skill) p.set('skill', q.skill);
  if (q.limit !== undefined) p.set('limit', String(q.limit));
  const qs = p.toString();
  return requestJson<WorkOrderList>(`/api/work-orders${qs ? `?${qs}` : ''}`, { signal });
}

/** One work order with its history and the states it may go to next. @throws ApiError */
export function fetchWorkOrder(id: number, signal?: AbortSignal): Promise<WorkOrderDetail> {
  return requestJson<WorkOrderDetail>(`/api/work-orders/${id}`, { signal });
}

export interface TransitionInput {
  to: WorkOrderState;
  reason?: string;
  crewId?: number;
  satisfaction?: number;
  complaint?: boolean;
  version?: number;
}

/**
 * Moves an order to another state.
 * @throws DetailedApiError: 409 `illegal_transition` (with `details.allowed`) or `conflict` (stale version), 422.
 */
export function postTransition(id: number, input: TransitionInput): Promise<WorkOrder> {
  return requestDetailed<WorkOrder>(`/api/work-orders/${id}/transitions`, { method: 'POST', body: input });
}
