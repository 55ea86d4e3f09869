/**
 * Incremental editing of a partition for the planner: moving units between grids keeps every
 * grid's weight sums, unit count, area, perimeter, the cut, the number of connected pieces of the
 * two grids involved and their convex hulls up to date, so the metrics can be read after every
 * click.
 *
 * Costs per moved unit: sums, cut, area and perimeter O(deg + ncon). Pieces: a BFS among the
 * unit's neighbours that stops once they are all reached (a few units on planar graphs); a full
 * O(grid size) recount only when the move splits a piece or may join several. Hulls: the
 * receiver's is the hull of its hull plus the unit (O(h log h)); the donor's changes only when the
 * unit was a hull vertex, then the members cut off by the chord between its hull neighbours are
 * found by one O(grid size) scan without sorting. `metrics()` is O(k·ncon) plus O(h²) per grid
 * changed since the last call (largest distance between hull vertices, h ≈ 10–60).
 * Moves return the previous grid, so undo is `move(unit, previous)`.
 */
import { GeoError, check } from '../errors.ts';
import { hullUnits, pairwiseMaxKm } from '../metrics/diameter.ts';
import { maxDeviationPct } from '../metrics/partition-metrics.ts';
import { polsbyPopper, sharedBoundaryLengths, unitPerimeters } from '../metrics/polsby-popper.ts';
import { validateGraph } from './graph.ts';
import { partition } from './partition.ts';
import type { CsrGraph, PartitionMetrics, UnitGeometry } from './types.ts';

/** What the editor starts from. */
export interface EditorInput {
  graph: CsrGraph;
  /** weight columns, each of length n. */
  weights: readonly Float64Array[];
  k: number;
  /** grid of each unit (copied). */
  assignment: Int32Array;
  geometry?: UnitGeometry;
  /** hard boundaries honoured by `rebalance`. */
  regions?: Int32Array;
}

/** One unit moved by {@link PartitionEditor.rebalance}. */
export interface UnitMove {
  unit: number;
  from: number;
  to: number;
}

/** Current figures of one grid. */
export interface GridStats {
  units: number;
  /** one sum per weight column. */
  loads: number[];
  /** km² and km, null without geometry. */
  areaKm2: number | null;
  perimeterKm: number | null;
  polsbyPopper: number | null;
  contiguous: boolean;
}

export class PartitionEditor {
  readonly n: number;
  readonly k: number;
  readonly ncon: number;
  private readonly graph: CsrGraph;
  private readonly weights: readonly Float64Array[];
  private readonly geometry: UnitGeometry | undefined;
  private readonly regions: Int32Array | undefined;
  /** grid of each unit. */
  private readonly part: Int32Array;
  /** sums interleaved `loads[g * ncon + c]`. */
  private readonly loads: Float64Array;
  /** members of each grid (unordered) and the position of each unit in its grid's list. */
  private readonly members: number[][];
  private readonly pos: Int32Array;
  /** connected pieces of each grid (1 = contiguous, 0 = empty). */
  private readonly pieces: Int32Array;
  private cut = 0;
  /** geometry caches: unit perimeters, shared boundary per CSR entry, grid area and perimeter. */
  private readonly perims: Float64Array | null;
  private readonly shared: Float64Array | null;
  private readonly area: Float64Array | null;
  private readonly perim: Float64Array | null;
  /** diameters (km) and whether they are stale. */
  private readonly diam: Float64Array;
  private readonly diamDirty: Uint8Array;
  /**
   * convex hull of each grid's centroids (unit indices, counter-clockwise) kept current under
   * moves, so a diameter costs O(h²) over its h hull vertices instead of a sort of the grid;
   * `hullOk[g] = 0` means "rebuild from the members when next needed".
   */
  private readonly hulls: Int32Array[];
  private readonly hullOk: Uint8Array;
  /** x scale of the hull projection (cos of the mean latitude) and a scratch list of candidates. */
  private readonly kx: number;
  private hullScratch = new Int32Array(64);
  private readonly seen: Int32Array;
  /** which lockstep search of `componentsAround` reached a unit first. */
  private readonly owner: Int32Array;
  private readonly queue: Int32Array;
  private stamp = 0;

  /**
   * O(n·ncon + m) to build every sum and the contiguity of every grid.
   * @throws GeoError('invalid_input') for a malformed graph, weights or assignment.
   */
  constructor(input: EditorInput) {
    const n = validateGraph(input.graph);
    const { k } = input;
    check(Number.isInteger(k) && k >= 1, 'k', `must be a positive integer, got ${k}`);
    check(input.assignment.length === n, 'assignment', `length ${input.assignment.length} must equal the number of units ${n}`);
    input.weights.forEach((w, c) => check(w.length === n, `weights[${c}]`, `must have length ${n}`));
    this.n = n;
    this.k = k;
    this.ncon = input.weights.length;
    this.graph = input.graph;
    this.weights = input.weights;
    this.geometry = input.geometry;
    this.regions = input.regions;
    this.part = new Int32Array(n);
    this.loads = new Float64Array(k * this.ncon);
    this.members = Array.from({ length: k }, () => []);
    this.pos = new Int32Array(n);
    this.pieces = new Int32Array(k);
    this.seen = new Int32Array(n);
    this.owner = new Int32Array(n);
    this.queue = new Int32Array(n);
    const areas = input.geometry?.areas;
    this.perims = areas ? unitPerimeters(areas, input.geometry?.perimeters) : null;
    this.shared = this.perims ? sharedBoundaryLengths(input.graph.offsets, input.graph.targets, this.perims, input.geometry?.sharedBoundary) : null;
    this.area = areas ? new Float64Array(k) : null;
    this.perim = areas ? new Float64Array(k) : null;
    this.diam = new Float64Array(k);
    this.diamDirty = new Uint8Array(k).fill(1);
    this.hulls = Array.from({ length: k }, () => new Int32Array(0));
    this.hullOk = new Uint8Array(k);
    const cen = input.geometry?.centroids;
    let lat = 0;
    if (cen) for (let u = 0; u < n; u++) lat += cen[2 * u + 1];
    this.kx = Math.cos(((n > 0 ? lat / n : 0) * Math.PI) / 180);
    const { offsets, targets } = input.graph;
    for (let u = 0; u < n; u++) {
      const g = input.assignment[u];
      check(Number.isInteger(g) && g >= 0 && g < k, 'assignment', `unit ${u} has grid ${g}, outside [0, ${k})`);
      this.part[u] = g;
      this.pos[u] = this.members[g].length;
      this.members[g].push(u);
      for (let c = 0; c < this.ncon; c++) this.loads[g * this.ncon + c] += this.weights[c][u];
    }
    let cut = 0;
    for (let u = 0; u < n; u++) {
      const g = this.part[u];
      if (this.area && this.perim && this.perims && this.shared && areas) {
        this.area[g] += areas[u];
        this.perim[g] += this.perims[u];
      }
      for (let i = offsets[u], e = offsets[u + 1]; i < e; i++) {
        if (this.part[targets[i]] !== g) cut++;
        else if (this.perim && this.shared) this.perim[g] -= this.shared[i];
      }
    }
    this.cut = cut / 2;
    for (let g = 0; g < k; g++) this.pieces[g] = this.countPieces(g);
  }

  /** The live assignment (read-only: change it only through `move`). */
  get assignment(): Int32Array {
    return this.part;
  }

  /** Grid of unit u. O(1). */
  gridOf(u: number): number {
    return this.part[u];
  }

  /**
   * True when taking `unit` out of `fromGrid` (its grid by default) would cut that grid in two or
   * more pieces. O(grid size) at worst, usually O(1) on planar graphs.
   * @throws GeoError('invalid_input') when the unit is not in `fromGrid`.
   */
  wouldSplit(unit: number, fromGrid: number = this.part[unit]): boolean {
    this.checkUnit(unit);
    check(this.part[unit] === fromGrid, 'fromGrid', `unit ${unit} is in grid ${this.part[unit]}, not ${fromGrid}`);
    return this.componentsAround(unit, fromGrid) > 1;
  }

  /**
   * Moves `unit` to grid `to` and updates every sum, the cut, area, perimeter and the contiguity of
   * both grids. O(deg + ncon) plus the contiguity upkeep (see the module doc).
   * @returns the grid the unit was in (move it back there to undo).
   * @throws GeoError('invalid_input') for an unknown unit or grid.
   */
  move(unit: number, to: number): number {
    this.checkUnit(unit);
    check(Number.isInteger(to) && to >= 0 && to < this.k, 'to', `grid ${to} outside [0, ${this.k})`);
    const from = this.part[unit];
    if (from === to) return from;
    const { offsets, targets } = this.graph;
    let touchesTo = false;
    let connFrom = 0;
    let connTo = 0;
    let sharedFrom = 0;
    let sharedTo = 0;
    for (let i = offsets[unit], e = offsets[unit + 1]; i < e; i++) {
      const g = this.part[targets[i]];
      if (g === from) {
        connFrom++;
        if (this.shared) sharedFrom += this.shared[i];
      } else if (g === to) {
        connTo++;
        touchesTo = true;
        if (this.shared) sharedTo += this.shared[i];
      }
    }
    // sums
    for (let c = 0; c < this.ncon; c++) {
      const x = this.weights[c][unit];
      this.loads[from * this.ncon + c] -= x;
      this.loads[to * this.ncon + c] += x;
    }
    this.cut += connFrom - connTo;
    if (this.area && this.perim && this.perims && this.geometry?.areas) {
      const a = this.geometry.areas[unit];
      this.area[from] -= a;
      this.area[to] += a;
      this.perim[from] -= this.perims[unit] - 2 * sharedFrom;
      this.perim[to] += this.perims[unit] - 2 * sharedTo;
    }
    // membership (swap-remove)
    const list = this.members[from];
    const p = this.pos[unit];
    const last = list[list.length - 1];
    list[p] = last;
    this.pos[last] = p;
    list.pop();
    this.pos[unit] = this.members[to].length;
    this.members[to].push(unit);
    this.part[unit] = to;
    // contiguity of both grids, exact from local facts whenever possible (a full count of a grid
    // only when the move splits a piece or may join several pieces)
    if (list.length === 0) this.pieces[from] = 0;
    else if (connFrom === 0) this.pieces[from]--; // the unit was a piece on its own
    else this.pieces[from] += this.componentsAround(unit, from) - 1; // its piece falls into c pieces
    const before = this.pieces[to];
    if (before === 0) this.pieces[to] = 1;
    else if (!touchesTo) this.pieces[to] = before + 1; // a new piece of one unit
    else if (before > 1 && connTo > 1) this.pieces[to] = before + 1 - this.componentsAround(unit, to); // joins c pieces into one
    // else the unit joined exactly one piece (its neighbours in `to` are connected without it)
    this.diamDirty[from] = 1;
    this.diamDirty[to] = 1;
    if (this.geometry?.centroids) this.updateHulls(unit, from, to);
    return from;
  }

  /** Current figures of grid g. O(ncon). */
  gridStats(g: number): GridStats {
    check(Number.isInteger(g) && g >= 0 && g < this.k, 'grid', `grid ${g} outside [0, ${this.k})`);
    const loads: number[] = [];
    for (let c = 0; c < this.ncon; c++) loads.push(this.loads[g * this.ncon + c]);
    return {
      units: this.members[g].length,
      loads,
      areaKm2: this.area ? this.area[g] : null,
      perimeterKm: this.perim ? this.perim[g] : null,
      polsbyPopper: this.area && this.perim ? polsbyPopper(this.area[g], this.perim[g]) : null,
      contiguous: this.pieces[g] === 1,
    };
  }

  /** Units of grid g (a copy, unordered). O(grid size). */
  unitsOf(g: number): Int32Array {
    return Int32Array.from(this.members[g]);
  }

  /**
   * The metrics of the current assignment, equal to `computePartitionMetrics` on it.
   * O(k·ncon) plus the diameters of grids changed since the last call.
   */
  metrics(): PartitionMetrics {
    let nonContiguous = 0;
    for (let g = 0; g < this.k; g++) if (this.pieces[g] !== 1) nonContiguous++;
    const m: PartitionMetrics = {
      k: this.k,
      maxDevPct: maxDeviationPct(this.loads, this.k, this.ncon),
      nonContiguous,
      cutEdges: this.cut,
      polsbyPopperMean: null,
      polsbyPopperMin: null,
      maxDiameterKm: null,
    };
    if (this.area && this.perim) {
      let sum = 0;
      let worst = Infinity;
      for (let g = 0; g < this.k; g++) {
        const pp = polsbyPopper(this.area[g], this.perim[g]);
        sum += pp;
        worst = Math.min(worst, pp);
      }
      m.polsbyPopperMean = sum / this.k;
      m.polsbyPopperMin = worst;
    }
    const cen = this.geometry?.centroids;
    if (cen) {
      let worst = 0;
      for (let g = 0; g < this.k; g++) {
        if (this.diamDirty[g]) {
          if (!this.hullOk[g]) this.rebuildHull(g);
          this.diam[g] = pairwiseMaxKm(cen, this.hulls[g], this.hulls[g].length);
          this.diamDirty[g] = 0;
        }
        worst = Math.max(worst, this.diam[g]);
      }
      m.maxDiameterKm = worst;
    }
    return m;
  }

  /**
   * Re-optimises the listed grids with every other grid fixed: their units are re-split between
   * them (warm start from the current assignment, diffusion balancing and connectivity-preserving
   * refinement) so that each weight is within `tolerancePct` of the listed grids' own mean, with
   * few cut edges. The moves are applied; the returned list lets the client undo them.
   * Cost: O((n_s + m_s) log n_s) on the subgraph of the listed grids, bounded by `timeBudgetMs`.
   * @throws GeoError('invalid_input') for unknown grids; GeoError('infeasible') as `partition`.
   */
  rebalance(grids: readonly number[], options: { tolerancePct?: number | readonly number[]; seed?: number; timeBudgetMs?: number } = {}): UnitMove[] {
    check(grids.length >= 1, 'grids', 'needs at least one grid');
    const local = new Map<number, number>();
    for (const g of grids) {
      check(Number.isInteger(g) && g >= 0 && g < this.k, 'grids', `grid ${g} outside [0, ${this.k})`);
      check(!local.has(g), 'grids', `grid ${g} listed twice`);
      local.set(g, local.size);
    }
    const units: number[] = [];
    for (const g of grids) for (const u of this.members[g]) units.push(u);
    units.sort((a, b) => a - b);
    if (units.length < grids.length) throw new GeoError('infeasible', `k: ${grids.length} grids cannot be made from ${units.length} units`, 'k');
    // the subgraph of the listed grids
    const { offsets, targets } = this.graph;
    const toLocal = new Map<number, number>();
    units.forEach((u, i) => toLocal.set(u, i));
    const subOff = new Int32Array(units.length + 1);
    const subT: number[] = [];
    units.forEach((u, i) => {
      for (let j = offsets[u], e = offsets[u + 1]; j < e; j++) {
        const v = toLocal.get(targets[j]);
        if (v !== undefined) subT.push(v);
      }
      subOff[i + 1] = subT.length;
    });
    const subW = this.weights.map((w) => Float64Array.from(units, (u) => w[u]));
    const initial = Int32Array.from(units, (u) => local.get(this.part[u])!);
    const result = partition({ offsets: subOff, targets: Int32Array.from(subT) }, subW, {
      k: grids.length,
      initial,
      tolerancePct: options.tolerancePct ?? 3,
      seed: options.seed ?? 1,
      timeBudgetMs: options.timeBudgetMs ?? 150,
      regions: this.regions ? Int32Array.from(units, (u) => this.regions![u]) : undefined,
      search: 'never',
    });
    const moves: UnitMove[] = [];
    units.forEach((u, i) => {
      const to = grids[result.assignment[i]];
      if (to !== this.part[u]) moves.push({ unit: u, from: this.part[u], to });
    });
    for (const mv of moves) this.move(mv.unit, mv.to);
    return moves;
  }

  /**
   * Hull upkeep after `unit` moved from `from` to `to`: the receiver's hull is the hull of its old
   * hull plus the unit (O(h log h)); the donor's is unchanged unless the unit was a hull vertex,
   * when the new vertices can only come from the members cut off by the chord between its two hull
   * neighbours (an O(grid size) scan without sorting, then O(h log h)).
   */
  private updateHulls(unit: number, from: number, to: number): void {
    const cen = this.geometry!.centroids!;
    if (this.hullOk[to]) {
      const h = this.hulls[to];
      const cand = this.scratch(h.length + 1);
      cand.set(h);
      cand[h.length] = unit;
      this.setHull(to, cand, h.length + 1);
    }
    if (!this.hullOk[from]) return;
    const h = this.hulls[from];
    const at = h.indexOf(unit);
    if (at < 0) return;
    const list = this.members[from];
    if (h.length < 3 || list.length < 3) {
      this.hullOk[from] = 0;
      return;
    }
    const prev = h[(at + h.length - 1) % h.length];
    const next = h[(at + 1) % h.length];
    const kx = this.kx;
    const px = cen[2 * prev] * kx;
    const py = cen[2 * prev + 1];
    const dx = cen[2 * next] * kx - px;
    const dy = cen[2 * next + 1] - py;
    const cand = this.scratch(h.length + list.length);
    let count = 0;
    for (let i = 0; i < h.length; i++) if (h[i] !== unit) cand[count++] = h[i];
    for (let i = 0; i < list.length; i++) {
      const p = list[i];
      // on the chord or on the side the removed vertex was (right of prev → next, counter-clockwise hull)
      if (dx * (cen[2 * p + 1] - py) - dy * (cen[2 * p] * kx - px) <= 0) cand[count++] = p;
    }
    this.setHull(from, cand, count);
  }

  private setHull(g: number, cand: Int32Array, count: number): void {
    const out = new Int32Array(Math.max(count, 2));
    const h = hullUnits(this.geometry!.centroids!, cand, count, this.kx, out);
    this.hulls[g] = out.slice(0, h);
    this.hullOk[g] = 1;
  }

  private rebuildHull(g: number): void {
    const list = this.members[g];
    const cand = this.scratch(list.length);
    for (let i = 0; i < list.length; i++) cand[i] = list[i];
    this.setHull(g, cand, list.length);
  }

  private scratch(size: number): Int32Array {
    if (this.hullScratch.length < size) this.hullScratch = new Int32Array(Math.max(size, 2 * this.hullScratch.length));
    return this.hullScratch;
  }

  private checkUnit(u: number): void {
    check(Number.isInteger(u) && u >= 0 && u < this.n, 'unit', `${u} outside [0, ${this.n})`);
  }

  /**
   * Number of connected pieces of grid g, without `unit`, among the members adjacent to `unit`:
   * one breadth-first search per neighbour, run in lockstep and merged when they meet, stopped as
   * soon as at most one merged group can still grow (the others are closed pieces). The cost is
   * O(size of all but the largest piece), a few units when the neighbours are connected or a
   * small piece is cut off, instead of a BFS of the whole grid.
   */
  private componentsAround(unit: number, g: number): number {
    const { offsets, targets } = this.graph;
    const seeds: number[] = [];
    for (let i = offsets[unit], e = offsets[unit + 1]; i < e; i++) {
      const v = targets[i];
      if (this.part[v] === g && v !== unit && !seeds.includes(v)) seeds.push(v);
    }
    const s = seeds.length;
    if (s <= 1) return s;
    if (++this.stamp === 0x7fffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const st = this.stamp;
    this.seen[unit] = st; // never enter the unit itself
    const queues: number[][] = [];
    const heads = new Int32Array(s);
    const root = Int32Array.from({ length: s }, (_, i) => i);
    const find = (i: number): number => {
      while (root[i] !== i) i = root[i] = root[root[i]];
      return i;
    };
    for (let i = 0; i < s; i++) {
      const v = seeds[i];
      if (this.seen[v] === st) {
        root[find(i)] = find(this.owner[v]);
        queues.push([]);
        continue;
      }
      this.seen[v] = st;
      this.owner[v] = i;
      queues.push([v]);
    }
    for (;;) {
      // groups still able to grow; stop when at most one is
      let growing = 0;
      let groups = 0;
      for (let i = 0; i < s; i++) {
        if (find(i) !== i) continue;
        groups++;
        for (let j = 0; j < s; j++) if (find(j) === i && heads[j] < queues[j].length) {
          growing++;
          break;
        }
      }
      if (growing <= 1 || groups === 1) return groups;
      for (let i = 0; i < s; i++) {
        const q = queues[i];
        if (heads[i] >= q.length) continue;
        const x = q[heads[i]++];
        for (let k = offsets[x], e = offsets[x + 1]; k < e; k++) {
          const v = targets[k];
          if (this.part[v] !== g) continue;
          if (this.seen[v] === st) {
            if (v !== unit) {
              const a = find(i);
              const b = find(this.owner[v]);
              if (a !== b) root[a] = b;
            }
            continue;
          }
          this.seen[v] = st;
          this.owner[v] = i;
          q.push(v);
        }
      }
    }
  }

  /** Connected pieces of grid g by BFS over its members. O(grid size + its edges). */
  private countPieces(g: number): number {
    const list = this.members[g];
    if (list.length === 0) return 0;
    if (++this.stamp === 0x7fffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    const st = this.stamp;
    const { offsets, targets } = this.graph;
    let pieces = 0;
    for (const s of list) {
      if (this.seen[s] === st) continue;
      pieces++;
      this.seen[s] = st;
      let head = 0;
      let tail = 0;
      this.queue[tail++] = s;
      while (head < tail) {
        const u = this.queue[head++];
        for (let i = offsets[u], e = offsets[u + 1]; i < e; i++) {
          const v = targets[i];
          if (this.seen[v] === st || this.part[v] !== g) continue;
          this.seen[v] = st;
          this.queue[tail++] = v;
        }
      }
    }
    return pieces;
  }
}
