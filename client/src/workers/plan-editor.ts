/**
 * The planner's editing session over one plan, run in a Web Worker (`plan-worker.ts`) and, for the benchmark,
 * directly in Node: geo/partition's incremental `PartitionEditor` over the plan's cells, brush and lasso
 * strokes that never split a grid without a confirm, undo/redo, merges, rebalancing, and the net moves to
 * save. Pure: no DOM, no I/O.
 *
 * Units are the plan's cells in the server's order (sorted by H3 index); grids are the plan's grid idx.
 */
import * as h3 from 'h3-js';
import { MAX_VERTS, buildCellGraph, cellBoundaries, cellCentersInto, polygonToCells } from '../../../geo/cells/index.ts';
import type { H3Cell } from '../../../geo/cells/index.ts';
import { PartitionEditor } from '../../../geo/partition/index.ts';
import type { CsrGraph } from '../../../geo/partition/index.ts';

/** Weight columns of the editor, in this order. */
export const COLUMNS = ['workload', 'customers', 'load', 'faults'] as const;
export const NCOL = COLUMNS.length;

/** What the session starts from (the payload of `GET /api/plans/:id/cells` plus the grids' locks). */
export interface SessionInput {
  resolution: number;
  h3: string[];
  grid: ArrayLike<number>;
  customers: ArrayLike<number>;
  load: ArrayLike<number>;
  faults: ArrayLike<number>;
  workload: ArrayLike<number>;
  regions: ArrayLike<number> | null;
  ferries: ArrayLike<number>;
  /** the server's cell graph (H3 adjacency plus the ferries) in CSR form; built here from H3 when absent. */
  graph?: { offsets: ArrayLike<number>; targets: ArrayLike<number> };
  /** number of grids. */
  k: number;
  /** locked flag per grid idx. */
  locked: ArrayLike<boolean>;
  /** allowed deviation from the mean workload, percent. */
  tolerancePct: number;
}

/** Grid figures and plan metrics after an operation, as flat arrays. */
export interface Snapshot {
  k: number;
  /** sums per grid, `loads[g * NCOL + c]` with c in {@link COLUMNS} order. */
  loads: Float64Array;
  /** cells per grid. */
  units: Int32Array;
  /** 1 when the grid is one connected piece. */
  contiguous: Uint8Array;
  /** Polsby-Popper compactness per grid (0–1). */
  compactness: Float64Array;
  /** mean of each column over grids (the target). */
  targets: Float64Array;
  metrics: { maxDevPct: number[]; cutEdges: number; nonContiguous: number; polsbyPopperMean: number | null; polsbyPopperMin: number | null };
  /** undo / redo steps available. */
  undo: number;
  redo: number;
  /** cells whose grid differs from the saved plan. */
  pending: number;
}

/** Cells whose grid changed in an operation: `units[i]` is now in `grids[i]`. */
export interface Change {
  units: Int32Array;
  grids: Int32Array;
}

/** The result of a stroke, lasso or other edit. */
export interface EditResult {
  change: Change;
  /** cells the edit left where they were because moving them would split a grid (or leave the target in pieces). */
  blocked: Int32Array;
  /** cells left because their grid or the target is locked. */
  lockedOut: number;
  /** milliseconds spent in the editor (moves and metrics). */
  ms: number;
}

/** One undo step: units moved in order, from → to. */
interface Step {
  units: number[];
  from: number[];
  to: number[];
  /** the step included moves that split a grid (saving it needs allowSplit). */
  split: boolean;
}

/** Undo steps kept (the issue asks for at least 100). */
export const MAX_UNDO = 500;

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export class PlanSession {
  readonly n: number;
  readonly k: number;
  readonly resolution: number;
  readonly h3: string[];
  readonly index: Map<string, number>;
  readonly graph: CsrGraph;
  readonly columns: Float64Array[];
  readonly centroids: Float64Array;
  /** cell boundaries: vertex v of cell u is `[ring[u*2*MAX_VERTS + 2v], … + 1]` (`[lng, lat]`), `count[u]` vertices. */
  private readonly ring: Float64Array;
  private readonly ringCount: Uint8Array;
  private readonly editor: PartitionEditor;
  private readonly regions: Int32Array | undefined;
  private readonly locked: Uint8Array;
  private readonly tolerancePct: number;
  /** the saved plan's grid per cell. */
  private base: Int32Array;
  /** sequence number of each cell's last move (0 = never), to save moves in the order they were made. */
  private readonly lastSeq: Float64Array;
  private seq = 0;
  private undoStack: Step[] = [];
  private redoStack: Step[] = [];
  /** the stroke being painted (one undo step), if any. */
  private stroke: Step | null = null;
  /** moves since the last save included a confirmed split. */
  private splitSinceSave = false;
  /** visit marks of the brush's search (`brushStamp` when seen in the current search). */
  private readonly brushSeen: Uint32Array;
  private brushStamp = 0;

  /**
   * Builds the cell graph (H3 adjacency plus the server's ferries), the geometry for compactness and the
   * editor. O(n).
   * @throws RangeError when the columns' lengths differ.
   */
  constructor(input: SessionInput) {
    const n = input.h3.length;
    for (const name of ['grid', 'customers', 'load', 'faults', 'workload'] as const) {
      if (input[name].length !== n) throw new RangeError(`${name} has length ${input[name].length}, expected ${n}`);
    }
    this.n = n;
    this.k = input.k;
    this.resolution = input.resolution;
    this.h3 = input.h3;
    this.index = new Map(input.h3.map((c, i) => [c, i]));
    const cells = input.h3 as H3Cell[];
    this.columns = [Float64Array.from(input.workload), Float64Array.from(input.customers), Float64Array.from(input.load), Float64Array.from(input.faults)];
    this.centroids = cellCentersInto(cells);
    const { areaKm2, ring, count } = cellBoundaries(cells, this.centroids, Math.max(0, input.resolution - 2));
    this.ring = ring;
    this.ringCount = count;
    if (input.graph && input.graph.offsets.length === n + 1) {
      this.graph = { offsets: Int32Array.from(input.graph.offsets), targets: Int32Array.from(input.graph.targets) };
    } else {
      const g = buildCellGraph(cells, { areaKm2 });
      this.graph = withFerries({ offsets: g.offsets, targets: g.targets }, input.ferries);
    }
    this.regions = input.regions ? Int32Array.from(input.regions) : undefined;
    this.locked = Uint8Array.from(Array.from({ length: input.k }, (_, i) => (input.locked[i] ? 1 : 0)));
    this.tolerancePct = input.tolerancePct;
    this.base = Int32Array.from(input.grid);
    this.lastSeq = new Float64Array(n);
    this.brushSeen = new Uint32Array(n);
    this.editor = new PartitionEditor({ graph: this.graph, weights: this.columns, k: input.k, assignment: this.base, geometry: { areas: areaKm2, centroids: this.centroids } });
  }

  /** The live assignment (read-only). */
  get assignment(): Int32Array {
    return this.editor.assignment;
  }

  /** The cell under `[lng, lat]`, or -1 when it is not in the plan. O(1). */
  unitAt(lng: number, lat: number): number {
    return this.index.get(h3.latLngToCell(lat, lng, this.resolution)) ?? -1;
  }

  /**
   * Cells within `rings` rings of the cell under `[lng, lat]`, nearest first (only cells of the plan): a
   * breadth-first search over the cell graph, so no H3 call per cell. O(cells in the disk).
   */
  brushUnits(lng: number, lat: number, rings: number): number[] {
    const centre = this.unitAt(lng, lat);
    if (centre < 0) return [];
    const r = Math.max(0, Math.min(10, Math.floor(rings)));
    const out = [centre];
    if (r === 0) return out;
    const stamp = ++this.brushStamp;
    this.brushSeen[centre] = stamp;
    const { offsets, targets } = this.graph;
    let begin = 0;
    for (let ring = 0; ring < r; ring++) {
      const end = out.length;
      for (let h = begin; h < end; h++) {
        const u = out[h];
        for (let i = offsets[u]; i < offsets[u + 1]; i++) {
          const v = targets[i];
          if (this.brushSeen[v] === stamp) continue;
          this.brushSeen[v] = stamp;
          out.push(v);
        }
      }
      begin = end;
    }
    return out;
  }

  /** Cells whose centre is inside a polygon (`[lng, lat]` ring, closed or not). */
  lassoUnits(ring: ReadonlyArray<[number, number]>): number[] {
    if (ring.length < 3) return [];
    const closed = ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? [...ring] : [...ring, ring[0]];
    const out: number[] = [];
    for (const c of polygonToCells([closed], this.resolution)) {
      const u = this.index.get(c);
      if (u !== undefined) out.push(u);
    }
    return out;
  }

  /** Starts a stroke: the paints until {@link endStroke} form one undo step. */
  beginStroke(): void {
    this.endStroke();
    this.stroke = { units: [], from: [], to: [], split: false };
  }

  /** Ends the current stroke (an empty stroke leaves no undo step). */
  endStroke(): void {
    const s = this.stroke;
    this.stroke = null;
    if (s && s.units.length > 0) this.pushStep(s);
  }

  /**
   * Moves `units` into grid `to`, as many as possible without splitting any grid or leaving `to` in pieces
   * (unless `allowSplit`): passes over the candidates until none more can move, so a brush disk is taken
   * from the side touching `to` inwards. Cells of locked grids stay. Adds to the current stroke, or makes
   * one undo step of its own. O(candidates² / moved) at worst, O(candidates) when each pass moves most.
   */
  paint(units: readonly number[], to: number, allowSplit = false): EditResult {
    const t0 = now();
    this.checkGrid(to);
    const own = this.stroke === null;
    const step = this.stroke ?? { units: [], from: [], to: [], split: false };
    const changedUnits: number[] = [];
    let lockedOut = 0;
    let candidates: number[] = [];
    const seen = new Set<number>();
    for (const u of units) {
      if (seen.has(u) || u < 0 || u >= this.n) continue;
      seen.add(u);
      const from = this.editor.gridOf(u);
      if (from === to) continue;
      if (this.locked[from] || this.locked[to]) {
        lockedOut++;
        continue;
      }
      candidates.push(u);
    }
    const { offsets, targets } = this.graph;
    for (;;) {
      const rest: number[] = [];
      let toEmpty = this.editor.gridStats(to).units === 0;
      for (const u of candidates) {
        if (!allowSplit) {
          let touches = toEmpty;
          for (let i = offsets[u]; i < offsets[u + 1] && !touches; i++) touches = this.editor.gridOf(targets[i]) === to;
          if (!touches || this.editor.wouldSplit(u)) {
            rest.push(u);
            continue;
          }
        }
        const from = this.editor.move(u, to);
        toEmpty = false;
        this.lastSeq[u] = ++this.seq;
        step.units.push(u);
        step.from.push(from);
        step.to.push(to);
        changedUnits.push(u);
      }
      if (rest.length === candidates.length || rest.length === 0) {
        candidates = rest;
        break;
      }
      candidates = rest;
    }
    if (allowSplit && changedUnits.length > 0) {
      step.split = true;
      this.splitSinceSave = true;
    }
    if (own && step.units.length > 0) this.pushStep(step);
    if (changedUnits.length > 0) this.redoStack = [];
    const change = { units: Int32Array.from(changedUnits), grids: new Int32Array(changedUnits.length).fill(to) };
    return { change, blocked: Int32Array.from(candidates), lockedOut, ms: now() - t0 };
  }

  /** Moves every cell of grid `b` into grid `a` (one undo step; may pass through split states). */
  merge(a: number, b: number): EditResult {
    this.checkGrid(a);
    this.checkGrid(b);
    if (a === b) throw new RangeError(`merge: grids a and b are both ${a}`);
    this.endStroke();
    // breadth-first from the cells of b touching a, so each cell joins a next to a cell already in it
    const order = bfsFrom(this.editor.unitsOf(b), this.graph, this.editor.assignment, a);
    return this.paint(order, a, true);
  }

  /**
   * Splits grid `g` in two: the cells grown from the grid's far end (breadth-first, two fronts taking turns by
   * workload so the halves come out even) move into the empty grid `into`. Both halves are connected. One
   * undo step (saved with allowSplit: the grid passes through split states).
   * @throws RangeError when `into` is not empty or `g` has fewer than two cells.
   */
  split(g: number, into: number): EditResult {
    this.checkGrid(g);
    this.checkGrid(into);
    if (this.editor.gridStats(into).units !== 0) throw new RangeError(`split: grid ${into} is not empty`);
    const units = this.editor.unitsOf(g);
    if (units.length < 2) throw new RangeError(`split: grid ${g} has ${units.length} cell(s)`);
    this.endStroke();
    const c = this.centroids;
    // seeds: the cell farthest from the centre, then the cell farthest from that one
    let cx = 0;
    let cy = 0;
    for (const u of units) {
      cx += c[2 * u];
      cy += c[2 * u + 1];
    }
    cx /= units.length;
    cy /= units.length;
    const far = (x: number, y: number): number => {
      let best = units[0];
      let bestD = -1;
      for (const u of units) {
        const d = (c[2 * u] - x) ** 2 + (c[2 * u + 1] - y) ** 2;
        if (d > bestD) {
          bestD = d;
          best = u;
        }
      }
      return best;
    };
    const s1 = far(cx, cy);
    const s2 = far(c[2 * s1], c[2 * s1 + 1]);
    const a = this.editor.assignment;
    const { offsets, targets } = this.graph;
    const side = new Map<number, 0 | 1>([
      [s1, 0],
      [s2, 1],
    ]);
    const fronts: number[][] = [[s1], [s2]];
    const heads = [0, 0];
    const load = [this.columns[0][s1], this.columns[0][s2]];
    const order: number[] = [s2];
    while (side.size < units.length) {
      // the lighter half grows next (the other when the lighter one is stuck)
      let t: 0 | 1 = load[0] <= load[1] ? 0 : 1;
      if (heads[t] >= fronts[t].length) t = t === 0 ? 1 : 0;
      if (heads[t] >= fronts[t].length) break; // the rest is cut off from both seeds (islands): they stay
      const u = fronts[t][heads[t]];
      let grew = false;
      for (let i = offsets[u]; i < offsets[u + 1]; i++) {
        const v = targets[i];
        if (a[v] !== g || side.has(v)) continue;
        side.set(v, t);
        fronts[t].push(v);
        load[t] += this.columns[0][v];
        if (t === 1) order.push(v);
        grew = true;
        break;
      }
      if (!grew) heads[t]++;
    }
    return this.paint(order, into, true);
  }

  /**
   * Re-optimises the listed grids' workload with all others fixed (the server's rebalance), as one undo step.
   * @throws GeoError('infeasible') when the grids cannot be balanced.
   */
  rebalance(grids: readonly number[]): EditResult {
    const t0 = now();
    this.endStroke();
    for (const g of grids) this.checkGrid(g);
    const free = grids.filter((g) => !this.locked[g]);
    const work = new PartitionEditor({ graph: this.graph, weights: [this.columns[0]], k: this.k, assignment: this.editor.assignment, regions: this.regions });
    const moves = free.length >= 1 ? work.rebalance(free, { tolerancePct: this.tolerancePct, timeBudgetMs: 500 }) : [];
    const step: Step = { units: [], from: [], to: [], split: false };
    for (const mv of moves) {
      this.editor.move(mv.unit, mv.to);
      this.lastSeq[mv.unit] = ++this.seq;
      step.units.push(mv.unit);
      step.from.push(mv.from);
      step.to.push(mv.to);
    }
    if (step.units.length > 0) {
      // rebalanced grids stay whole but pass through split states: the server checks the final state only with allowSplit
      step.split = true;
      this.splitSinceSave = true;
      this.pushStep(step);
      this.redoStack = [];
    }
    return { change: { units: Int32Array.from(step.units), grids: Int32Array.from(step.to) }, blocked: new Int32Array(0), lockedOut: grids.length - free.length, ms: now() - t0 };
  }

  /** Undoes the last step (ends a running stroke first); null when there is nothing to undo. */
  undo(): Change | null {
    this.endStroke();
    const s = this.undoStack.pop();
    if (!s) return null;
    for (let i = s.units.length - 1; i >= 0; i--) {
      this.editor.move(s.units[i], s.from[i]);
      this.lastSeq[s.units[i]] = ++this.seq;
    }
    this.redoStack.push(s);
    return { units: Int32Array.from(s.units), grids: Int32Array.from(s.units, (u) => this.editor.gridOf(u)) };
  }

  /** Redoes the last undone step; null when there is none. */
  redo(): Change | null {
    this.endStroke();
    const s = this.redoStack.pop();
    if (!s) return null;
    for (let i = 0; i < s.units.length; i++) {
      this.editor.move(s.units[i], s.to[i]);
      this.lastSeq[s.units[i]] = ++this.seq;
    }
    if (s.split) this.splitSinceSave = true;
    this.undoStack.push(s);
    return { units: Int32Array.from(s.units), grids: Int32Array.from(s.units, (u) => this.editor.gridOf(u)) };
  }

  /** Sets a grid's lock (locked grids refuse paints, merges and rebalancing). */
  setLocked(g: number, locked: boolean): void {
    this.checkGrid(g);
    this.locked[g] = locked ? 1 : 0;
  }

  /**
   * The cells whose grid differs from the saved plan, in the order of their last move (the order the server
   * can replay them in), and whether saving them needs `allowSplit`.
   */
  pendingMoves(): { moves: Array<{ cell: string; grid: number }>; allowSplit: boolean } {
    const units: number[] = [];
    const a = this.editor.assignment;
    for (let u = 0; u < this.n; u++) if (a[u] !== this.base[u]) units.push(u);
    units.sort((x, y) => this.lastSeq[x] - this.lastSeq[y]);
    return { moves: units.map((u) => ({ cell: this.h3[u], grid: a[u] })), allowSplit: this.splitSinceSave };
  }

  /** The current assignment is now the saved plan. */
  markSaved(): void {
    this.base = Int32Array.from(this.editor.assignment);
    this.splitSinceSave = false;
  }

  /** Figures of every grid and the plan metrics. O(k · NCOL) plus the diameters of changed grids. */
  snapshot(): Snapshot {
    const k = this.k;
    const loads = new Float64Array(k * NCOL);
    const units = new Int32Array(k);
    const contiguous = new Uint8Array(k);
    const compactness = new Float64Array(k);
    const targets = new Float64Array(NCOL);
    for (let g = 0; g < k; g++) {
      const s = this.editor.gridStats(g);
      for (let c = 0; c < NCOL; c++) {
        loads[g * NCOL + c] = s.loads[c];
        targets[c] += s.loads[c] / k;
      }
      units[g] = s.units;
      contiguous[g] = s.contiguous ? 1 : 0;
      compactness[g] = s.polsbyPopper ?? 0;
    }
    const m = this.editor.metrics();
    let pending = 0;
    const a = this.editor.assignment;
    for (let u = 0; u < this.n; u++) if (a[u] !== this.base[u]) pending++;
    return {
      k,
      loads,
      units,
      contiguous,
      compactness,
      targets,
      metrics: { maxDevPct: m.maxDevPct, cutEdges: m.cutEdges, nonContiguous: m.nonContiguous, polsbyPopperMean: m.polsbyPopperMean, polsbyPopperMin: m.polsbyPopperMin },
      undo: this.undoStack.length + (this.stroke && this.stroke.units.length > 0 ? 1 : 0),
      redo: this.redoStack.length,
      pending,
    };
  }

  /**
   * Outline of each listed grid as line segments (the cell edges whose other side is another grid or outside
   * the plan), flat `[lng0, lat0, lng1, lat1, …]` per segment, and a label anchor (the centroid of the cell
   * nearest the grid's mean centre). O(cells of the grids · 36).
   */
  outlines(grids: readonly number[]): Array<{ grid: number; segments: Float64Array; anchor: [number, number] | null }> {
    const want = new Map<number, number>();
    const members: number[][] = [];
    grids.forEach((g, i) => {
      want.set(g, i);
      members.push([]);
    });
    const a = this.editor.assignment;
    for (let u = 0; u < this.n; u++) {
      const i = want.get(a[u]);
      if (i !== undefined) members[i].push(u);
    }
    const { offsets, targets } = this.graph;
    const S = 2 * MAX_VERTS;
    const c = this.centroids;
    return grids.map((g, i) => {
      const m = members[i];
      if (m.length === 0) return { grid: g, segments: new Float64Array(0), anchor: null };
      const seg: number[] = [];
      let sx = 0;
      let sy = 0;
      for (const u of m) {
        sx += c[2 * u];
        sy += c[2 * u + 1];
        const k = this.ringCount[u];
        const o = u * S;
        for (let v = 0; v < k; v++) {
          const w = (v + 1) % k;
          const x0 = this.ring[o + 2 * v];
          const y0 = this.ring[o + 2 * v + 1];
          const x1 = this.ring[o + 2 * w];
          const y1 = this.ring[o + 2 * w + 1];
          // the neighbour across this edge has its centre near the reflection of ours over the edge's midpoint
          const rx = x0 + x1 - c[2 * u];
          const ry = y0 + y1 - c[2 * u + 1];
          let across = -1;
          let bestD = Infinity;
          for (let j = offsets[u]; j < offsets[u + 1]; j++) {
            const t = targets[j];
            const d = (c[2 * t] - rx) ** 2 + (c[2 * t + 1] - ry) ** 2;
            if (d < bestD) {
              bestD = d;
              across = t;
            }
          }
          // a ferry or a missing neighbour is far from the reflection: compare with the edge's length
          const edge2 = (x1 - x0) ** 2 + (y1 - y0) ** 2;
          if (across >= 0 && bestD < edge2 && a[across] === g) continue;
          seg.push(x0, y0, x1, y1);
        }
      }
      sx /= m.length;
      sy /= m.length;
      let best = m[0];
      let bestD = Infinity;
      for (const u of m) {
        const d = (c[2 * u] - sx) ** 2 + (c[2 * u + 1] - sy) ** 2;
        if (d < bestD) {
          bestD = d;
          best = u;
        }
      }
      return { grid: g, segments: Float64Array.from(seg), anchor: [c[2 * best], c[2 * best + 1]] };
    });
  }

  /**
   * Greedy colouring of the grid adjacency graph (largest degree first) so that touching grids never share
   * a colour; resolves to a colour index per grid, at most max degree + 1 colours. O(m + k²).
   */
  gridColours(): Int32Array {
    const k = this.k;
    const adj: Array<Set<number>> = Array.from({ length: k }, () => new Set());
    const a = this.editor.assignment;
    const { offsets, targets } = this.graph;
    for (let u = 0; u < this.n; u++) {
      for (let i = offsets[u]; i < offsets[u + 1]; i++) {
        const v = targets[i];
        if (a[u] !== a[v]) adj[a[u]].add(a[v]);
      }
    }
    const order = Array.from({ length: k }, (_, g) => g).sort((x, y) => adj[y].size - adj[x].size || x - y);
    const colour = new Int32Array(k).fill(-1);
    for (const g of order) {
      const used = new Set<number>();
      for (const h of adj[g]) if (colour[h] >= 0) used.add(colour[h]);
      let c = 0;
      while (used.has(c)) c++;
      colour[g] = c;
    }
    return colour;
  }

  /** The grids touching grid g. */
  neighbourGrids(g: number): number[] {
    const out = new Set<number>();
    const a = this.editor.assignment;
    const { offsets, targets } = this.graph;
    for (const u of this.editor.unitsOf(g)) for (let i = offsets[u]; i < offsets[u + 1]; i++) if (a[targets[i]] !== g) out.add(a[targets[i]]);
    return [...out].sort((x, y) => x - y);
  }

  private pushStep(s: Step): void {
    this.undoStack.push(s);
    if (this.undoStack.length > MAX_UNDO) this.undoStack.shift();
  }

  private checkGrid(g: number): void {
    if (!Number.isInteger(g) || g < 0 || g >= this.k) throw new RangeError(`grid ${g} outside [0, ${this.k})`);
  }
}

/** The graph with extra undirected edges (flat pairs) added. O(n + m). */
function withFerries(g: CsrGraph, ferries: ArrayLike<number>): CsrGraph {
  if (ferries.length === 0) return g;
  const n = g.offsets.length - 1;
  const deg = new Int32Array(n);
  for (let u = 0; u < n; u++) deg[u] = g.offsets[u + 1] - g.offsets[u];
  for (let i = 0; i < ferries.length; i++) deg[ferries[i]]++;
  const off = new Int32Array(n + 1);
  for (let u = 0; u < n; u++) off[u + 1] = off[u] + deg[u];
  const tgt = new Int32Array(off[n]);
  const fill = off.slice(0, n);
  for (let u = 0; u < n; u++) for (let i = g.offsets[u]; i < g.offsets[u + 1]; i++) tgt[fill[u]++] = g.targets[i];
  for (let i = 0; i + 1 < ferries.length; i += 2) {
    const a = ferries[i];
    const b = ferries[i + 1];
    tgt[fill[a]++] = b;
    tgt[fill[b]++] = a;
  }
  return { offsets: off, targets: tgt };
}

/** Units of grid `b` in breadth-first order from those touching grid `a` (then any left, e.g. islands). */
function bfsFrom(units: Int32Array, graph: CsrGraph, assignment: Int32Array, a: number): number[] {
  const inB = new Set<number>(units);
  const seen = new Set<number>();
  const order: number[] = [];
  for (const u of units) {
    for (let i = graph.offsets[u]; i < graph.offsets[u + 1]; i++) {
      if (assignment[graph.targets[i]] === a && !seen.has(u)) {
        seen.add(u);
        order.push(u);
      }
    }
  }
  for (let h = 0; h <= order.length; h++) {
    if (h === order.length) {
      // another piece of b: start from any unseen unit
      const next = units.find((u) => !seen.has(u));
      if (next === undefined) break;
      seen.add(next);
      order.push(next);
    }
    const u = order[h];
    for (let i = graph.offsets[u]; i < graph.offsets[u + 1]; i++) {
      const v = graph.targets[i];
      if (inB.has(v) && !seen.has(v)) {
        seen.add(v);
        order.push(v);
      }
    }
  }
  return order;
}
