/**
 * The mutable state of a search: the assignment with per-grid loads, sizes, the weighted cut and
 * the total balance violation, all kept exact under single-unit moves in O(deg + ncon).
 */
import type { Bounds } from './balance.ts';
import { violation } from './balance.ts';
import type { Level } from './graph.ts';

export class PartitionState {
  readonly level: Level;
  readonly k: number;
  readonly bounds: Bounds;
  /** grid of each unit. */
  readonly part: Int32Array;
  /** loads interleaved: `loads[g * ncon + c]`. */
  readonly loads: Float64Array;
  /** units per grid. */
  readonly sizes: Int32Array;
  /** zone each grid belongs to. */
  readonly gridZone: Int32Array;
  /** weighted cut: sum of `ew` over edges whose ends are in different grids (each edge once). */
  cut = 0;
  /**
   * sum over grids of `violation` (fractions of a mean); exactly 0 when no grid is out of
   * tolerance (the sum is kept incrementally, the zero test is exact via `badGrids`).
   */
  viol = 0;
  /** number of grids out of tolerance. */
  badGrids = 0;
  /** violation of each grid. */
  private readonly gviol: Float64Array;
  /** scratch: new loads of the donor and receiver grids, length 2·ncon. */
  private readonly tmp: Float64Array;

  constructor(level: Level, k: number, bounds: Bounds, part: Int32Array, gridZone: Int32Array) {
    this.level = level;
    this.k = k;
    this.bounds = bounds;
    this.part = part;
    this.gridZone = gridZone;
    this.loads = new Float64Array(k * level.ncon);
    this.sizes = new Int32Array(k);
    this.tmp = new Float64Array(2 * level.ncon);
    this.gviol = new Float64Array(k);
    this.recompute();
  }

  /** Recomputes loads, sizes, cut and violation from `part`. O(n·ncon + m). */
  recompute(): void {
    const { n, ncon, w, offsets, targets, ew } = this.level;
    const part = this.part;
    this.loads.fill(0);
    this.sizes.fill(0);
    let cut = 0;
    for (let u = 0; u < n; u++) {
      const g = part[u];
      this.sizes[g]++;
      for (let c = 0; c < ncon; c++) this.loads[g * ncon + c] += w[u * ncon + c];
      for (let i = offsets[u], e = offsets[u + 1]; i < e; i++) if (part[targets[i]] !== g) cut += ew[i];
    }
    this.cut = cut / 2;
    let v = 0;
    this.badGrids = 0;
    for (let g = 0; g < this.k; g++) {
      this.gviol[g] = violation(this.bounds, this.loads, g * ncon);
      v += this.gviol[g];
      if (this.gviol[g] > 0) this.badGrids++;
    }
    this.viol = v;
  }

  /** Change of total violation if unit u moved from grid a to grid b. O(ncon). */
  deltaViolation(u: number, a: number, b: number): number {
    const { ncon, w } = this.level;
    const t = this.tmp;
    for (let c = 0; c < ncon; c++) {
      const x = w[u * ncon + c];
      t[c] = this.loads[a * ncon + c] - x;
      t[ncon + c] = this.loads[b * ncon + c] + x;
    }
    const bo = this.bounds;
    return violation(bo, t, 0) + violation(bo, t, ncon) - violation(bo, this.loads, a * ncon) - violation(bo, this.loads, b * ncon);
  }

  /**
   * True when moving u from a to b leaves neither grid further out of tolerance in any column (a
   * stricter test than a non-positive {@link deltaViolation}, which lets one column pay for
   * another). O(ncon).
   */
  keepsEachColumn(u: number, a: number, b: number): boolean {
    const { ncon, w } = this.level;
    const bo = this.bounds;
    for (let c = 0; c < ncon; c++) {
      if (!bo.active[c]) continue;
      const x = w[u * ncon + c];
      const la = this.loads[a * ncon + c];
      const lb = this.loads[b * ncon + c];
      if (outside(bo.lo[c], bo.hi[c], la - x) > outside(bo.lo[c], bo.hi[c], la) + 1e-9) return false;
      if (outside(bo.lo[c], bo.hi[c], lb + x) > outside(bo.lo[c], bo.hi[c], lb) + 1e-9) return false;
    }
    return true;
  }

  /** Change of the squared deviation from the mean if u moved from a to b (a smooth balance measure). O(ncon). */
  deltaSpread(u: number, a: number, b: number): number {
    const { ncon, w } = this.level;
    const bo = this.bounds;
    let s = 0;
    for (let c = 0; c < ncon; c++) {
      if (!bo.active[c]) continue;
      const x = w[u * ncon + c] * bo.invMean[c];
      const da = (this.loads[a * ncon + c] - bo.mean[c]) * bo.invMean[c];
      const db = (this.loads[b * ncon + c] - bo.mean[c]) * bo.invMean[c];
      // (da − x)² − da² + (db + x)² − db²
      s += 2 * x * (x + db - da);
    }
    return s;
  }

  /** Sum of `ew` from u to units of grid g. O(deg u). */
  connection(u: number, g: number): number {
    const { offsets, targets, ew } = this.level;
    const part = this.part;
    let s = 0;
    for (let i = offsets[u], e = offsets[u + 1]; i < e; i++) if (part[targets[i]] === g) s += ew[i];
    return s;
  }

  /** Moves unit u to grid b, updating loads, sizes, cut and violation. O(deg u + ncon). */
  move(u: number, b: number): void {
    const a = this.part[u];
    if (a === b) return;
    const { ncon, w } = this.level;
    const dc = this.connection(u, a) - this.connection(u, b);
    for (let c = 0; c < ncon; c++) {
      const x = w[u * ncon + c];
      this.loads[a * ncon + c] -= x;
      this.loads[b * ncon + c] += x;
    }
    this.sizes[a]--;
    this.sizes[b]++;
    this.part[u] = b;
    this.cut += dc;
    this.updateViolation(a);
    this.updateViolation(b);
    if (this.badGrids === 0) this.viol = 0;
  }

  /** Refreshes the violation of grid g after its load changed. O(ncon). */
  private updateViolation(g: number): void {
    const old = this.gviol[g];
    const now = violation(this.bounds, this.loads, g * this.level.ncon);
    this.gviol[g] = now;
    this.viol += now - old;
    if (old > 0 && now === 0) this.badGrids--;
    else if (old === 0 && now > 0) this.badGrids++;
  }
}

/** How far x lies outside [lo, hi]. */
function outside(lo: number, hi: number, x: number): number {
  return x > hi ? x - hi : x < lo ? lo - x : 0;
}
