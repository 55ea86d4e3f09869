/**
 * The one definition of the JSON the work-order API speaks (GET/POST /api/work-orders…, the `work_order.*`
 * events), shared by the server and the client. Types only (and the shared list of states); times are ISO strings.
 */

/** Work-order states, in lifecycle order, then the two side exits. */
export const WORK_ORDER_STATES = ['received', 'assigned', 'en_route', 'on_site', 'resolved', 'follow_up', 'closed', 'escalated', 'cancelled'] as const;
export type WorkOrderState = (typeof WORK_ORDER_STATES)[number];

export type Priority = 1 | 2 | 3 | 4;
export type FaultKind = 'outage' | 'low_voltage' | 'meter' | 'line_damage' | 'transformer';

/** A work order as answered (list, detail) and sent in `work_order.*` events. */
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
  /** receivedAt + the priority's target response time */
  slaDueAt: string;
  etaAt: string | null;
  satisfaction: number | null;
  complaint: boolean;
  ticket: string | null;
  version: number;
}

/** One recorded state change of a work order. */
export interface Transition {
  from: WorkOrderState | null;
  to: WorkOrderState;
  reason: string | null;
  user: string | null;
  at: string;
}

/** GET /api/work-orders/:id answer. */
export type WorkOrderDetail = WorkOrder & { transitions: Transition[]; allowed: WorkOrderState[] };

/** GET /api/work-orders answer. */
export interface WorkOrderList {
  items: WorkOrder[];
  /** target response minutes per priority ("1".."4") */
  slaMinutes: Record<string, number>;
  now: string;
}

/** POST /api/work-orders/:id/transitions body. */
export interface TransitionInput {
  to: WorkOrderState;
  reason?: string;
  crewId?: number;
  satisfaction?: number;
  complaint?: boolean;
  version?: number;
}
