/**
 * geo/partition: splits a graph of areal units (H3 cells or any other) into k contiguous grids
 * whose weights (customers, load, …) are each balanced within a tolerance of the mean, with few
 * cut edges. Pure: typed arrays in, typed arrays out; nothing here knows about H3.
 *
 * ## Algorithm
 * 1. **Checks** (O(n·ncon + m)): k ≤ units, no unit heavier than a grid may be, pinned units
 *    (`lockedUnits`, `seedUnits`) not over tolerance and each grid's pinned units in one zone.
 *    A *zone* is a connected piece of one hard-boundary region (or of the graph); grids never span
 *    zones, so each zone gets a whole number of grids that its load can fill within tolerance
 *    (`balance.ts`). Otherwise `GeoError('infeasible')` names the constraint.
 * 2. **Multilevel pass** (Karypis & Kumar): heavy-edge matching contracts the graph until about
 *    20·k units remain (`coarsen.ts`, O(n + m) per level, O(log n) levels); the coarsest graph is
 *    split by recursive bisection with greedy graph growing (`bisect.ts`, O(m log m log k)) or, in
 *    zones with pinned units, by region growing from them (`grow.ts`). The assignment is then
 *    projected back level by level; at each level diffusion balancing moves load along the grid
 *    adjacency graph (`diffuse.ts`, a Laplacian solve on the k grids) and greedy boundary
 *    refinement lowers the cut while never raising the imbalance (`refine.ts`). Every move keeps
 *    the donor grid connected (a bounded BFS, `connectivity.ts`), so grids stay contiguous.
 * 2b. **Several weight columns** (with `geometry.centroids`): recursive bisection by straight
 *    cuts that balance every column at once (`geometric.ts`; a ham-sandwich cut exists for two
 *    measures in the plane), each split chosen among 24 directions by its balance after the
 *    pieces a non-convex outline leaves are joined, then by its cut, and corrected by greedy
 *    border moves; O(D·n log k) with D directions. Its result replaces the multilevel one when its
 *    worst per-column deviation is smaller; later phases then only make moves that keep every
 *    column (`refine` in strict mode).
 *    Whatever the start, the fine-level phases keep the best assignment they pass through: within
 *    tolerance the fewest cut edges, else the smallest worst deviation (the summed violation they
 *    optimise can trade one column's worst grid for another's).
 * 3. **Restart search** for small instances (≤ 5 000 units by default, `anneal.ts`): simulated
 *    annealing on boundary moves with an adaptive penalty for imbalance (it may cross infeasible
 *    states), restarted from the best solution after random kicks and from fresh multilevel
 *    starts, until the restart count or the time budget runs out. This is what reaches the proven
 *    optima of the small districting benchmarks.
 *
 * Total: O((n + m) log n) for the multilevel pass; the search is bounded by `timeBudgetMs`. The
 * result is the same for the same seed unless the time budget cut the work short.
 *
 * `join-islands.ts` links the components of a unit graph (islands) to their nearest neighbours, so
 * a cell graph with islands can be split into contiguous grids.
 *
 * Balance polish (`polish.ts`): pairwise border exchanges and short cold annealing runs around
 * the grids still out of tolerance, until the budget runs out.
 *
 * Infeasible tolerance: when a single free unit outweighs the most a grid may hold, the error
 * gives the best achievable max deviation per column (`bestAchievableDeviationPct`).
 *
 * Known limit: when the columns concentrate in different places (customers in housing estates,
 * load in industrial parks on the Guangzhou cell graph), contiguous grids balanced in both within
 * ±3% may not exist or not be found: straight cuts get close at each split but the last splits of
 * small grids are often left 5–20% off, and border moves cannot trade a grid's surplus in one
 * column for its deficit in the other. The result then says `feasible: false` and the metrics show
 * the deviation. (METIS under the same contiguity rule, `gpmetis -contig`, does worse on the same
 * graphs; see `npm run bench:partition`.)
 *
 * `editor.ts` keeps the sums and metrics of an assignment current under single-unit moves for
 * the planner (O(deg + ncon) per move plus bounded contiguity and hull upkeep), and re-optimises a
 * chosen set of grids with the others fixed.
 */
export { partition } from './partition.ts';
export { PartitionEditor } from './editor.ts';
export { joinIslands } from './join-islands.ts';
export type { EditorInput, GridStats, UnitMove } from './editor.ts';
export type { CsrGraph, PartitionMetrics, PartitionOptions, PartitionResult, UnitGeometry } from './types.ts';
