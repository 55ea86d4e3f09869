/**
 * Work orders (工单) over the API: the dispatcher's list with SLA targets, one order with its transition history
 * and allowed next states, and transitions. The JSON types are the shared ones of contracts/work-orders.ts.
 */
import { requestJson } from './http.ts';
import { requestDetailed } from './dispatch.ts';
import { WORK_ORDER_STATES } from '../../../contracts/work-orders.ts';
import type { FaultKind, Priority, WorkOrder, WorkOrderDetail, WorkOrderList, WorkOrderState, TransitionInput } from '../../../contracts/work-orders.ts';

export { WORK_ORDER_STATES };
export type { FaultKind, Priority, Transition, WorkOrder, WorkOrderDetail, WorkOrderList, WorkOrderState, TransitionInput } from '../../../contracts/work-orders.ts';

/** States in which an order still needs the dispatcher (shown by default on the map and in the queue). */
export const OPEN_STATES: readonly WorkOrderState[] = ['received', 'assigned', 'en_route', 'on_site', 'escalated'];

/** States whose SLA is the response time: the crew is not on site yet. */
export const WAITING_STATES: readonly WorkOrderState[] = ['received', 'assigned', 'en_route', 'escalated'];

export const FAULT_KINDS: readonly FaultKind[] = ['outage', 'low_voltage', 'meter', 'line_damage', 'transformer'];

/** Skills (any one) that let a crew take a fault of the kind (mirrors server/services/dispatch.ts). */
export const KIND_SKILLS: Record<FaultKind, readonly string[]> = {
  outage: ['line', 'cable'],
  low_voltage: ['line', 'transformer'],
  meter: ['meter'],
  line_damage: ['line'],
  transformer: ['transformer'],
};

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

/**
 * Moves an order to another state.
 * @throws DetailedApiError: 409 `illegal_transition` (with `details.allowed`) or `conflict` (stale version), 422.
 */
export function postTransition(id: number, input: TransitionInput): Promise<WorkOrder> {
  return requestDetailed<WorkOrder>(`/api/work-orders/${id}/transitions`, { method: 'POST', body: input });
}
