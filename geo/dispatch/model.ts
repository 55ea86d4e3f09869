/**
 * The dispatch model the server speaks: faults/work orders (jobs) and crews, in whole seconds on
 * one plan clock and matrix location indices, and the plan that comes back.
 */
import type { CostMatrix } from './matrix.ts';

export type Priority = 'P1' | 'P2' | 'P3' | 'P4';
/** Priorities from most to least urgent; the index is the Core's jobPriority. */
export const PRIORITIES: readonly Priority[] = ['P1', 'P2', 'P3', 'P4'];

/** Target response time per priority, in seconds (from `reportedAt` to service start). */
export type ResponseTargets = Record<Priority, number>;

/** P1 45 min, P2 2 h, P3 8 h, P4 next day (24 h). */
export const DEFAULT_TARGETS: ResponseTargets = { P1: 45 * 60, P2: 2 * 3600, P3: 8 * 3600, P4: 24 * 3600 };

export interface DispatchJob {
  id: string;
  /** Index into the cost matrix. */
  location: number;
  /** Time on site, seconds. */
  serviceSeconds: number;
  priority: Priority;
  /** When the fault was reported (plan clock, seconds); response time is measured from here. */
  reportedAt: number;
  /** Hard window on the service start [earliest, latest], seconds (e.g. a customer appointment). */
  timeWindow?: [number, number];
  /** Skills the crew must all have. */
  skills?: readonly string[];
  /** Units of crew capacity the job uses (e.g. a spare part); default 0. */
  demand?: number;
}

/** A job a crew is doing now (en route or on site): never moved by the optimizer. */
export interface JobUnderWay {
  jobId: string;
  /** Where the crew will be when it is done (matrix index). */
  location: number;
  /** When it will be done (plan clock, seconds). */
  busyUntil: number;
}

export interface DispatchCrew {
  id: string;
  /** Current position (matrix index). */
  start: number;
  /** Depot to return to by the shift end (matrix index); null: no return leg. */
  end: number | null;
  /** Shift [start, end], plan clock seconds. */
  shift: [number, number];
  skills?: readonly string[];
  /** Capacity in demand units; default unlimited. */
  capacity?: number;
  current?: JobUnderWay;
}

/** A previous plan: the ordered job ids per crew. */
export type PreviousPlan = readonly { crewId: string; jobIds: readonly string[] }[];

export interface DispatchProblem {
  /** Plan clock "now", seconds: no crew leaves before it. */
  now: number;
  jobs: readonly DispatchJob[];
  crews: readonly DispatchCrew[];
  matrix: CostMatrix;
}

/**
 * Objective weights (integers). Defaults make the terms lexicographic in practice: unserved jobs
 * (by priority) ≫ late P1 ≫ priority-weighted response seconds ≫ travel meters.
 */
export interface DispatchWeights {
  /** Cost of leaving a job unserved, by priority. */
  unserved: Record<Priority, number>;
  /** Cost per second of response time, by priority. */
  response: Record<Priority, number>;
  /** Fixed cost of a P1 served after its target, plus a cost per late second. */
  p1LateFixed: number;
  p1LatePerSecond: number;
  /** Cost per meter travelled. */
  travelPerMeter: number;
  /** Cost of moving a job to a crew other than the one the previous plan gave it. */
  movePenalty: number;
}

/**
 * Default weights. Response weights 80/40/20/10 per second make one second of a P4's response
 * worth 10 m of travel; a late P1 (1e10) outweighs all response time of 200 jobs over a day
 * (≤ 1.4e9); an unserved job (≥ 1e13) outweighs hundreds of late P1s. Largest possible total
 * (200 unserved P1s, 8e15) stays below 2^53, so costs are exact integers.
 */
export const DEFAULT_WEIGHTS: DispatchWeights = {
  unserved: { P1: 4e13, P2: 3e13, P3: 2e13, P4: 1e13 },
  response: { P1: 80, P2: 40, P3: 20, P4: 10 },
  p1LateFixed: 1e10,
  p1LatePerSecond: 1000,
  travelPerMeter: 1,
  // about 10 minutes of a P2's response time
  movePenalty: 24_000,
};

export interface DispatchOptions {
  targets?: Partial<ResponseTargets>;
  weights?: Partial<DispatchWeights>;
  /** The plan being revised (re-optimisation): moving its jobs to another crew costs movePenalty. */
  previous?: PreviousPlan;
  seed?: number;
  timeLimitMs?: number;
  maxIterations?: number;
  now?: () => number;
}

/** Why a job is not in the plan. */
export type UnassignedReason =
  | 'no_skill' // no crew has every required skill
  | 'capacity' // no crew with the skills has the capacity
  | 'outside_shift' // no suitable crew can start it within its window and be back by its shift end
  | 'crews_busy'; // feasible alone, but every suitable crew's time went to more valuable jobs

/** Why a crew with an earlier possible arrival did not get the job. */
export type NotChosenReason =
  | 'skill'
  | 'capacity'
  | 'shift_end' // it could get there first but not finish and return before its shift ends
  | 'busy_higher_priority' // its time is taken by jobs of higher priority
  | 'busy_better_plan'; // its time is taken by jobs of the same or lower priority that the plan serves better this way

export interface Explanation {
  /** Planned service start (plan clock seconds). */
  eta: number;
  /** The next two best crews: the earliest start each could give, fitting it into its own plan. */
  alternatives: { crewId: string; eta: number }[];
  /** Up to three crews that could have arrived earlier if sent straight there, and why they were not. */
  betterEtaNotChosen: { crewId: string; eta: number; reason: NotChosenReason }[];
}

export interface PlannedStop {
  jobId: string;
  /** Arrival and service start/end, plan clock seconds. */
  arrival: number;
  start: number;
  end: number;
  /** The job under way (frozen) is the first stop, with `underWay` true. */
  underWay: boolean;
}

export interface CrewRoute {
  crewId: string;
  stops: PlannedStop[];
  travelSeconds: number;
  travelMeters: number;
  /** Arrival at the depot (or the last departure when there is no return leg). */
  endAt: number;
}

export interface Assignment {
  jobId: string;
  crewId: string;
  priority: Priority;
  eta: number;
  responseSeconds: number;
  onTime: boolean;
  explanation: Explanation;
}

export interface UnassignedJob {
  jobId: string;
  priority: Priority;
  reason: UnassignedReason;
  detail: string;
}

export type ChangeKind = 'assigned' | 'reassigned' | 'unassigned' | 'resequenced';

/** One difference between the previous plan and the new one. */
export interface PlanChange {
  jobId: string;
  kind: ChangeKind;
  fromCrewId: string | null;
  toCrewId: string | null;
}

export interface PlanSummary {
  served: number;
  unserved: number;
  p1Total: number;
  p1OnTime: number;
  /** Σ priority weight × response seconds / Σ priority weight over served jobs (weights 8/4/2/1). */
  weightedResponseSeconds: number;
  travelMeters: number;
}

export interface DispatchPlan {
  routes: CrewRoute[];
  assignments: Assignment[];
  unassigned: UnassignedJob[];
  /** Empty unless `previous` was given. */
  changes: PlanChange[];
  summary: PlanSummary;
  cost: number;
  stats: { iterations: number; ms: number };
}
