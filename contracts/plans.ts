/**
 * The one definition of the JSON the plans API speaks (GET/POST/PATCH /api/plans…, /api/jobs/:id,
 * /api/boundaries), shared by the server and the client. Types only; times are ISO strings.
 */

/** The columns a plan balances: the workload blend, then the weights it is made of. */
export type PlanColumn = 'workload' | 'customers' | 'load' | 'faults';

/** Stats of one grid (also as stored in `grids.stats`). */
export interface GridStats {
  cells: number;
  workload: number;
  customers: number;
  load: number;
  faults: number;
  areaKm2: number;
  contiguous: boolean;
}

/** A plan's metrics (also as stored in `plans.metrics`). */
export interface PlanMetrics {
  k: number;
  cells: number;
  /** max deviation from the mean per column, percent */
  maxDevPct: Record<PlanColumn, number>;
  nonContiguous: number;
  cutEdges: number;
  polsbyPopperMean: number | null;
  polsbyPopperMin: number | null;
  maxDiameterKm: number | null;
  /** totals of every column over the plan's cells */
  totals: Record<PlanColumn, number>;
}

/** What a plan was computed with (`plans.params`). */
export interface PlanParams {
  grids?: number;
  weights?: { customers: number; load: number; faults: number };
  tolerancePct?: number;
  respectDistricts?: boolean;
  boundariesId?: number | null;
}

/** A grid of a plan (GET /api/plans/:id `grids`). */
export interface Grid {
  id: number;
  idx: number;
  name: string;
  managerId: number | null;
  managerName: string | null;
  locked: boolean;
  stats: GridStats;
}

/** A plan as GET /api/plans lists it. */
export interface PlanSummary {
  id: number;
  name: string;
  resolution: number;
  params: PlanParams;
  status: string;
  version: number;
  metrics: PlanMetrics | null;
  isActive: boolean;
  boundariesId: number | null;
  /** number of grids */
  gridCount: number;
  createdBy: number | null;
  createdAt: string;
  updatedBy: number | null;
  updatedAt: string;
}

/** GET /api/plans/:id answer. */
export interface Plan extends PlanSummary {
  grids: Grid[];
}

/** GET /api/plans/:id/cells: a plan's cells for the planner's editor, as parallel columns sorted by H3 index. */
export interface PlanCells {
  planId: number;
  version: number;
  resolution: number;
  h3: string[];
  /** grid idx of each cell */
  grid: number[];
  customers: number[];
  load: number[];
  faults: number[];
  /** workload (the blend the plan balances) of each cell, 3 decimals */
  workload: number[];
  /** hard-boundary region of each cell (districts / imported areas), or null when the plan has none */
  regions: number[] | null;
  /**
   * Extra edges the server's cell graph has besides H3 adjacency (islands joined to the nearest shore),
   * flat pairs of cell indices: the editor must use them to judge contiguity as the server does.
   */
  ferries: number[];
  /**
   * The server's cell graph in CSR form (H3 adjacency plus the ferries): the neighbours of cell i are
   * `targets[offsets[i] .. offsets[i + 1])`. Saves the client rebuilding it (seconds at res 9).
   */
  graph: { offsets: number[]; targets: number[] };
}

/** What an edit (PATCH /api/plans/:id/cells, rebalance, …) answers. */
export interface EditAnswer {
  version: number;
  metrics: PlanMetrics;
  /** the grids whose cells changed, with their new stats */
  grids: Array<{ id: number; idx: number; stats: GridStats }>;
}

/** One saved change of a plan (GET /api/plans/:id/history items). */
export interface HistoryEntry {
  id: number;
  at: string;
  userId: number | null;
  username: string | null;
  /** `plan.create`, `plan.move_cells`, `plan.rebalance`, `plan.grid_lock`, … */
  action: string;
  /** the plan's version after the change (1 for the creation) */
  version: number | null;
  cellsMoved: number | null;
  gridId: number | null;
}

/** A manager with the load of the grids they hold in one plan (GET /api/plans/:id/managers items). */
export interface ManagerLoad {
  id: number;
  code: string;
  name: string;
  /** grids of the plan assigned to the manager */
  grids: number;
  customers: number;
  load: number;
  faults: number;
}

/** GET /api/plans/:a/compare/:b: metrics side by side and the cells whose grid (by idx) differs. */
export interface Comparison {
  a: { id: number; name: string; version: number; resolution: number; metrics: PlanMetrics | null };
  b: { id: number; name: string; version: number; resolution: number; metrics: PlanMetrics | null };
  /** `a`/`b` are grid idx or null when absent */
  changedCells: Array<{ cell: string; a: number | null; b: number | null }>;
}

/** A plan computation (GET /api/jobs/:id). */
export interface Job {
  id: string;
  status: 'running' | 'done' | 'failed' | 'cancelled';
  /** 0–1 */
  progress: number;
  /** the stored plan, once done */
  planId?: number;
  error?: string;
  /** error code when known (`infeasible`, …) */
  code?: string;
}

/** An imported boundary set (GET /api/boundaries items). */
export interface BoundarySet {
  id: number;
  name: string;
  areas: number;
}

/** POST /api/plans body. */
export interface CreatePlanBody {
  name: string;
  resolution: number;
  grids: number;
  weights: { customers: number; load: number; faults: number };
  tolerancePct: number;
  respectDistricts: boolean;
  boundariesId?: number;
  timeBudgetMs: number;
}
