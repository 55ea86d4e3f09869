/** State of the Territory map: layer visibility, cell metric, zoom and what is hovered. */
import { createStore, type Store } from '../../state/store.ts';
import type { CellMetric } from './territory-layers.ts';

export const TERRITORY_LAYERS = ['outline', 'cells', 'customers', 'substations', 'workOrders', 'crews', 'hotspots'] as const;
export type TerritoryLayerId = (typeof TERRITORY_LAYERS)[number];

export type TerritoryHover =
  | { kind: 'cell'; x: number; y: number; index: number }
  | { kind: 'workOrder'; x: number; y: number; id: number; text: string }
  | { kind: 'crew'; x: number; y: number; id: number; text: string };

export interface TerritoryMapState {
  visible: Record<TerritoryLayerId, boolean>;
  metric: CellMetric;
  zoom: number;
  hover: TerritoryHover | null;
  /** the grid whose data the map shows, once its layers are set (tests wait for it) */
  renderedGridId: number | null;
  /** customer tile failures */
  customersError: unknown;
}

/** A fresh store with every layer on and cells shaded by customers. */
export function createTerritoryStore(): Store<TerritoryMapState> {
  return createStore<TerritoryMapState>({
    visible: { outline: true, cells: true, customers: true, substations: true, workOrders: true, crews: true, hotspots: true },
    metric: 'customers',
    zoom: 0,
    hover: null,
    renderedGridId: null,
    customersError: null,
  });
}
