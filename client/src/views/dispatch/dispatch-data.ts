/**
 * Loading the Dispatch view's data and keeping it live: the initial snapshot (orders, crews, incidents, simulator,
 * active plan's grids) and the SSE events applied to the store. Events are applied in batches (at most every
 * FLUSH_MS) so a fast simulator does not re-render the map for every single event.
 */
import type { Store } from '../../state/store.ts';
import { fetchActiveGrids, fetchCrews, fetchIncidents, fetchSimulator, type Crew, type Incident, type SimulatorState } from '../../api/dispatch.ts';
import { fetchWorkOrder, fetchWorkOrders, type WorkOrder } from '../../api/work-orders.ts';
import type { ServerEvent } from '../../api/events.ts';
import { mergeCrews, mergeIncidents, mergeOrders, type DispatchState } from './dispatch-store.ts';

/** Most orders fetched at start (open ones; the stream adds the rest). */
export const ORDER_LIMIT = 5000;
/** Batching interval for live events, ms. */
export const FLUSH_MS = 200;

/**
 * Loads the snapshot. Orders and crews are required (an error is shown with a retry); incidents, simulator and
 * grids are optional extras whose failure leaves them empty.
 */
export async function loadDispatchData(store: Store<DispatchState>, signal: AbortSignal): Promise<void> {
  store.set({ status: 'loading', loadError: null });
  const t0 = Date.now();
  try {
    const [list, crews] = await Promise.all([fetchWorkOrders({ state: 'open', limit: ORDER_LIMIT }, signal), fetchCrews(signal)]);
    if (signal.aborted) return;
    const serverNow = Date.parse(list.now);
    store.set((s) => ({
      status: 'ready',
      orders: mergeOrders(s.orders, list.items),
      crews: mergeCrews(s.crews, crews),
      slaMinutes: list.slaMinutes ?? s.slaMinutes,
      clockOffsetMs: Number.isFinite(serverNow) ? serverNow - (t0 + Date.now()) / 2 : 0,
    }));
  } catch (err) {
    if (signal.aborted) return;
    console.error('dispatch: load failed', err);
    store.set({ status: 'error', loadError: err });
    return;
  }
  const optional = async <T>(what: string, f: () => Promise<T>): Promise<T | null> => {
    try {
      return await f();
    } catch (err) {
      if (!signal.aborted) console.warn(`dispatch: ${what} not available`, err);
      return null;
    }
  };
  const [incidents, simulator, grids] = await Promise.all([
    optional('incidents', () => fetchIncidents(signal)),
    optional('simulator', () => fetchSimulator(signal)),
    optional('grids', () => fetchActiveGrids(signal)),
  ]);
  if (signal.aborted) return;
  store.set((s) => ({
    incidents: incidents ? mergeIncidents(s.incidents, incidents) : s.incidents,
    simulator: simulator ?? s.simulator,
    grids: grids?.grids ?? null,
  }));
}

/** Fetches the given orders and the crews again (after an apply/reassign event whose payload lists only ids). */
export async function refreshOrders(store: Store<DispatchState>, ids: readonly number[]): Promise<void> {
  const [orders, crews] = await Promise.all([Promise.all(ids.map((id) => fetchWorkOrder(id).catch(() => null))), fetchCrews().catch(() => null)]);
  store.set((s) => ({
    orders: mergeOrders(
      s.orders,
      orders.filter((o): o is NonNullable<typeof o> => o !== null).map(({ transitions: _t, allowed: _a, ...wo }) => wo),
    ),
    crews: crews ? mergeCrews(s.crews, crews) : s.crews,
  }));
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;
const hasId = (x: unknown): x is { id: number } => isObj(x) && typeof x.id === 'number';

/**
 * An event applier for `store`: queues each event and applies the queue in one store update every FLUSH_MS.
 * Returns `push` and `dispose` (drops the pending batch).
 */
export function createEventApplier(store: Store<DispatchState>): { push(e: ServerEvent): void; dispose(): void } {
  let queue: ServerEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const batch = queue;
    queue = [];
    const orders: WorkOrder[] = [];
    const crews: Crew[] = [];
    const incidents: Incident[] = [];
    let simulator: SimulatorState | null = null;
    const refetch = new Set<number>();
    for (const e of batch) {
      const p = e.payload;
      switch (e.type) {
        case 'work_order.created':
        case 'work_order.updated':
          if (hasId(p)) orders.push(p as unknown as WorkOrder);
          break;
        case 'crew.updated':
          if (hasId(p)) crews.push(p as unknown as Crew);
          break;
        case 'incident.updated':
          if (hasId(p)) incidents.push(p as unknown as Incident);
          else if (isObj(p) && Array.isArray(p.incidents)) incidents.push(...(p.incidents as Incident[]));
          break;
        case 'simulator.updated':
          if (isObj(p) && typeof p.running === 'boolean') simulator = p as unknown as SimulatorState;
          break;
        case 'dispatch.applied':
        case 'dispatch.reassigned':
          if (isObj(p) && Array.isArray(p.assignments)) for (const a of p.assignments as { workOrderId?: unknown }[]) if (typeof a.workOrderId === 'number') refetch.add(a.workOrderId);
          break;
        default:
          break;
      }
    }
    store.set((s) => ({
      orders: orders.length ? mergeOrders(s.orders, orders) : s.orders,
      crews: crews.length ? mergeCrews(s.crews, crews) : s.crews,
      incidents: incidents.length ? mergeIncidents(s.incidents, incidents) : s.incidents,
      simulator: simulator ?? s.simulator,
    }));
    // an order already updated by its own event in this batch needs no refetch
    for (const o of orders) refetch.delete(o.id);
    if (refetch.size > 0) void refreshOrders(store, [...refetch]);
  };
  return {
    push(e) {
      queue.push(e);
      timer ??= setTimeout(flush, FLUSH_MS);
    },
    dispose() {
      if (timer) clearTimeout(timer);
      timer = null;
      queue = [];
    },
  };
}
