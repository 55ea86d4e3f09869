/**
 * State of the Dispatch view: work orders, crews and incidents keyed by id (from the initial load, the SSE stream
 * and our own calls, whichever is newest wins), filters, the selection, the current proposal and messages.
 * One store per mounted view; the apply functions are pure so the same event applied twice changes nothing.
 */
import { createStore, type Store } from '../../state/store.ts';
import type { Crew, GridOutlines, Incident, Proposal, SimulatorState } from '../../api/dispatch.ts';
import { KIND_SKILLS, OPEN_STATES, type Priority, type WorkOrder, type WorkOrderState } from '../../api/work-orders.ts';

/** Which orders the filters let through: status `open` means any of OPEN_STATES. */
export interface Filters {
  gridId: number | null;
  priorities: Priority[];
  status: 'open' | 'all' | WorkOrderState;
  skill: string | null;
}

/** A message for the dispatcher (result of an action); `kind` picks the colour. */
export interface Notice {
  kind: 'info' | 'error';
  text: string;
  /** ms timestamp, so the same text twice is shown again */
  at: number;
}

export interface DispatchState {
  status: 'loading' | 'ready' | 'error';
  loadError: unknown;
  orders: ReadonlyMap<number, WorkOrder>;
  crews: ReadonlyMap<number, Crew>;
  incidents: ReadonlyMap<number, Incident>;
  /** target response minutes per priority ("1".."4") */
  slaMinutes: Record<string, number>;
  /** server clock minus client clock, ms (SLA countdowns use the server's time) */
  clockOffsetMs: number;
  simulator: SimulatorState | null;
  grids: GridOutlines | null;
  filters: Filters;
  selectedOrderId: number | null;
  /** the crew picked for the selected order (non-drag assignment) */
  pickedCrewId: number | null;
  proposal: Proposal | null;
  proposalBusy: boolean;
  notice: Notice | null;
  zoom: number;
}

/** Default SLA targets (minutes) until the server sends its own. */
export const DEFAULT_SLA_MINUTES: Record<string, number> = { '1': 45, '2': 90, '3': 240, '4': 1440 };

/** A fresh store for one Dispatch view. */
export function createDispatchStore(): Store<DispatchState> {
  return createStore<DispatchState>({
    status: 'loading',
    loadError: null,
    orders: new Map(),
    crews: new Map(),
    incidents: new Map(),
    slaMinutes: DEFAULT_SLA_MINUTES,
    clockOffsetMs: 0,
    simulator: null,
    grids: null,
    filters: { gridId: null, priorities: [1, 2, 3, 4], status: 'open', skill: null },
    selectedOrderId: null,
    pickedCrewId: null,
    proposal: null,
    proposalBusy: false,
    notice: null,
    zoom: 9,
  });
}

/**
 * `orders` with `items` merged in; an item older (lower `version`) than the one held is ignored. Returns the same
 * map when nothing changed, so subscribers do not re-render. O(orders) when something changed.
 */
export function mergeOrders(orders: ReadonlyMap<number, WorkOrder>, items: readonly WorkOrder[]): ReadonlyMap<number, WorkOrder> {
  let out: Map<number, WorkOrder> | null = null;
  for (const wo of items) {
    const had = (out ?? orders).get(wo.id);
    if (had && had.version > wo.version) continue;
    if (had && had.version === wo.version && JSON.stringify(had) === JSON.stringify(wo)) continue;
    out ??= new Map(orders);
    out.set(wo.id, wo);
  }
  return out ?? orders;
}

/** `crews` with `items` merged in; an item with an older `updatedAt` than the one held is ignored. */
export function mergeCrews(crews: ReadonlyMap<number, Crew>, items: readonly Crew[]): ReadonlyMap<number, Crew> {
  let out: Map<number, Crew> | null = null;
  for (const c of items) {
    const had = (out ?? crews).get(c.id);
    if (had && Date.parse(had.updatedAt) > Date.parse(c.updatedAt)) continue;
    out ??= new Map(crews);
    out.set(c.id, c);
  }
  return out ?? crews;
}

/** `incidents` with `items` merged in; closed/merged incidents (state other than open) are removed. */
export function mergeIncidents(incidents: ReadonlyMap<number, Incident>, items: readonly Incident[]): ReadonlyMap<number, Incident> {
  const out = new Map(incidents);
  for (const i of items) {
    if (i.state && i.state !== 'open') out.delete(i.id);
    else out.set(i.id, i);
  }
  return out;
}

/** Whether a crew with `skills` can take a fault of `kind`. */
export function crewCanTake(skills: readonly string[], kind: WorkOrder['kind']): boolean {
  return (KIND_SKILLS[kind] ?? []).some((s) => skills.includes(s));
}

/** Whether `wo` passes the filters. */
export function orderMatches(wo: WorkOrder, f: Filters): boolean {
  if (!f.priorities.includes(wo.priority)) return false;
  if (f.gridId !== null && wo.gridId !== f.gridId) return false;
  if (f.status === 'open' ? !OPEN_STATES.includes(wo.state) : f.status !== 'all' && wo.state !== f.status) return false;
  if (f.skill && !(KIND_SKILLS[wo.kind] ?? []).includes(f.skill)) return false;
  return true;
}

/** Whether `crew` passes the filters (grid = home grid, skill). */
export function crewMatches(crew: Crew, f: Filters): boolean {
  if (f.gridId !== null && crew.homeGridId !== f.gridId) return false;
  if (f.skill && !crew.skills.includes(f.skill)) return false;
  return true;
}

/** The queue: open orders passing the filters, most urgent priority first, then longest waiting. O(n log n). */
export function queueOf(orders: ReadonlyMap<number, WorkOrder>, f: Filters): WorkOrder[] {
  const out: WorkOrder[] = [];
  for (const wo of orders.values()) if (OPEN_STATES.includes(wo.state) && orderMatches(wo, { ...f, status: f.status === 'all' ? 'open' : f.status })) out.push(wo);
  return out.sort((a, b) => a.priority - b.priority || Date.parse(a.receivedAt) - Date.parse(b.receivedAt) || a.id - b.id);
}

/** Straight-line distance in metres (equirectangular; fine for ranking crews within a city). */
export function roughMeters(a: readonly [number, number], b: readonly [number, number]): number {
  const k = Math.PI / 180;
  const x = (b[0] - a[0]) * k * Math.cos(((a[1] + b[1]) / 2) * k);
  const y = (b[1] - a[1]) * k;
  return Math.sqrt(x * x + y * y) * 6_371_000;
}

/** Crews that could take `wo` by hand (skilled, on shift, not busy), nearest first. */
export function candidateCrews(crews: ReadonlyMap<number, Crew>, wo: WorkOrder, limit = 8): { crew: Crew; meters: number }[] {
  const out: { crew: Crew; meters: number }[] = [];
  for (const c of crews.values()) {
    if (c.status === 'off_shift' || c.workOrderId !== null || !crewCanTake(c.skills, wo.kind)) continue;
    out.push({ crew: c, meters: roughMeters([c.lng, c.lat], [wo.lng, wo.lat]) });
  }
  return out.sort((a, b) => a.meters - b.meters).slice(0, limit);
}
