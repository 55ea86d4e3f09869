/**
 * State of the Plan view: the open plan, its cells and live assignment (a typed array the map colours from,
 * bumped by `revision`), the worker's latest figures, the tool, and what the panels show. One store per view.
 */
import { createStore, type Store } from '../../state/store.ts';
import type { Comparison, HistoryEntry, Plan, PlanCells, PlanSummary } from '../../api/plans.ts';
import type { Snapshot } from '../../workers/plan-editor.ts';
import type { Outline } from '../../workers/plan-protocol.ts';

export type Tool = 'select' | 'brush' | 'lasso';
export type ColorBy = 'grid' | 'customers' | 'load' | 'faults';

/** A save refused because the plan changed meanwhile: who changed what since our version. */
export interface ConflictInfo {
  ourVersion: number;
  serverVersion: number | null;
  entries: HistoryEntry[];
}

export interface PlanState {
  plans: PlanSummary[] | null;
  plansError: unknown;
  planId: number | null;
  plan: Plan | null;
  cells: PlanCells | null;
  /** the plan version the edits are based on. */
  version: number;
  loading: 'idle' | 'plan' | 'worker' | 'error';
  loadError: unknown;
  /** grid idx of each cell, as the worker has it. */
  assignment: Int32Array | null;
  /** bumped whenever `assignment` changes (the layers' updateTriggers). */
  revision: number;
  snapshot: Snapshot | null;
  /** colour index per grid (touching grids differ). */
  colours: Int32Array | null;
  outlines: Map<number, Outline>;
  selected: number | null;
  /** second grid for merges. */
  mergeWith: number | null;
  tool: Tool;
  brushRings: number;
  colorBy: ColorBy;
  showDistricts: boolean;
  showBoundaries: boolean;
  /** cells a stroke refused because they would split a grid, waiting for a confirm. */
  splitPreview: { units: number[]; grid: number } | null;
  saving: boolean;
  conflict: ConflictInfo | null;
  /** last message for the user (i18n key + values) and its tone. */
  notice: { key: string; values?: Record<string, string | number>; tone: 'info' | 'error' | 'ok' } | null;
  /** a save the server refused as a split, waiting for "save anyway". */
  saveNeedsSplit: boolean;
  history: HistoryEntry[] | null;
  comparison: Comparison | null;
  /** milliseconds of the last edit in the worker. */
  lastEditMs: number | null;
  /** when the view finished its first full render of the plan (performance.now()). */
  renderedAt: number | null;
}

/** A fresh store for one Plan view. */
export function createPlanStore(): Store<PlanState> {
  return createStore<PlanState>({
    plans: null,
    plansError: null,
    planId: null,
    plan: null,
    cells: null,
    version: 0,
    loading: 'idle',
    loadError: null,
    assignment: null,
    revision: 0,
    snapshot: null,
    colours: null,
    outlines: new Map(),
    selected: null,
    mergeWith: null,
    tool: 'select',
    brushRings: 0,
    colorBy: 'grid',
    showDistricts: true,
    showBoundaries: true,
    splitPreview: null,
    saving: false,
    conflict: null,
    notice: null,
    saveNeedsSplit: false,
    history: null,
    comparison: null,
    lastEditMs: null,
    renderedAt: null,
  });
}
