/**
 * The one definition of the JSON the dispatch API speaks (crews, incidents, optimizer proposals, applying and
 * reassigning; also the `crew.updated` and `incident.updated` events), shared by the server and the client.
 * Types only; times are ISO strings.
 */
import type { NotChosenReason, PlanSummary, Priority } from '../geo/dispatch/model.ts';

export type CrewStatus = 'available' | 'en_route' | 'on_site' | 'off_shift';

/** A crew as answered by GET /api/crews and sent in `crew.updated`, with its live position and, when driving, its route. */
export interface Crew {
  id: number;
  code: string;
  name: string;
  skills: string[];
  status: CrewStatus;
  lng: number;
  lat: number;
  headingDeg: number | null;
  homeGridId: number | null;
  workOrderId: number | null;
  route: { coordinates: [number, number][]; etaAt: string } | null;
  /** shift, local time (UTC+8) `HH:MM:SS`; start = end means round the clock */
  shiftStart: string;
  shiftEnd: string;
  updatedAt: string;
}

/** Fault reports grouped in space and time (GET /api/incidents, `incident.updated`). */
export interface Incident {
  id: number;
  lng: number;
  lat: number;
  radiusM: number;
  workOrderIds: number[];
  faultCount: number;
  firstAt: string;
  lastAt: string;
  priority: number;
  state: 'open' | 'closed';
}

/** One assignment of a proposal. */
export interface ProposalAssignment {
  faultId: number;
  workOrderId: number;
  crewId: number;
  crewCode: string;
  priority: Priority;
  /** planned arrival on site (service start) */
  eta: string;
  /** seconds from the proposal's time to `eta` */
  etaSeconds: number;
  responseSeconds: number;
  onTime: boolean;
  explanation: {
    alternatives: { crewId: number; eta: string; etaSeconds: number }[];
    betterEtaNotChosen: { crewId: number; eta: string; etaSeconds: number; reason: NotChosenReason }[];
  };
}

/** POST /api/dispatch/proposals answer. */
export interface Proposal {
  proposalId: number;
  createdAt: string;
  expiresAt: string;
  assignments: ProposalAssignment[];
  unassigned: { faultId: number; workOrderId: number; priority: Priority; reason: string; detail: string }[];
  /** per crew that gets work: ordered stops (the order under way first, `underWay`) */
  routes: {
    crewId: number;
    crewCode: string;
    stops: { workOrderId: number; faultId: number | null; arrival: string; start: string; end: string; underWay: boolean }[];
    travelSeconds: number;
    travelMeters: number;
    /** road geometry from the crew's position through its stops (null when not asked for or a leg has no route) */
    geometry: { type: 'LineString'; coordinates: [number, number][] } | null;
  }[];
  /** the optimizer's summary, with the counts it planned over and how long it took */
  summary: PlanSummary & { faults: number; crews: number; planMs: number };
}

/** POST /api/dispatch/apply and /reassign answer. */
export interface ApplyAnswer {
  applied: { workOrderId: number; faultId: number; crewId: number }[];
  proposalId: number | null;
  eventId: number;
}
