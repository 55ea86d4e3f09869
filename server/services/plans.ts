/**
 * Partition plans: computing a plan in the background (geo/partition in a worker thread), reading plans and
 * their grids, and the planner's edits (cell moves, rebalancing, locks, managers, duplicates), each edit one
 * transaction under the plan's row lock with a version check, an audit entry and a new version.
 *
 * A plan balances one *workload* column per cell, the blend of the three weights the planner chose:
 * `workload = Σ_c coef_c · column_c / mean_c` over customers, load (kW) and faults (columns that are all zero
 * drop out), so the coefficients say how much each weight counts. Every grid's stats and the plan's metrics
 * report each column separately as well.
 */
import { Worker } from 'node:worker_threads';
import KDBush from 'kdbush';
import type pg from 'pg';
import { cellBoundaries, cellCentersInto } from '../../geo/cells/index.ts';
import { buildCellGraph } from '../../geo/cells/graph.ts';
import type { H3Cell } from '../../geo/cells/index.ts';
import { GeoError } from '../../geo/errors.ts';
import { computePartitionMetrics } from '../../geo/metrics/index.ts';
import { PartitionEditor, partition } from '../../geo/partition/index.ts';
import type { CsrGraph, PartitionMetrics, PartitionResult, UnitGeometry } from '../../geo/partition/index.ts';
import type { SessionUser } from '../auth/types.ts';
import { withTransaction } from '../db/pool.ts';
import type { AppDeps } from '../deps.ts';
import { ConflictError, NotFoundError, UnprocessableError, fromGeoError } from '../errors.ts';
import { insertAudit } from '../repositories/audit.ts';
import { boundariesExist, boundaryLabels } from '../repositories/boundaries.ts';
import { cellColumns } from '../repositories/cells.ts';
import * as repo from '../repositories/plans.ts';
import type { GridRow, PlanRow } from '../repositories/plans.ts';
import type { Comparison as PlanComparison, EditAnswer as EditResult, GridStats as GridStatsJson, HistoryEntry as PlanHistoryEntry, ManagerLoad, PlanCells, PlanMetrics as PlanMetricsJson } from '../../contracts/plans.ts';
import { cancelJob, startJob } from './jobs.ts';
import type { JobContext, JobView } from './jobs.ts';
import type { PartitionJobInput } from './partition-worker.ts';

/** The weights a plan balances, by name, in column order after the workload column. */
export const WEIGHT_NAMES = ['customers', 'load', 'faults'] as const;
export type WeightName = (typeof WEIGHT_NAMES)[number];

/** Input of {@link createPlan} (validated by the route). */
export interface CreatePlanInput {
  name: string;
  /** H3 resolution 7–10. */
  resolution: number;
  /** K, the number of grids. */
  grids: number;
  /** How much each weight counts (≥ 0, at least one > 0). */
  weights: Record<WeightName, number>;
  /** Allowed deviation of each grid's workload from the mean, percent. */
  tolerancePct: number;
  /** Grids never cross a district boundary. */
  respectDistricts: boolean;
  /** Imported boundaries used as hard boundaries. */
  boundariesId?: number;
  /** Partitioner time budget, ms. */
  timeBudgetMs: number;
  seed: number;
}

/** Cells of a plan or a resolution as the partitioner sees them. */
interface Model {
  cells: H3Cell[];
  index: Map<string, number>;
  graph: CsrGraph;
  /** workload, customers, load, faults. */
  columns: [Float64Array, Float64Array, Float64Array, Float64Array];
  geometry: UnitGeometry;
  district: Int32Array;
  /** sum of each column. */
  totals: number[];
  /** Extra edges joining islands (see {@link bridgeIslands}), flat pairs `[u0, v0, u1, v1, …]`. */
  ferries: number[];
}

const round = (x: number, d = 3): number => Math.round(x * 10 ** d) / 10 ** d;

/** Builds graph, columns and geometry of cells sorted by H3 index. O(n). */
function buildModel(h3: string[], customers: number[], load: number[], faults: number[], district: Array<number | null>, coefs: Record<WeightName, number>, res: number): Model {
  const n = h3.length;
  const cells = h3 as H3Cell[];
  const cols = [Float64Array.from(customers), Float64Array.from(load), Float64Array.from(faults)];
  const workload = new Float64Array(n);
  WEIGHT_NAMES.forEach((name, c) => {
    let total = 0;
    for (let i = 0; i < n; i++) total += cols[c][i];
    const coef = coefs[name] ?? 0;
    if (total <= 0 || coef <= 0) return;
    const scale = (coef * n) / total;
    for (let i = 0; i < n; i++) workload[i] += cols[c][i] * scale;
  });
  const centres = cellCentersInto(cells);
  const { areaKm2 } = cellBoundaries(cells, centres, Math.max(0, res - 2));
  const d16 = Int16Array.from(district, (d) => d ?? -1);
  const g = buildCellGraph(cells, { customers: cols[0], loadKw: cols[1], faults: cols[2], areaKm2 }, d16);
  const ferries: number[] = [];
  return {
    cells,
    index: new Map(h3.map((c, i) => [c, i])),
    graph: bridgeIslands({ offsets: g.offsets, targets: g.targets }, centres, undefined, ferries),
    columns: [workload, cols[0], cols[1], cols[2]],
    geometry: { areas: areaKm2, centroids: centres },
    district: Int32Array.from(district, (d) => d ?? -1),
    totals: [workload, ...cols].map((col) => col.reduce((a, b) => a + b, 0)),
    ferries,
  };
}

/**
 * Joins the islands of a cell graph (river islands, enclaves cut off by the service area's outline) to their
 * nearest cell in another piece by one extra edge (a "ferry"), until the graph is connected: the partitioner
 * cannot give an island too light for a whole grid a grid of its own, and a grid may then hold an island and
 * the shore nearest to it. `centres` are `[lng, lat]` pairs. With hard-boundary `labels`, pieces are taken
 * within one label and joined only to cells of the same label (a district's enclave to the rest of the
 * district); a label with a single piece needs nothing. O(n + m) when connected; otherwise a KD-tree nearest
 * search per island cell (radius doubling). The added edges are appended to `added` (flat pairs) when given.
 */
function bridgeIslands(graph: CsrGraph, centres: Float64Array, labels?: Int32Array, added?: number[]): CsrGraph {
  const { offsets, targets } = graph;
  const n = offsets.length - 1;
  const comp = new Int32Array(n).fill(-1);
  const members: number[][] = [];
  for (let s = 0; s < n; s++) {
    if (comp[s] >= 0) continue;
    const c = members.length;
    const list = [s];
    comp[s] = c;
    for (let h = 0; h < list.length; h++) {
      const u = list[h];
      for (let i = offsets[u]; i < offsets[u + 1]; i++) {
        const v = targets[i];
        if (comp[v] < 0 && (!labels || labels[v] === labels[u])) {
          comp[v] = c;
          list.push(v);
        }
      }
    }
    members.push(list);
  }
  if (members.length <= 1) return graph;
  // union-find over components
  const parent = Int32Array.from(members, (_m, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  // equirectangular coordinates (degrees of latitude) are close enough to pick the nearest cell in a city
  const kx = Math.cos((centres[1] * Math.PI) / 180);
  const index = new KDBush(n);
  for (let u = 0; u < n; u++) index.add(centres[2 * u] * kx, centres[2 * u + 1]);
  index.finish();
  const extra: Array<[number, number]> = [];
  // the largest piece (of each label) needs no ferry of its own; a label in one piece needs none at all
  const labelOf = (c: number): number => (labels ? labels[members[c][0]] : 0);
  const largest = new Map<number, number>();
  members.forEach((m, c) => {
    const l = labelOf(c);
    const best = largest.get(l);
    if (best === undefined || m.length > members[best].length) largest.set(l, c);
  });
  const order = members.map((_m, i) => i).filter((c) => largest.get(labelOf(c)) !== c).sort((a, b) => members[a].length - members[b].length);
  if (order.length === 0) return graph;
  for (const c of order) {
    const root = find(c);
    const label = labelOf(c);
    if (root === find(largest.get(label)!)) continue; // already joined through a smaller piece
    let best = -1;
    let bu = -1;
    let bestD = Infinity;
    for (let r = 0.005; best < 0 && r < 2; r *= 2) {
      for (const u of members[c]) {
        const x = centres[2 * u] * kx;
        const y = centres[2 * u + 1];
        for (const v of index.within(x, y, r)) {
          if (find(comp[v]) === root || (labels && labels[v] !== label)) continue;
          const d = (centres[2 * v] * kx - x) ** 2 + (centres[2 * v + 1] - y) ** 2;
          if (d < bestD) {
            bestD = d;
            best = v;
            bu = u;
          }
        }
      }
    }
    if (best < 0) continue;
    extra.push([bu, best]);
    parent[root] = find(comp[best]);
  }
  const deg = new Int32Array(n);
  for (let u = 0; u < n; u++) deg[u] = offsets[u + 1] - offsets[u];
  for (const [a, b] of extra) {
    deg[a]++;
    deg[b]++;
  }
  const off = new Int32Array(n + 1);
  for (let u = 0; u < n; u++) off[u + 1] = off[u] + deg[u];
  const tgt = new Int32Array(off[n]);
  const fill = off.slice(0, n);
  for (let u = 0; u < n; u++) for (let i = offsets[u]; i < offsets[u + 1]; i++) tgt[fill[u]++] = targets[i];
  for (const [a, b] of extra) {
    tgt[fill[a]++] = b;
    tgt[fill[b]++] = a;
    added?.push(a, b);
  }
  return { offsets: off, targets: tgt };
}

/** Stats of the grid made of `units`. O(|units|). */
function gridStats(model: Model, units: ArrayLike<number>, contiguous: boolean): GridStatsJson {
  const s = [0, 0, 0, 0];
  let area = 0;
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    for (let c = 0; c < 4; c++) s[c] += model.columns[c][u];
    area += model.geometry.areas![u];
  }
  return { cells: units.length, workload: round(s[0]), customers: round(s[1]), load: round(s[2]), faults: round(s[3]), areaKm2: round(area, 4), contiguous };
}

/** Metrics of an assignment over the model's four columns. O(n + m + diameters). */
function planMetrics(model: Model, assignment: Int32Array, k: number): PlanMetricsJson {
  return metricsJson(computePartitionMetrics(model.graph, assignment, k, model.columns, model.geometry), model, assignment.length);
}

/** The stored form of partition metrics over the model's four columns. */
function metricsJson(m: PartitionMetrics, model: Model, cells: number): PlanMetricsJson {
  const totals = model.totals;
  return {
    k: m.k,
    cells,
    maxDevPct: { workload: round(m.maxDevPct[0]), customers: round(m.maxDevPct[1]), load: round(m.maxDevPct[2]), faults: round(m.maxDevPct[3]) },
    nonContiguous: m.nonContiguous,
    cutEdges: m.cutEdges,
    polsbyPopperMean: m.polsbyPopperMean === null ? null : round(m.polsbyPopperMean, 4),
    polsbyPopperMin: m.polsbyPopperMin === null ? null : round(m.polsbyPopperMin, 4),
    maxDiameterKm: m.maxDiameterKm === null ? null : round(m.maxDiameterKm),
    totals: { workload: round(totals[0]), customers: round(totals[1]), load: round(totals[2]), faults: round(totals[3]) },
  };
}

/** Members of each grid of an assignment. */
function membersOf(assignment: Int32Array, k: number): number[][] {
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let u = 0; u < assignment.length; u++) members[assignment[u]].push(u);
  return members;
}

/** True when the units form one connected piece (or none). */
function connected(graph: CsrGraph, assignment: Int32Array, g: number, units: readonly number[]): boolean {
  if (units.length === 0) return true;
  const seen = new Set<number>([units[0]]);
  const queue = [units[0]];
  while (queue.length > 0) {
    const u = queue.pop()!;
    for (let i = graph.offsets[u]; i < graph.offsets[u + 1]; i++) {
      const v = graph.targets[i];
      if (assignment[v] === g && !seen.has(v)) {
        seen.add(v);
        queue.push(v);
      }
    }
  }
  return seen.size === units.length;
}

/** The name of grid idx: `网格 001`. */
export const gridName = (idx: number): string => `网格 ${String(idx + 1).padStart(3, '0')}`;

const WORKER_URL = new URL('./partition-worker.mjs', import.meta.url);

/**
 * Runs `partition` in a worker thread so the event loop stays free; falls back to this thread when a worker
 * cannot start. Rejects with the partitioner's GeoError.
 */
function runPartition(input: PartitionJobInput, onProgress: (f: number) => void, signal?: AbortSignal): Promise<PartitionResult> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let worker: Worker;
    const cancelled = (): Error => new Error('cancelled');
    if (signal?.aborted) {
      reject(cancelled());
      return;
    }
    const inProcess = (): void => {
      try {
        resolve(partition(input.graph, input.weights, { ...input.options, onProgress }));
      } catch (err) {
        reject(err as Error);
      }
    };
    try {
      worker = new Worker(WORKER_URL, { workerData: input });
    } catch {
      inProcess();
      return;
    }
    // a cancelled job stops its worker at once (the partitioner has no cancellation of its own)
    signal?.addEventListener('abort', () => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(cancelled());
    });
    let started = false;
    worker.on('message', (msg: { type: 'progress'; fraction: number } | { type: 'done'; result: PartitionResult } | { type: 'error'; code: GeoError['code']; field?: string; message: string }) => {
      started = true;
      if (msg.type === 'progress') onProgress(msg.fraction);
      else if (msg.type === 'done') {
        settled = true;
        resolve(msg.result);
      } else {
        settled = true;
        reject(new GeoError(msg.code, msg.message, msg.field));
      }
    });
    worker.once('error', (err) => {
      if (settled) return;
      settled = true;
      if (!started) inProcess();
      else reject(err);
    });
    worker.once('exit', (code) => {
      if (settled) return;
      settled = true;
      reject(new Error(`partition worker exited with code ${code}`));
    });
  });
}

/**
 * Publishes job changes as `plan.progress` SSE events: every status change and every 5 % of progress, one
 * after the other so that clients see progress in order and `done`/`failed` last.
 */
function progressPublisher(deps: AppDeps): (job: JobView) => void {
  let lastProgress = -1;
  let chain: Promise<unknown> = Promise.resolve();
  return (job) => {
    if (job.status === 'running' && job.progress - lastProgress < 0.05) return;
    lastProgress = job.progress;
    const payload = { jobId: job.id, status: job.status, progress: round(job.progress), planId: job.planId, error: job.error };
    chain = chain.then(() => deps.hub.publish('plan.progress', payload)).catch((err: unknown) => deps.log.warn(`plan.progress not published: ${(err as Error).message}`));
  };
}

/**
 * Checks a plan request and starts computing it in the background; resolves to the job id.
 * @throws UnprocessableError when there are no cells at the resolution, more grids than cells, or unknown
 *   boundaries.
 */
export async function createPlan(deps: AppDeps, user: SessionUser, input: CreatePlanInput): Promise<{ jobId: string }> {
  const n = await repo.countCells(deps.pool, input.resolution);
  if (n === 0) throw new UnprocessableError(`resolution: there are no cells at resolution ${input.resolution} (load the dataset first)`, 'unprocessable', undefined, { resolution: 'no cells at this resolution' });
  if (input.grids > n) {
    throw new UnprocessableError(`grids: ${input.grids} grids cannot be made from ${n} cells at resolution ${input.resolution}`, 'infeasible', undefined, { grids: `at most ${n}` });
  }
  if (input.boundariesId !== undefined && !(await boundariesExist(deps.pool, input.boundariesId))) {
    throw new UnprocessableError(`boundariesId: no boundaries ${input.boundariesId}`, 'unprocessable', undefined, { boundariesId: 'unknown boundaries' });
  }
  const job = startJob('plan', user.id, (ctx) => computePlan(deps, user, input, ctx), progressPublisher(deps));
  return { jobId: job.id };
}

/**
 * Computes and stores a plan within this call, without a job (the demo plan at first start, tests).
 * @throws UnprocessableError as {@link createPlan}'s job would fail.
 */
export function buildPlanNow(pool: pg.Pool, user: SessionUser, input: CreatePlanInput, onProgress: (fraction: number) => void = () => {}): Promise<{ planId: number }> {
  return computePlan({ pool }, user, input, { progress: onProgress, signal: new AbortController().signal });
}

/** The job body: loads cells, partitions them in a worker, stores the plan in one transaction. */
async function computePlan(deps: Pick<AppDeps, 'pool'>, user: SessionUser, input: CreatePlanInput, ctx: JobContext): Promise<{ planId: number }> {
  const started = Date.now();
  const cols = await cellColumns(deps.pool, input.resolution, null);
  const model = buildModel(cols.h3, cols.customers, cols.load, cols.faults, cols.district, input.weights, input.resolution);
  const regions = await regionLabels(deps.pool, model, input.respectDistricts, input.boundariesId ?? null, input.resolution);
  if (regions) model.graph = bridgeIslands(model.graph, model.geometry.centroids!, regions, model.ferries);
  ctx.progress(0.05);
  const result = await runPartition(
    {
      graph: model.graph,
      weights: [model.columns[0]],
      options: { k: input.grids, tolerancePct: input.tolerancePct, seed: input.seed, timeBudgetMs: input.timeBudgetMs, regions, geometry: model.geometry },
    },
    (f) => ctx.progress(0.05 + 0.85 * f),
    ctx.signal,
  ).catch((err: unknown) => {
    throw fromGeoError(err) ?? err;
  });
  ctx.progress(0.9);
  const k = input.grids;
  const members = membersOf(result.assignment, k);
  const stats = members.map((units, g) => gridStats(model, units, connected(model.graph, result.assignment, g, units)));
  const metrics = { ...planMetrics(model, result.assignment, k), feasible: result.feasible, seconds: round((Date.now() - started) / 1000, 2) };
  const params = { grids: k, weights: input.weights, tolerancePct: input.tolerancePct, respectDistricts: input.respectDistricts, boundariesId: input.boundariesId ?? null, timeBudgetMs: input.timeBudgetMs, seed: input.seed };
  if (ctx.signal.aborted) throw new Error('cancelled');
  const planId = await withTransaction(deps.pool, async (client) => {
    const id = await repo.insertPlan(client, { name: input.name, resolution: input.resolution, params, metrics, boundariesId: input.boundariesId ?? null, userId: user.id });
    const ids = await repo.insertGrids(client, id, stats.map((s, g) => ({ idx: g, name: gridName(g), stats: s as unknown as Record<string, unknown> })));
    await repo.insertGridCells(client, id, model.cells, Array.from(result.assignment, (g) => ids[g]));
    await repo.updateGridGeometries(client, id);
    await insertAudit(client, { userId: user.id, action: 'plan.create', entity: 'plan', entityId: id, details: { name: input.name, ...params, metrics } });
    return id;
  });
  return { planId };
}

/**
 * Hard-boundary labels per cell: the district (when asked) combined with the imported area holding the cell's
 * centre (when `boundariesId` is given; cells outside every area form their own region). Undefined when neither.
 */
async function regionLabels(db: pg.Pool | pg.PoolClient, model: Model, respectDistricts: boolean, boundariesId: number | null, res: number): Promise<Int32Array | undefined> {
  if (!respectDistricts && boundariesId === null) return undefined;
  const n = model.cells.length;
  const labels = new Int32Array(n);
  if (respectDistricts) for (let i = 0; i < n; i++) labels[i] = model.district[i] + 1;
  if (boundariesId !== null) {
    const area = await boundaryLabels(db, boundariesId, res);
    for (let i = 0; i < n; i++) labels[i] = labels[i] * 100_000 + ((area.get(model.cells[i]) ?? -1) + 1);
  }
  return labels;
}

/** Every plan, newest first. */
export function listPlans(pool: pg.Pool): Promise<PlanRow[]> {
  return repo.listPlans(pool);
}

/**
 * A plan with its grids (stats, manager, locked) and metrics.
 * @throws NotFoundError for an unknown plan.
 */
export async function getPlan(pool: pg.Pool, id: number): Promise<PlanRow & { gridList: GridRow[] }> {
  const plan = await repo.getPlan(pool, id);
  if (!plan) throw new NotFoundError(`No plan ${id}`);
  return { ...plan, gridList: await repo.planGrids(pool, id) };
}

/**
 * The plan's grids as GeoJSON.
 * @throws NotFoundError for an unknown plan.
 */
export async function getGridsGeoJson(pool: pg.Pool, id: number): Promise<unknown> {
  if (!(await repo.getPlan(pool, id))) throw new NotFoundError(`No plan ${id}`);
  return repo.gridsGeoJson(pool, id);
}

/**
 * A plan ready for editing: its cells, graph and an editor holding the current assignment over the four
 * columns (workload, customers, load, faults), plus the hard-boundary labels for rebalancing.
 */
interface Editable {
  version: number;
  model: Model;
  editor: PartitionEditor;
  regions: Int32Array | undefined;
}

/**
 * Editors of recently edited plans, per pool, keyed by plan id. Building one reads every cell of the plan and
 * rebuilds its graph (seconds at res 9 over the whole city); with the cache an edit costs O(cells moved) plus
 * the writes. An entry is only used when its version equals the locked plan row's, is taken out while an edit
 * runs and put back only after the edit committed, so a failed or concurrent edit can never leave it stale.
 */
const editCache = new WeakMap<pg.Pool, Map<number, Editable>>();
/** Plans kept per pool. */
const EDIT_CACHE_PLANS = 4;

function cacheOf(pool: pg.Pool): Map<number, Editable> {
  let m = editCache.get(pool);
  if (!m) editCache.set(pool, (m = new Map()));
  return m;
}

function cachePut(pool: pg.Pool, planId: number, e: Editable): void {
  const m = cacheOf(pool);
  m.delete(planId);
  m.set(planId, e);
  while (m.size > EDIT_CACHE_PLANS) m.delete(m.keys().next().value!);
}

/** A plan locked for editing inside a transaction. */
interface EditState {
  plan: PlanRow;
  grids: GridRow[];
  gridById: Map<number, GridRow>;
  ed: Editable;
}

/**
 * Locks the plan row, checks the version and takes (or builds) the plan's editor.
 * @throws NotFoundError for an unknown plan; ConflictError for a stale version or a plan not ready.
 */
async function loadForEdit(pool: pg.Pool, client: pg.PoolClient, planId: number, version: number | undefined): Promise<EditState> {
  const plan = await lockPlanRow(client, planId, version);
  if (plan.status !== 'ready') throw new ConflictError(`Plan ${planId} is ${plan.status}`);
  const grids = await repo.planGrids(client, planId);
  const gridById = new Map(grids.map((g) => [g.id, g]));
  const cache = cacheOf(pool);
  let ed = cache.get(planId);
  cache.delete(planId);
  if (!ed || ed.version !== plan.version) ed = await buildEditable(client, plan, grids);
  return { plan, grids, gridById, ed };
}

/** Reads a plan's cells and builds its model and editor at the plan's version. O(n) plus the graph build. */
async function buildEditable(db: pg.Pool | pg.PoolClient, plan: PlanRow, grids: GridRow[]): Promise<Editable> {
  const gridById = new Map(grids.map((g) => [g.id, g]));
  const cols = await repo.planCellColumns(db, plan.id);
  const weights = (plan.params.weights ?? { customers: 1, load: 0, faults: 0 }) as Record<WeightName, number>;
  const model = buildModel(cols.h3, cols.customers, cols.load, cols.faults, cols.district, weights, plan.resolution);
  const assignment = Int32Array.from(cols.gridId, (id) => gridById.get(id)!.idx);
  const regions = await regionLabels(db, model, plan.params.respectDistricts === true, plan.boundariesId, plan.resolution);
  if (regions) model.graph = bridgeIslands(model.graph, model.geometry.centroids!, regions, model.ferries);
  const editor = new PartitionEditor({ graph: model.graph, weights: model.columns, k: grids.length, assignment, geometry: model.geometry });
  return { version: plan.version, model, editor, regions };
}

/** Metrics of the editor's assignment. O(k) plus the diameters of grids changed since the last call. */
function editorMetrics(ed: Editable): PlanMetricsJson {
  return metricsJson(ed.editor.metrics(), ed.model, ed.editor.n);
}

/** Writes the result of an edit: moved cells, stats and geometry of touched grids, metrics, version, audit. */
async function saveEdit(client: pg.PoolClient, st: EditState, moved: Map<number, number>, user: SessionUser, action: string, details: Record<string, unknown>): Promise<EditResult> {
  const { editor, model } = st.ed;
  const byIdx = new Map(st.grids.map((g) => [g.idx, g]));
  const touched = new Set<number>();
  const h3: string[] = [];
  const to: number[] = [];
  for (const [unit, from] of moved) {
    const now = editor.gridOf(unit);
    if (now === from) continue;
    touched.add(from);
    touched.add(now);
    h3.push(model.cells[unit]);
    to.push(byIdx.get(now)!.id);
  }
  const metrics = editorMetrics(st.ed);
  const gridsOut = [...touched].sort((a, b) => a - b).map((g) => ({ id: byIdx.get(g)!.id, idx: g, stats: gridStats(model, editor.unitsOf(g), editor.gridStats(g).contiguous) }));
  if (h3.length > 0) {
    await repo.moveGridCells(client, st.plan.id, h3, to);
    await repo.updateGridStats(client, gridsOut.map((g) => g.id), gridsOut.map((g) => g.stats as unknown as Record<string, unknown>));
    await repo.updateGridGeometries(client, st.plan.id, gridsOut.map((g) => g.id));
  }
  const version = await repo.bumpPlanVersion(client, st.plan.id, user.id, metrics as unknown as Record<string, unknown>);
  await insertAudit(client, { userId: user.id, action, entity: 'plan', entityId: st.plan.id, details: { ...details, version, cellsMoved: h3.length } });
  st.ed.version = version;
  return { version, metrics, grids: gridsOut };
}

/** One requested move: a cell (H3 index) to a grid (grid id). */
export interface CellMove {
  cell: string;
  grid: number;
}

/**
 * Moves cells between grids of a plan, in order, in one transaction.
 * @throws ConflictError for a stale version or a locked grid; UnprocessableError (`split`) when a move would
 *   cut a grid in two or attach a cell to a grid it does not touch (unless `allowSplit`), or for a cell or grid
 *   not in the plan; NotFoundError for an unknown plan.
 */
export async function moveCells(pool: pg.Pool, user: SessionUser, planId: number, input: { version: number; moves: CellMove[]; allowSplit: boolean }): Promise<EditResult> {
  let ed: Editable | undefined;
  const out = await withTransaction(pool, async (client) => {
    const st = await loadForEdit(pool, client, planId, input.version);
    const { editor, model } = st.ed;
    const moved = new Map<number, number>();
    const { offsets, targets } = model.graph;
    input.moves.forEach((mv, i) => {
      const unit = model.index.get(mv.cell);
      if (unit === undefined) throw new UnprocessableError(`moves.${i}.cell: cell ${mv.cell} is not in plan ${planId}`, 'unprocessable', undefined, { [`moves.${i}.cell`]: 'not in this plan' });
      const grid = st.gridById.get(mv.grid);
      if (!grid) throw new UnprocessableError(`moves.${i}.grid: grid ${mv.grid} is not in plan ${planId}`, 'unprocessable', undefined, { [`moves.${i}.grid`]: 'not in this plan' });
      const from = editor.gridOf(unit);
      if (from === grid.idx) return;
      const fromGrid = st.grids[from];
      const locked = fromGrid.locked ? fromGrid : grid.locked ? grid : undefined;
      if (locked) throw new ConflictError(`moves.${i}: grid ${locked.name} is locked`, { gridId: locked.id });
      if (!input.allowSplit) {
        if (editor.wouldSplit(unit)) {
          throw new UnprocessableError(`moves.${i}: moving ${mv.cell} out of ${fromGrid.name} would split that grid (set allowSplit to do it anyway)`, 'split', { cell: mv.cell, gridId: fromGrid.id });
        }
        let touches = editor.gridStats(grid.idx).units === 0;
        for (let j = offsets[unit]; j < offsets[unit + 1] && !touches; j++) touches = editor.gridOf(targets[j]) === grid.idx;
        if (!touches) {
          throw new UnprocessableError(`moves.${i}: ${mv.cell} does not touch ${grid.name}, so the grid would be in pieces (set allowSplit to do it anyway)`, 'split', { cell: mv.cell, gridId: grid.id });
        }
      }
      if (!moved.has(unit)) moved.set(unit, from);
      editor.move(unit, grid.idx);
    });
    const r = await saveEdit(client, st, moved, user, 'plan.move_cells', { moves: input.moves, allowSplit: input.allowSplit });
    ed = st.ed;
    return r;
  });
  if (ed) cachePut(pool, planId, ed);
  return out;
}

/**
 * Re-optimises the listed grids (ids) of a plan with all others fixed, within the plan's tolerance and hard
 * boundaries.
 * @throws ConflictError for a stale version or a locked grid; UnprocessableError for grids not in the plan or
 *   an infeasible request (the partitioner's explanation).
 */
export async function rebalance(pool: pg.Pool, user: SessionUser, planId: number, input: { version: number; grids: number[] }): Promise<EditResult & { moved: number }> {
  let ed: Editable | undefined;
  const out = await withTransaction(pool, async (client) => {
    const st = await loadForEdit(pool, client, planId, input.version);
    const idxs = input.grids.map((id, i) => {
      const g = st.gridById.get(id);
      if (!g) throw new UnprocessableError(`grids.${i}: grid ${id} is not in plan ${planId}`, 'unprocessable', undefined, { [`grids.${i}`]: 'not in this plan' });
      if (g.locked) throw new ConflictError(`grids.${i}: grid ${g.name} is locked`, { gridId: g.id });
      return g.idx;
    });
    const { model, editor } = st.ed;
    // rebalance the workload only: a separate one-column editor, its moves replayed on the plan's editor
    const work = new PartitionEditor({ graph: model.graph, weights: [model.columns[0]], k: st.grids.length, assignment: editor.assignment, regions: st.ed.regions });
    let moves;
    try {
      moves = work.rebalance(idxs, { tolerancePct: Number(st.plan.params.tolerancePct ?? 3), timeBudgetMs: 500 });
    } catch (err) {
      throw fromGeoError(err) ?? err;
    }
    const moved = new Map<number, number>();
    for (const mv of moves) {
      if (!moved.has(mv.unit)) moved.set(mv.unit, mv.from);
      editor.move(mv.unit, mv.to);
    }
    const r = await saveEdit(client, st, moved, user, 'plan.rebalance', { grids: input.grids });
    ed = st.ed;
    return { ...r, moved: moves.length };
  });
  if (ed) cachePut(pool, planId, ed);
  return out;
}

/**
 * Locks or unlocks a grid (locked grids refuse moves and rebalancing); bumps the version.
 * @throws NotFoundError for an unknown plan or grid; ConflictError for a stale version.
 */
export async function setGridLock(pool: pg.Pool, user: SessionUser, planId: number, input: { gridId: number; locked: boolean; version?: number }): Promise<{ version: number }> {
  let before = 0;
  const out = await withTransaction(pool, async (client) => {
    before = (await lockPlanRow(client, planId, input.version)).version;
    if (!(await repo.setGridLocked(client, planId, input.gridId, input.locked))) throw new NotFoundError(`No grid ${input.gridId} in plan ${planId}`);
    const version = await repo.bumpPlanVersion(client, planId, user.id);
    await insertAudit(client, { userId: user.id, action: input.locked ? 'plan.grid_lock' : 'plan.grid_unlock', entity: 'plan', entityId: planId, details: { gridId: input.gridId, version } });
    return { version };
  });
  versionBumped(pool, planId, before, out.version);
  return out;
}

/**
 * Sets a grid's manager (null: none) and/or name; bumps the version.
 * @throws NotFoundError for an unknown plan or grid; UnprocessableError for an unknown manager; ConflictError
 *   for a stale version.
 */
export async function updateGrid(pool: pg.Pool, user: SessionUser, planId: number, gridId: number, input: { managerId?: number | null; name?: string; version?: number }): Promise<{ version: number }> {
  let before = 0;
  const out = await withTransaction(pool, async (client) => {
    before = (await lockPlanRow(client, planId, input.version)).version;
    if (input.managerId != null && !(await repo.managerExists(client, input.managerId))) {
      throw new UnprocessableError(`managerId: no manager ${input.managerId}`, 'unprocessable', undefined, { managerId: 'unknown manager' });
    }
    if (!(await repo.updateGrid(client, planId, gridId, input))) throw new NotFoundError(`No grid ${gridId} in plan ${planId}`);
    const version = await repo.bumpPlanVersion(client, planId, user.id);
    await insertAudit(client, { userId: user.id, action: 'plan.grid_update', entity: 'plan', entityId: planId, details: { gridId, managerId: input.managerId, name: input.name, version } });
    return { version };
  });
  versionBumped(pool, planId, before, out.version);
  return out;
}

/** After an edit that left the cells as they were: a cached editor at the old version is still right. */
function versionBumped(pool: pg.Pool, planId: number, from: number, to: number): void {
  const e = cacheOf(pool).get(planId);
  if (e && e.version === from) e.version = to;
}

/**
 * Locks the plan row until the transaction ends and checks the version.
 * @throws NotFoundError for an unknown plan; ConflictError for a stale version.
 */
async function lockPlanRow(client: pg.PoolClient, planId: number, version: number | undefined): Promise<PlanRow> {
  const plan = await repo.getPlan(client, planId, true);
  if (!plan) throw new NotFoundError(`No plan ${planId}`);
  if (version !== undefined && version !== plan.version) {
    throw new ConflictError(`Plan ${planId} is at version ${plan.version}, not ${version}: reload it and try again`, { version: plan.version });
  }
  return plan;
}

/**
 * Copies a plan (version 1, not active) with its grids and cells.
 * @throws NotFoundError for an unknown plan.
 */
export function duplicatePlan(pool: pg.Pool, user: SessionUser, planId: number, name: string | undefined): Promise<{ id: number }> {
  return withTransaction(pool, async (client) => {
    const plan = await repo.getPlan(client, planId);
    if (!plan) throw new NotFoundError(`No plan ${planId}`);
    const id = await repo.duplicatePlan(client, planId, name ?? `${plan.name} (副本)`, user.id);
    await insertAudit(client, { userId: user.id, action: 'plan.duplicate', entity: 'plan', entityId: id, details: { from: planId, fromVersion: plan.version } });
    return { id };
  });
}

/**
 * Compares two plans: metrics side by side and the cells whose grid (matched by grid idx) differs.
 * @throws NotFoundError for an unknown plan; UnprocessableError when the resolutions differ.
 */
export async function comparePlans(pool: pg.Pool, a: number, b: number): Promise<PlanComparison> {
  const [pa, pb] = await Promise.all([repo.getPlan(pool, a), repo.getPlan(pool, b)]);
  if (!pa) throw new NotFoundError(`No plan ${a}`);
  if (!pb) throw new NotFoundError(`No plan ${b}`);
  if (pa.resolution !== pb.resolution) throw new UnprocessableError(`Plans ${a} and ${b} have different resolutions (${pa.resolution}, ${pb.resolution})`);
  const [ca, cb] = await Promise.all([repo.planCellGrids(pool, a), repo.planCellGrids(pool, b)]);
  const changed: PlanComparison['changedCells'] = [];
  for (const [cell, ga] of ca) {
    const gb = cb.get(cell);
    if (gb !== ga) changed.push({ cell, a: ga, b: gb ?? null });
  }
  for (const [cell, gb] of cb) if (!ca.has(cell)) changed.push({ cell, a: null, b: gb });
  changed.sort((x, y) => (x.cell < y.cell ? -1 : x.cell > y.cell ? 1 : 0));
  // plans.metrics holds the PlanMetrics JSON
  const side = (p: PlanRow): PlanComparison['a'] => ({ id: p.id, name: p.name, version: p.version, resolution: p.resolution, metrics: p.metrics as PlanMetricsJson | null });
  return { a: side(pa), b: side(pb), changedCells: changed };
}

/** A CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
const csvField = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * A plan's export: CSV `hex_id,grid,manager` (one row per cell, kepler.gl reads it directly) or the grids'
 * GeoJSON. Three plain columns need no CSV library.
 * @throws NotFoundError for an unknown plan.
 */
export async function exportPlan(pool: pg.Pool, planId: number, format: 'csv' | 'geojson'): Promise<{ contentType: string; filename: string; body: string }> {
  if (!(await repo.getPlan(pool, planId))) throw new NotFoundError(`No plan ${planId}`);
  if (format === 'geojson') {
    return { contentType: 'application/geo+json; charset=utf-8', filename: `plan-${planId}.geojson`, body: JSON.stringify(await repo.gridsGeoJson(pool, planId)) };
  }
  const rows = await repo.exportRows(pool, planId);
  const lines = ['hex_id,grid,manager', ...rows.map((r) => `${r.hexId},${csvField(r.grid)},${csvField(r.manager)}`)];
  return { contentType: 'text/csv; charset=utf-8', filename: `plan-${planId}.csv`, body: lines.join('\r\n') + '\r\n' };
}


/**
 * The cells of a plan with their grid, weights and the island ferries, for the client's editor. Builds (or
 * takes from the edit cache) the plan's model, so the first edit afterwards is fast too.
 * @throws NotFoundError for an unknown plan.
 */
export async function getPlanCells(pool: pg.Pool, planId: number): Promise<PlanCells> {
  const plan = await repo.getPlan(pool, planId);
  if (!plan) throw new NotFoundError(`No plan ${planId}`);
  const cache = cacheOf(pool);
  let ed = cache.get(planId);
  if (!ed || ed.version !== plan.version) {
    ed = await buildEditable(pool, plan, await repo.planGrids(pool, planId));
    // only cache it if no edit committed meanwhile
    const now = await repo.getPlan(pool, planId);
    if (now && now.version === ed.version && cache.get(planId)?.version !== ed.version) cachePut(pool, planId, ed);
  }
  const { model, editor, regions } = ed;
  return {
    planId,
    version: ed.version,
    resolution: plan.resolution,
    h3: model.cells,
    grid: Array.from(editor.assignment),
    customers: Array.from(model.columns[1]),
    load: Array.from(model.columns[2]),
    faults: Array.from(model.columns[3]),
    workload: Array.from(model.columns[0], (x) => round(x)),
    regions: regions ? Array.from(regions) : null,
    ferries: model.ferries.slice(),
    graph: { offsets: Array.from(model.graph.offsets), targets: Array.from(model.graph.targets) },
  };
}

/**
 * The saved versions of a plan, newest first (at most `limit`), optionally only those after `sinceVersion`:
 * who changed what and when.
 * @throws NotFoundError for an unknown plan.
 */
export async function planHistory(pool: pg.Pool, planId: number, opts: { sinceVersion?: number; limit?: number } = {}): Promise<PlanHistoryEntry[]> {
  if (!(await repo.getPlan(pool, planId))) throw new NotFoundError(`No plan ${planId}`);
  const rows = await repo.planHistory(pool, planId, opts.limit ?? 200);
  const out = rows.map((r) => {
    const d = r.details;
    const num = (x: unknown): number | null => (typeof x === 'number' ? x : null);
    return {
      id: r.id,
      at: r.at,
      userId: r.userId,
      username: r.username,
      action: r.action,
      version: r.action === 'plan.create' || r.action === 'plan.duplicate' ? 1 : num(d.version),
      cellsMoved: num(d.cellsMoved),
      gridId: num(d.gridId),
    };
  });
  const since = opts.sinceVersion;
  return since === undefined ? out : out.filter((e) => e.version !== null && e.version > since);
}

/**
 * Every manager with their grids' count and summed stats in the plan (0 for managers without grids), by name.
 * @throws NotFoundError for an unknown plan.
 */
export async function planManagers(pool: pg.Pool, planId: number): Promise<ManagerLoad[]> {
  if (!(await repo.getPlan(pool, planId))) throw new NotFoundError(`No plan ${planId}`);
  return repo.managerLoads(pool, planId);
}

/**
 * Cancels a running plan job (its worker stops, nothing is stored).
 * @throws NotFoundError for an unknown job; ConflictError when it has already ended.
 */
export function cancelPlanJob(jobId: string): JobView {
  return cancelJob(jobId);
}

/**
 * Adds an empty grid to a plan (the next idx, named like the others) for splitting a grid in two; bumps the
 * version. The cells are moved into it afterwards with {@link moveCells}.
 * @throws NotFoundError for an unknown plan; ConflictError for a stale version.
 */
export async function addGrid(pool: pg.Pool, user: SessionUser, planId: number, input: { version: number; name?: string }): Promise<{ version: number; id: number; idx: number; name: string }> {
  const out = await withTransaction(pool, async (client) => {
    await lockPlanRow(client, planId, input.version);
    const grids = await repo.planGrids(client, planId);
    const idx = grids.length === 0 ? 0 : grids[grids.length - 1].idx + 1;
    const name = input.name ?? gridName(idx);
    const empty: GridStatsJson = { cells: 0, workload: 0, customers: 0, load: 0, faults: 0, areaKm2: 0, contiguous: false };
    const [id] = await repo.insertGrids(client, planId, [{ idx, name, stats: empty as unknown as Record<string, unknown> }]);
    const version = await repo.bumpPlanVersion(client, planId, user.id);
    await insertAudit(client, { userId: user.id, action: 'plan.grid_add', entity: 'plan', entityId: planId, details: { gridId: id, idx, name, version } });
    return { version, id, idx, name };
  });
  // the cached editor has one grid fewer: drop it
  cacheOf(pool).delete(planId);
  return out;
}
