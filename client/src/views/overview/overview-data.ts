/** Loads the overview's data sets into its store; each failure is kept in the store for the view to show. */
import type { Store } from '../../state/store.ts';
import { fetchCells, fetchConfig, fetchDistricts, fetchStations, fetchSubstations, type CellColumns } from '../../api/map-data.ts';
import type { Loadable, OverviewState } from './overview-store.ts';
import { windowContains } from '../../map/cell-window.ts';

type StaticDataset = 'config' | 'districts' | 'substations' | 'stations';

const fetchers = {
  config: fetchConfig,
  districts: fetchDistricts,
  substations: fetchSubstations,
  stations: fetchStations,
} as const;

function isAbort(err: unknown): boolean {
  return err instanceof DOMException && err.name === 'AbortError';
}

/** Fetches one of the static data sets (fetched once per view) into the store. */
export async function loadDataset(store: Store<OverviewState>, id: StaticDataset, signal: AbortSignal): Promise<void> {
  store.set({ [id]: { status: 'loading', data: store.get()[id].data, error: null } as Loadable<unknown> } as Partial<OverviewState>);
  try {
    const data = await fetchers[id](signal);
    store.set({ [id]: { status: 'ready', data, error: null } } as Partial<OverviewState>);
  } catch (err) {
    if (isAbort(err)) return;
    store.set({ [id]: { status: 'error', data: null, error: err } } as Partial<OverviewState>);
  }
}

/** Cells already fetched in this view, keyed by resolution then window (they do not change while the view is open). */
export type CellCache = Map<number, Map<string | null, CellColumns>>;

/** A cached set at `res` whose window covers `bbox`, if any. */
function cachedCells(cache: CellCache, res: number, bbox: string | null): CellColumns | undefined {
  for (const [window, cells] of cache.get(res) ?? []) if (windowContains(window, bbox)) return cells;
  return undefined;
}

/**
 * Fetches the cells at `res` within `bbox` (null = whole city), or takes them from `cache`, into the store; the
 * previous cells stay visible meanwhile.
 */
export async function loadCells(store: Store<OverviewState>, cache: CellCache, res: number, bbox: string | null, signal: AbortSignal): Promise<void> {
  const cached = cachedCells(cache, res, bbox);
  if (cached) {
    store.set({ cells: { status: 'ready', data: cached, error: null } });
    return;
  }
  store.set((s) => ({ cells: { status: 'loading', data: s.cells.data, error: null } }));
  try {
    const cells = await fetchCells(res, bbox, signal);
    const byWindow = cache.get(res) ?? new Map<string | null, CellColumns>();
    byWindow.set(bbox, cells);
    cache.set(res, byWindow);
    store.set({ cells: { status: 'ready', data: cells, error: null } });
  } catch (err) {
    if (isAbort(err)) return;
    store.set((s) => ({ cells: { status: 'error', data: s.cells.data, error: err } }));
  }
}
