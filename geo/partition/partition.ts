/**
 * The partitioner's entry point: validation, feasibility checks, the multilevel pass and the
 * restart search. See `index.ts` for the algorithm and its complexity.
 */
import { GeoError, check } from '../errors.ts';
import { computePartitionMetrics, gridLoads } from '../metrics/partition-metrics.ts';
import { haversineM } from '../coords/haversine.ts';
import { mulberry32, shuffleInPlace } from '../random.ts';
import type { Rng } from '../random.ts';
import { anneal, perturb } from './anneal.ts';
import type { AnnealBest } from './anneal.ts';
import { allocateGrids, makeBounds } from './balance.ts';
import type { Bounds } from './balance.ts';
import { recursiveBisection } from './bisect.ts';
import { geometricBisection } from './geometric.ts';
import { coarsenOnce } from './coarsen.ts';
import { ConnectivityChecker, repairContiguity } from './connectivity.ts';
import { computeZones, inducedSubgraph, validateGraph } from './graph.ts';
import type { Level } from './graph.ts';
import { growFromSeeds } from './grow.ts';
import { diffuseBalance } from './diffuse.ts';
import { polishBalance } from './polish.ts';
import { refine } from './refine.ts';
import type { SearchContext } from './refine.ts';
import { PartitionState } from './state.ts';
import type { CsrGraph, PartitionOptions, PartitionResult } from './types.ts';

/** Units at or below which the restart search runs after the multilevel pass ('auto'). */
const SEARCH_MAX_UNITS = 5000;
/** Initial partitions tried on the coarsest graph (4 lowered the cut by ~0.6% at res 9, k = 50, for ~30% more time). */
const INITIAL_ATTEMPTS = 1;

const clock = (): number => globalThis.performance.now();

/**
 * Splits the units of `graph` into `options.k` contiguous grids whose weights are each within
 * `tolerancePct` of the mean, with few cut edges. See the module doc of `geo/partition` for the
 * algorithm. O((n + m) log n) for the multilevel pass plus the time-bounded search.
 * @param weights weight columns, each of length n (e.g. customers, load kW); at least one.
 * @throws GeoError('invalid_input') for malformed arguments (naming the argument).
 * @throws GeoError('infeasible') naming the constraint: 'k', 'tolerancePct', 'lockedUnits',
 *   'seedUnits', 'lockedGrids', 'regions' or 'graph'.
 */
export function partition(graph: CsrGraph, weights: readonly Float64Array[], options: PartitionOptions): PartitionResult {
  const started = clock();
  const n = validateGraph(graph);
  const { k } = options;
  check(Number.isInteger(k) && k >= 1, 'k', `must be a positive integer, got ${k}`);
  check(weights.length >= 1, 'weights', 'needs at least one weight column');
  weights.forEach((col, c) => check(col instanceof Float64Array && col.length === n, `weights[${c}]`, `must be a Float64Array of length ${n}`));
  const ncon = weights.length;
  for (let c = 0; c < ncon; c++) for (let u = 0; u < n; u++) check(Number.isFinite(weights[c][u]) && weights[c][u] >= 0, `weights[${c}]`, `unit ${u} has weight ${weights[c][u]}, must be finite and >= 0`);
  const tolIn = options.tolerancePct ?? 3;
  const tol = new Float64Array(ncon);
  for (let c = 0; c < ncon; c++) {
    const t = typeof tolIn === 'number' ? tolIn : tolIn[c];
    check(typeof t === 'number' && t >= 0 && t < 100, 'tolerancePct', `must be in [0, 100), got ${t}`);
    tol[c] = t / 100;
  }
  const budget = options.timeBudgetMs ?? 10_000;
  check(budget > 0, 'timeBudgetMs', `must be positive, got ${budget}`);
  const deadline = started + budget;
  const rng = mulberry32(options.seed ?? 1);
  let lastProgress = 0;
  const progress = (f: number): void => {
    if (f < lastProgress) return;
    lastProgress = f;
    options.onProgress?.(f);
  };
  for (const [name, arr] of [['regions', options.regions], ['lockedUnits', options.lockedUnits], ['initial', options.initial]] as const) {
    if (arr !== undefined) check(arr instanceof Int32Array && arr.length === n, name, `must be an Int32Array of length ${n}`);
  }
  if (options.edgeWeights !== undefined) check(options.edgeWeights.length === graph.targets.length, 'edgeWeights', `must have one entry per CSR target (${graph.targets.length})`);
  if (options.maxDiameterKm !== undefined) {
    check(options.maxDiameterKm > 0, 'maxDiameterKm', `must be positive, got ${options.maxDiameterKm}`);
    check(options.geometry?.centroids?.length === 2 * n, 'geometry.centroids', 'maxDiameterKm needs 2·n centroid coordinates');
  }
  if (k > n) throw new GeoError('infeasible', `k: ${k} grids cannot be made from ${n} units`, 'k');

  // pinned units: lockedUnits plus seed units
  const lock = new Int32Array(n).fill(-1);
  if (options.lockedUnits) {
    for (let u = 0; u < n; u++) {
      const g = options.lockedUnits[u];
      check(g >= -1 && g < k, 'lockedUnits', `unit ${u} is pinned to grid ${g}, outside [-1, ${k})`);
      lock[u] = g;
    }
  }
  if (options.seedUnits) {
    check(options.seedUnits.length <= k, 'seedUnits', `has ${options.seedUnits.length} entries for ${k} grids`);
    options.seedUnits.forEach((u, g) => {
      if (u < 0) return;
      check(u < n, 'seedUnits', `grid ${g} has seed unit ${u}, outside [0, ${n})`);
      if (lock[u] >= 0 && lock[u] !== g) throw new GeoError('infeasible', `seedUnits: unit ${u} is the seed of grid ${g} but pinned to grid ${lock[u]}`, 'seedUnits');
      lock[u] = g;
    });
  }

  // locked grids stay as they are in `initial`
  const lockedGrid = new Uint8Array(k);
  if (options.lockedGrids && options.lockedGrids.length > 0) {
    check(options.initial !== undefined, 'lockedGrids', 'needs an initial assignment');
    for (const g of options.lockedGrids) {
      check(Number.isInteger(g) && g >= 0 && g < k, 'lockedGrids', `grid ${g} outside [0, ${k})`);
      lockedGrid[g] = 1;
    }
  }
  if (options.initial) for (let u = 0; u < n; u++) check(options.initial[u] >= 0 && options.initial[u] < k, 'initial', `unit ${u} has grid ${options.initial[u]}, outside [0, ${k})`);
  const free = new Uint8Array(n);
  let freeUnits = 0;
  for (let u = 0; u < n; u++) {
    free[u] = options.initial && lockedGrid[options.initial[u]] ? 0 : 1;
    freeUnits += free[u];
    if (!free[u] && lock[u] >= 0 && lock[u] !== options.initial![u]) throw new GeoError('infeasible', `lockedGrids: unit ${u} is pinned to grid ${lock[u]} but belongs to locked grid ${options.initial![u]}`, 'lockedGrids');
    if (free[u] && lock[u] >= 0 && lockedGrid[lock[u]]) throw new GeoError('infeasible', `lockedUnits: unit ${u} is pinned to grid ${lock[u]}, which is locked`, 'lockedUnits');
  }
  const freeGrids: number[] = [];
  for (let g = 0; g < k; g++) if (!lockedGrid[g]) freeGrids.push(g);
  if (freeGrids.length > freeUnits) throw new GeoError('infeasible', `k: ${freeGrids.length} unlocked grids cannot be made from ${freeUnits} unlocked units`, 'k');

  // balance bounds around the mean of all k grids
  const totals = new Float64Array(ncon);
  for (let c = 0; c < ncon; c++) for (let u = 0; u < n; u++) totals[c] += weights[c][u];
  const bounds = makeBounds(totals, k, tol);
  for (let c = 0; c < ncon; c++) {
    if (!bounds.active[c]) continue;
    let heaviest = -1;
    for (let u = 0; u < n; u++) if (free[u] && (heaviest < 0 || weights[c][u] > weights[c][heaviest])) heaviest = u;
    if (heaviest >= 0 && weights[c][heaviest] > bounds.hi[c] + 1e-9) {
      // no grid holding this unit can be within tolerance: say how close any answer can get
      const bound = bestAchievableDeviationPct(weights, bounds.mean, bounds.active, free);
      throw new GeoError('infeasible', `tolerancePct: unit ${heaviest} alone has weight ${weights[c][heaviest]} in column ${c}, above the most a grid may hold (${bounds.hi[c].toFixed(2)}); the best achievable max deviation is ${bound.map((x, i) => `${x.toFixed(1)}% in column ${i}`).join(', ')} (heaviest single units against the mean)`, 'tolerancePct');
    }
  }
  const pinnedLoad = new Float64Array(k * ncon);
  for (let u = 0; u < n; u++) if (lock[u] >= 0) for (let c = 0; c < ncon; c++) pinnedLoad[lock[u] * ncon + c] += weights[c][u];
  for (let g = 0; g < k; g++) {
    for (let c = 0; c < ncon; c++) {
      if (bounds.active[c] && !lockedGrid[g] && pinnedLoad[g * ncon + c] > bounds.hi[c] + 1e-9) {
        throw new GeoError('infeasible', `lockedUnits: the units pinned to grid ${g} already weigh ${pinnedLoad[g * ncon + c]} in column ${c}, above the tolerance (${bounds.hi[c].toFixed(2)})`, 'lockedUnits');
      }
    }
  }

  // the free part of the graph as a Level
  const ewFull = options.edgeWeights ?? new Float64Array(graph.targets.length).fill(1);
  const sub = freeUnits === n ? null : inducedSubgraph(graph.offsets, graph.targets, ewFull, free);
  const fn = sub ? sub.toOriginal.length : n;
  const toOriginal = sub ? sub.toOriginal : null;
  const offsets = sub ? sub.offsets : graph.offsets;
  const targets = sub ? sub.targets : graph.targets;
  const ew = sub ? sub.ew : ewFull;
  const regionsLocal = options.regions ? (toOriginal ? mapArray(options.regions, toOriginal) : options.regions) : undefined;
  const { zone, count: zoneCount } = computeZones(offsets, targets, regionsLocal);
  const w = new Float64Array(fn * ncon);
  const lockLocal = new Int32Array(fn);
  for (let i = 0; i < fn; i++) {
    const u = toOriginal ? toOriginal[i] : i;
    for (let c = 0; c < ncon; c++) w[i * ncon + c] = weights[c][u];
    lockLocal[i] = lock[u];
  }
  const fine: Level = { n: fn, offsets, targets, ew, ncon, w, zone, lock: lockLocal };

  // grids per zone
  const pinnedZone = new Int32Array(k).fill(-1);
  for (let i = 0; i < fn; i++) {
    const g = lockLocal[i];
    if (g < 0) continue;
    if (pinnedZone[g] >= 0 && pinnedZone[g] !== zone[i]) {
      const what = options.regions ? 'different hard-boundary regions (or unconnected pieces of one)' : 'different connected components';
      throw new GeoError('infeasible', `lockedUnits: units pinned to grid ${g} lie in ${what}, a contiguous grid cannot hold them all`, 'lockedUnits');
    }
    pinnedZone[g] = zone[i];
  }
  const zoneLoads = new Float64Array(zoneCount * ncon);
  const zoneUnits = new Int32Array(zoneCount);
  const minGrids = new Int32Array(zoneCount);
  for (let i = 0; i < fn; i++) {
    zoneUnits[zone[i]]++;
    for (let c = 0; c < ncon; c++) zoneLoads[zone[i] * ncon + c] += w[i * ncon + c];
  }
  for (let g = 0; g < k; g++) if (pinnedZone[g] >= 0) minGrids[pinnedZone[g]]++;
  const constraint = options.regions ? 'regions' : 'graph';
  const perZone = allocateGrids(zoneLoads, zoneUnits, minGrids, bounds, freeGrids.length, lockedGrid.some((x) => x === 1) && zoneCount === 1 ? 'lockedGrids' : constraint);
  const fromInitial = options.initial ? zonesOfInitialGrids(options.initial, toOriginal, fn, zone, k, lockedGrid, pinnedZone) : null;
  const gridZone = fromInitial ?? new Int32Array(k).fill(-1);
  const used = new Int32Array(zoneCount);
  if (fromInitial) for (const g of freeGrids) used[gridZone[g]]++;
  for (let g = 0; g < k; g++) {
    if (!fromInitial && pinnedZone[g] >= 0) {
      gridZone[g] = pinnedZone[g];
      used[pinnedZone[g]]++;
    }
  }
  let zi = 0;
  for (const g of freeGrids) {
    if (fromInitial || gridZone[g] >= 0) continue;
    while (used[zi] >= perZone[zi]) zi++;
    gridZone[g] = zi;
    used[zi]++;
  }
  progress(0.05);

  const anchorOf = makeAnchors(options, k, toOriginal);
  const checker = new ConnectivityChecker(fn);
  const ctxFor = (level: Level, withDiameter: boolean): SearchContext => ({
    checker: level.n === fn ? checker : new ConnectivityChecker(level.n),
    deadline,
    now: clock,
    allowed: withDiameter ? anchorOf?.allowed : undefined,
  });

  // starting assignment: warm start or multilevel
  let part: Int32Array;
  let geometric = false;
  const warm = options.initial ? warmStart(options.initial, toOriginal, fn, gridZone, zone, lockLocal) : null;
  if (warm) {
    part = warm;
  } else {
    part = multilevel(fine, k, bounds, gridZone, perZone, freeGrids, rng, ctxFor, deadline, progress);
    if (activeColumns(bounds) > 1 && options.geometry?.centroids && !lockLocal.some((g) => g >= 0) && clock() < deadline) {
      // several weight columns and known centroids: straight cuts that balance every column may
      // start closer to balance than the multilevel pass (which balances their sum); keep the better
      const alt = geometricStart(fine, options.geometry.centroids, toOriginal, bounds, gridZone, perZone, freeGrids, deadline);
      if (alt && rankBefore(rankOf(new PartitionState(fine, k, bounds, alt, gridZone)), rankOf(new PartitionState(fine, k, bounds, part, gridZone)))) {
        part = alt;
        geometric = true;
      }
    }
  }
  if (anchorOf) anchorOf.setAnchors(part, fn);
  const state = new PartitionState(fine, k, bounds, part, gridZone);
  const order = shuffledOrder(fn, rng);
  // the fine-level phases trade columns and cut edges against the summed violation; when the
  // tolerance is out of reach they can leave a larger worst deviation than they found, so the best
  // assignment seen (within tolerance: fewest cut edges; else: smallest worst deviation) is kept
  const best = { part: state.part.slice(), rank: rankOf(state) };
  const checkpoint = (): void => {
    const r = rankOf(state);
    if (rankBefore(r, best.rank)) {
      best.rank = r;
      best.part.set(state.part);
    }
  };
  checkpoint();
  if (geometric) {
    // the geometric start is balanced per column: only moves that keep every column are allowed
    refine(state, ctxFor(fine, true), order, 30, true);
  } else {
    diffuseBalance(state, ctxFor(fine, true), 3);
    refine(state, ctxFor(fine, true), order, 30);
  }
  checkpoint();
  const score = loadScore(fine, bounds);
  if (repairContiguity(offsets, targets, ew, part, k, lockLocal, zone, score)) {
    state.recompute();
    diffuseBalance(state, ctxFor(fine, true), 3);
    refine(state, ctxFor(fine, true), order, 30);
    checkpoint();
  }
  const tolScale = smallestTolerance(bounds);
  if (state.badGrids > 0 && polishBalance(state, ctxFor(fine, true), rng, tolScale, 16)) refine(state, ctxFor(fine, true), order, 10);
  checkpoint();
  if (rankBefore(best.rank, rankOf(state))) {
    state.part.set(best.part);
    state.recompute();
  }
  progress(0.6);

  // restart search for small instances
  const searchMode = options.search ?? 'auto';
  if (searchMode === 'always' || (searchMode === 'auto' && fn <= SEARCH_MAX_UNITS)) {
    restartSearch(state, ctxFor(fine, true), rng, bounds, options.restarts ?? 2000, started, deadline, progress, () => {
      const p = multilevel(fine, k, bounds, gridZone, perZone, freeGrids, rng, ctxFor, deadline, () => {});
      return p;
    });
  }

  // safety net: no move above can split a grid, but a warm start or pinned units may arrive split
  if (repairContiguity(offsets, targets, ew, state.part, k, lockLocal, zone, score)) state.recompute();

  // back to the caller's numbering
  const assignment = new Int32Array(n);
  if (toOriginal) {
    for (let u = 0; u < n; u++) assignment[u] = options.initial![u];
    for (let i = 0; i < fn; i++) assignment[toOriginal[i]] = state.part[i];
  } else assignment.set(state.part);
  const metrics = computePartitionMetrics(graph, assignment, k, weights, options.geometry);
  let feasible = metrics.nonContiguous === 0;
  for (let c = 0; c < ncon; c++) if (bounds.active[c] && metrics.maxDevPct[c] > tol[c] * 100 + 1e-7) feasible = false;
  if (options.maxDiameterKm !== undefined && (metrics.maxDiameterKm ?? 0) > options.maxDiameterKm) feasible = false;
  progress(1);
  return { assignment, feasible, metrics, loads: gridLoads(assignment, k, weights), elapsedMs: clock() - started };
}

/** Multilevel pass: coarsen, split the coarsest graph per zone, then project and refine level by level. */
function multilevel(fine: Level, k: number, bounds: Bounds, gridZone: Int32Array, perZone: Int32Array, freeGrids: number[], rng: Rng, ctxFor: (l: Level, d: boolean) => SearchContext, deadline: number, progress: (f: number) => void): Int32Array {
  const levels: Level[] = [fine];
  const maps: Int32Array[] = [];
  const coarsenTo = Math.max(20 * freeGrids.length, 80);
  const maxWeight = new Float64Array(fine.ncon);
  for (let c = 0; c < fine.ncon; c++) maxWeight[c] = bounds.active[c] ? 0.1 * bounds.mean[c] : Infinity;
  while (levels[levels.length - 1].n > coarsenTo) {
    const last = levels[levels.length - 1];
    const { coarse, cmap } = coarsenOnce(last, maxWeight, rng);
    if (coarse.n > 0.92 * last.n) break;
    levels.push(coarse);
    maps.push(cmap);
  }
  progress(0.1);
  const top = levels[levels.length - 1];
  let part = new Int32Array(top.n);
  const score = loadScore(top, bounds);
  // the units of each zone, and its grids
  const zoneNodes: number[][] = perZone.length > 0 ? Array.from({ length: perZone.length }, () => []) : [];
  for (let u = 0; u < top.n; u++) zoneNodes[top.zone[u]].push(u);
  const zoneGrids: number[][] = Array.from({ length: perZone.length }, () => []);
  for (const g of freeGrids) zoneGrids[gridZone[g]].push(g);
  // a few initial partitions of the coarsest graph, each balanced and refined there; the best
  // (fewest out-of-tolerance grids, then lowest cut) goes down the levels
  let bestBad = Infinity;
  let bestCut = Infinity;
  for (let attempt = 0; attempt < INITIAL_ATTEMPTS; attempt++) {
    const trial = new Int32Array(top.n);
    let pinnedAnywhere = false;
    for (let z = 0; z < perZone.length; z++) {
      const nodes = Int32Array.from(zoneNodes[z]);
      const grids = zoneGrids[z];
      let pinned = false;
      for (let i = 0; i < nodes.length; i++) if (top.lock[nodes[i]] >= 0) pinned = true;
      pinnedAnywhere ||= pinned;
      if (pinned) growFromSeeds(top, nodes, grids, score, trial);
      else recursiveBisection(top, nodes, grids, score, trial, rng);
    }
    const st = new PartitionState(top, k, bounds, trial, gridZone);
    const ctxTop = ctxFor(top, levels.length === 1);
    diffuseBalance(st, ctxTop, 3);
    refine(st, ctxTop, shuffledOrder(top.n, rng), 6);
    if (st.badGrids < bestBad || (st.badGrids === bestBad && st.cut < bestCut)) {
      bestBad = st.badGrids;
      bestCut = st.cut;
      part = trial;
    }
    // region growing from pinned units has no randomness: one attempt is enough
    if (pinnedAnywhere || globalThis.performance.now() > deadline) break;
  }
  progress(0.2);
  for (let li = levels.length - 1; li >= 0; li--) {
    const level = levels[li];
    if (li < levels.length - 1) {
      const cmap = maps[li];
      const finer = new Int32Array(level.n);
      for (let u = 0; u < level.n; u++) finer[u] = part[cmap[u]];
      part = finer;
    }
    const state = new PartitionState(level, k, bounds, part, gridZone);
    const ctxL = ctxFor(level, li === 0);
    diffuseBalance(state, ctxL, 3);
    refine(state, ctxL, shuffledOrder(level.n, rng), li === 0 ? 10 : 6);
    progress(0.2 + (0.4 * (levels.length - li)) / levels.length);
    if (globalThis.performance.now() > deadline) {
      // out of time: project straight down to the finest level
      for (let lj = li - 1; lj >= 0; lj--) {
        const cmap = maps[lj];
        const finer = new Int32Array(levels[lj].n);
        for (let u = 0; u < finer.length; u++) finer[u] = part[cmap[u]];
        part = finer;
      }
      break;
    }
  }
  return part;
}

/**
 * Restart search: annealing runs from the current best, from perturbed copies of it and from fresh
 * multilevel starts, until `restarts` runs or the deadline. Leaves the best assignment in `state`.
 */
function restartSearch(state: PartitionState, ctx: SearchContext, rng: Rng, bounds: Bounds, restarts: number, started: number, deadline: number, progress: (f: number) => void, fresh: () => Int32Array): void {
  const n = state.level.n;
  const tolScale = smallestTolerance(bounds);
  state.recompute();
  const best: AnnealBest = { part: state.part.slice(), cut: state.cut, viol: state.badGrids === 0 ? 0 : state.viol };
  const iters = Math.min(2_000_000, Math.max(20_000, 400 * n * Math.max(2, Math.log2(state.k + 1))));
  for (let r = 0; r < restarts; r++) {
    if (clock() > deadline) break;
    if (r > 0) {
      if (r % 3 === 0) state.part.set(fresh());
      else {
        state.part.set(best.part);
        state.recompute();
        perturb(state, ctx, rng, Math.max(2, Math.floor(n * 0.05 * (1 + (r % 5)))));
      }
    }
    state.recompute();
    // a light starting penalty (0.03 per tolerance width) lets the walk cross unbalanced states;
    // the adaptive penalty inside the run pulls it back to feasibility
    anneal(state, ctx, rng, iters, tolScale, best, { lambda: 0.03 });
    progress(Math.min(0.99, 0.6 + (0.4 * (clock() - started)) / Math.max(1, deadline - started)));
  }
  state.part.set(best.part);
  state.recompute();
}

/**
 * Lower bound on the max deviation (percent of the mean) that any assignment reaches, per column:
 * the grid holding the heaviest free unit weighs at least that unit, so it is at least
 * `max(0, heaviest / mean − 1)` above the mean. O(n·ncon).
 */
export function bestAchievableDeviationPct(weights: readonly Float64Array[], mean: Float64Array, active: Uint8Array, free: Uint8Array): number[] {
  return weights.map((col, c) => {
    if (!active[c]) return 0;
    let max = 0;
    for (let u = 0; u < col.length; u++) if (free[u] && col[u] > max) max = col[u];
    return Math.max(0, (max / mean[c] - 1) * 100);
  });
}

/** The smallest tolerance of an active column as a fraction of the mean (0.01 when none is positive). */
function smallestTolerance(bounds: Bounds): number {
  let t = Infinity;
  for (let c = 0; c < bounds.ncon; c++) if (bounds.active[c]) t = Math.min(t, (bounds.hi[c] - bounds.mean[c]) / bounds.mean[c]);
  return Number.isFinite(t) && t > 0 ? t : 0.01;
}

/**
 * Rank of an assignment, compared with {@link rankBefore}: within tolerance [0, 0, cut]; else
 * [1, worst deviation from the mean over grids and columns in tenths of a percent, cut]. The
 * deviation is rounded so that a hair's breadth on the worst grid does not buy thousands of cut
 * edges. O(k·ncon).
 */
function rankOf(st: PartitionState): [number, number, number] {
  if (st.badGrids === 0) return [0, 0, st.cut];
  const { k, bounds, loads } = st;
  let worst = 0;
  for (let g = 0; g < k; g++) {
    for (let c = 0; c < bounds.ncon; c++) {
      if (bounds.active[c]) worst = Math.max(worst, Math.abs(loads[g * bounds.ncon + c] - bounds.mean[c]) * bounds.invMean[c]);
    }
  }
  return [1, Math.round(worst * 1000), st.cut];
}

/** True when rank a is strictly better (lower, lexicographically) than rank b. */
function rankBefore(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

function activeColumns(bounds: Bounds): number {
  let a = 0;
  for (let c = 0; c < bounds.ncon; c++) a += bounds.active[c];
  return a;
}

/**
 * Starting assignment by multi-constraint geometric bisection in each zone (`geometric.ts`), from
 * the caller's centroids (degrees) projected to a local plane; null when the deadline passed first.
 * O(D·n log k) plus the border moves.
 */
function geometricStart(level: Level, centroids: Float64Array, toOriginal: Int32Array | null, bounds: Bounds, gridZone: Int32Array, perZone: Int32Array, freeGrids: number[], deadline: number): Int32Array | null {
  const { n, ncon, w, zone } = level;
  const xy = new Float64Array(2 * n);
  let latSum = 0;
  for (let u = 0; u < n; u++) latSum += centroids[2 * (toOriginal ? toOriginal[u] : u) + 1];
  const kx = Math.cos(((latSum / Math.max(1, n)) * Math.PI) / 180);
  for (let u = 0; u < n; u++) {
    const p = toOriginal ? toOriginal[u] : u;
    xy[2 * u] = centroids[2 * p] * kx;
    xy[2 * u + 1] = centroids[2 * p + 1];
  }
  const cols: number[] = [];
  for (let c = 0; c < ncon; c++) if (bounds.active[c]) cols.push(c);
  const vec = new Float64Array(n * cols.length);
  for (let u = 0; u < n; u++) cols.forEach((c, j) => (vec[u * cols.length + j] = w[u * ncon + c] * bounds.invMean[c]));
  const part = new Int32Array(n);
  const zoneNodes: number[][] = Array.from({ length: perZone.length }, () => []);
  for (let u = 0; u < n; u++) zoneNodes[zone[u]].push(u);
  const zoneGrids: number[][] = Array.from({ length: perZone.length }, () => []);
  for (const g of freeGrids) zoneGrids[gridZone[g]].push(g);
  const tol = smallestTolerance(bounds);
  for (let z = 0; z < perZone.length; z++) {
    if (!geometricBisection(level, Int32Array.from(zoneNodes[z]), zoneGrids[z], xy, vec, cols.length, tol, part, deadline)) return null;
  }
  return part;
}

/** Summed normalised weights per unit (the load used to grow and pick pieces). O(n·ncon). */
function loadScore(level: Level, bounds: Bounds): Float64Array {
  const { n, ncon, w } = level;
  const s = new Float64Array(n);
  let active = 0;
  for (let c = 0; c < ncon; c++) active += bounds.active[c];
  for (let u = 0; u < n; u++) {
    let x = 0;
    for (let c = 0; c < ncon; c++) x += w[u * ncon + c] * bounds.invMean[c];
    s[u] = active > 0 ? x / active : 1;
  }
  return s;
}

function shuffledOrder(n: number, rng: Rng): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return shuffleInPlace(rng, order);
}

function mapArray(a: Int32Array, toOriginal: Int32Array): Int32Array {
  const out = new Int32Array(toOriginal.length);
  for (let i = 0; i < out.length; i++) out[i] = a[toOriginal[i]];
  return out;
}

/**
 * Zone of each free grid of the caller's initial assignment, when every free grid is non-empty,
 * lies in one zone and agrees with its pinned units; else null (the allocation decides).
 */
function zonesOfInitialGrids(initial: Int32Array, toOriginal: Int32Array | null, fn: number, zone: Int32Array, k: number, lockedGrid: Uint8Array, pinnedZone: Int32Array): Int32Array | null {
  const gz = new Int32Array(k).fill(-1);
  for (let i = 0; i < fn; i++) {
    const g = initial[toOriginal ? toOriginal[i] : i];
    if (gz[g] === -1) gz[g] = zone[i];
    else if (gz[g] !== zone[i]) return null;
  }
  for (let g = 0; g < k; g++) {
    if (lockedGrid[g]) continue;
    if (gz[g] < 0 || (pinnedZone[g] >= 0 && pinnedZone[g] !== gz[g])) return null;
  }
  return gz;
}

/** The caller's initial assignment restricted to the free units, when it fits the zones; else null. */
function warmStart(initial: Int32Array, toOriginal: Int32Array | null, fn: number, gridZone: Int32Array, zone: Int32Array, lock: Int32Array): Int32Array | null {
  const part = new Int32Array(fn);
  for (let i = 0; i < fn; i++) {
    const g = lock[i] >= 0 ? lock[i] : initial[toOriginal ? toOriginal[i] : i];
    if (gridZone[g] !== zone[i]) return null;
    part[i] = g;
  }
  return part;
}

/**
 * The max-diameter rule: each grid has an anchor unit (its seed, else its first unit) and a unit may
 * join it only within half the max diameter of the anchor, so no two units are farther apart than
 * the max diameter.
 */
function makeAnchors(options: PartitionOptions, k: number, toOriginal: Int32Array | null): { allowed: (u: number, g: number) => boolean; setAnchors: (part: Int32Array, n: number) => void } | null {
  const max = options.maxDiameterKm;
  const cen = options.geometry?.centroids;
  if (max === undefined || !cen) return null;
  const anchor = new Int32Array(k).fill(-1);
  const orig = (u: number): number => (toOriginal ? toOriginal[u] : u);
  const radiusM = (max * 1000) / 2;
  return {
    allowed: (u, g) => {
      const a = anchor[g];
      if (a < 0) return true;
      const p = orig(u);
      return haversineM(cen[2 * p], cen[2 * p + 1], cen[2 * a], cen[2 * a + 1]) <= radiusM;
    },
    setAnchors: (part, n) => {
      if (options.seedUnits) options.seedUnits.forEach((u, g) => { if (u >= 0) anchor[g] = u; });
      // anchor of the other grids: the unit closest to the grid's mean centroid
      const sx = new Float64Array(k);
      const sy = new Float64Array(k);
      const cnt = new Int32Array(k);
      for (let u = 0; u < n; u++) {
        const p = orig(u);
        sx[part[u]] += cen[2 * p];
        sy[part[u]] += cen[2 * p + 1];
        cnt[part[u]]++;
      }
      const bestD = new Float64Array(k).fill(Infinity);
      for (let u = 0; u < n; u++) {
        const g = part[u];
        if (options.seedUnits && options.seedUnits[g] >= 0) continue;
        const p = orig(u);
        const d = (cen[2 * p] - sx[g] / cnt[g]) ** 2 + (cen[2 * p + 1] - sy[g] / cnt[g]) ** 2;
        if (d < bestD[g]) {
          bestD[g] = d;
          anchor[g] = p;
        }
      }
    },
  };
}
