/**
 * State of the overview map view: which layers are on, the density metric, zoom, what is hovered, and the
 * loading state of each data set. One store per mounted view.
 */
import { createStore, type Store } from '../../state/store.ts';
import type { CellColumns, ClientConfig, Districts, Stations, Substations } from '../../api/map-data.ts';
import type { DensityMetric } from '../../map/cell-metrics.ts';

export type LayerId = 'districts' | 'roads' | 'density' | 'customers' | 'substations' | 'stations';
export const LAYER_IDS: readonly LayerId[] = ['districts', 'roads', 'density', 'customers', 'substations', 'stations'];

/** A data set being fetched: `error` is set when the last attempt failed. */
export interface Loadable<T> {
  status: 'loading' | 'ready' | 'error';
  data: T | null;
  error: unknown;
}

export type DatasetId = 'config' | 'districts' | 'cells' | 'substations' | 'stations' | 'customers';

/** What the pointer is over, with the screen position for the tooltip. */
export type Hover =
  | { kind: 'cell'; x: number; y: number; index: number }
  | { kind: 'substation'; x: number; y: number; name: string | null; voltageKv: number | null }
  | { kind: 'station'; x: number; y: number; name: string | null }
  | { kind: 'customer'; x: number; y: number; type: string | null; loadKw: number | null; count: number };

export interface OverviewState {
  metric: DensityMetric;
  visible: Record<LayerId, boolean>;
  /** Current map zoom. */
  zoom: number;
  /** Visible extent `[west, south, east, north]`, updated when a move ends. */
  view: [number, number, number, number];
  hover: Hover | null;
  config: Loadable<ClientConfig>;
  districts: Loadable<Districts>;
  substations: Loadable<Substations>;
  stations: Loadable<Stations>;
  /** Cells at the resolution for the current zoom. */
  cells: Loadable<CellColumns>;
  /** Last customer tile failure, if any (tiles keep loading; the message stays until the next success). */
  customersError: unknown;
  /** The online basemap style failed to load and the offline one is shown instead. */
  basemapFallback: boolean;
}

const loading = <T>(): Loadable<T> => ({ status: 'loading', data: null, error: null });

/** A fresh store for one overview view. */
export function createOverviewStore(): Store<OverviewState> {
  return createStore<OverviewState>({
    metric: 'customers',
    visible: { districts: true, roads: true, density: true, customers: true, substations: true, stations: true },
    zoom: 9,
    view: [112.95, 22.56, 114.06, 23.94],
    hover: null,
    config: loading(),
    districts: loading(),
    substations: loading(),
    stations: loading(),
    cells: loading(),
    customersError: null,
    basemapFallback: false,
  });
}
