/**
 * Balance bounds and the allocation of grids to zones. A grid's load in weight column c must lie
 * in `[lo[c], hi[c]] = mean[c] · (1 ∓ tol[c])`; columns whose total is 0 are inactive.
 */
import { GeoError } from '../errors.ts';

/** Per weight column: mean load per grid and the allowed band. Length ncon each. */
export interface Bounds {
  ncon: number;
  mean: Float64Array;
  lo: Float64Array;
  hi: Float64Array;
  /** 1 when the column has a positive total and is balanced, 0 when ignored. */
  active: Uint8Array;
  /** 1 / mean (0 for inactive columns), so violations are in "fractions of a mean". */
  invMean: Float64Array;
}

/** Builds the bounds from column totals, the number of grids they are spread over and tolerances (fractions). O(ncon). */
export function makeBounds(totals: Float64Array, grids: number, tol: Float64Array): Bounds {
  const ncon = totals.length;
  const mean = new Float64Array(ncon);
  const lo = new Float64Array(ncon);
  const hi = new Float64Array(ncon);
  const active = new Uint8Array(ncon);
  const invMean = new Float64Array(ncon);
  for (let c = 0; c < ncon; c++) {
    mean[c] = totals[c] / grids;
    lo[c] = mean[c] * (1 - tol[c]);
    hi[c] = mean[c] * (1 + tol[c]);
    active[c] = totals[c] > 0 ? 1 : 0;
    invMean[c] = totals[c] > 0 ? 1 / mean[c] : 0;
  }
  return { ncon, mean, lo, hi, active, invMean };
}

/** Out-of-band amount of one load vector `loads[base .. base + ncon)`, in fractions of the mean. O(ncon). */
export function violation(b: Bounds, loads: Float64Array, base: number): number {
  let s = 0;
  for (let c = 0; c < b.ncon; c++) {
    if (!b.active[c]) continue;
    const x = loads[base + c];
    if (x > b.hi[c]) s += (x - b.hi[c]) * b.invMean[c];
    else if (x < b.lo[c]) s += (b.lo[c] - x) * b.invMean[c];
  }
  return s;
}

/** Sum of squared relative deviations from the mean of one load vector. O(ncon). */
export function spread(b: Bounds, loads: Float64Array, base: number): number {
  let s = 0;
  for (let c = 0; c < b.ncon; c++) {
    if (!b.active[c]) continue;
    const d = (loads[base + c] - b.mean[c]) * b.invMean[c];
    s += d * d;
  }
  return s;
}

/**
 * Decides how many grids each zone gets. A zone with load W can hold n grids only when
 * `n·lo ≤ W ≤ n·hi` in every active column; the counts must sum to `k` and be at least the number
 * of pinned grids in the zone. Among feasible choices it keeps every zone near `W / mean`.
 * O(Z·ncon + k·log Z) with a heap-free greedy over zones (O(k·Z) worst case, Z = zones).
 * @param zoneLoads interleaved `zoneLoads[z * ncon + c]`.
 * @param minGrids pinned grids per zone (length Z).
 * @param constraint the name reported when a zone cannot be split ('regions' or 'graph').
 * @throws GeoError('infeasible') naming `constraint` when one zone has no whole number of grids,
 *   or 'k' when the zones need more or fewer grids than k.
 */
export function allocateGrids(zoneLoads: Float64Array, zoneUnits: Int32Array, minGrids: Int32Array, b: Bounds, k: number, constraint: string): Int32Array {
  const Z = zoneUnits.length;
  const ncon = b.ncon;
  const lower = new Int32Array(Z);
  const upper = new Int32Array(Z);
  const ideal = new Float64Array(Z);
  let sumLo = 0;
  let sumHi = 0;
  for (let z = 0; z < Z; z++) {
    let a = 1;
    let h = zoneUnits[z];
    let idealSum = 0;
    let activeCount = 0;
    for (let c = 0; c < ncon; c++) {
      if (!b.active[c]) continue;
      const W = zoneLoads[z * ncon + c];
      a = Math.max(a, Math.ceil(W / b.hi[c] - 1e-9));
      if (b.lo[c] > 0) h = Math.min(h, Math.floor(W / b.lo[c] + 1e-9));
      idealSum += W / b.mean[c];
      activeCount++;
    }
    ideal[z] = activeCount > 0 ? idealSum / activeCount : zoneUnits[z];
    a = Math.max(a, minGrids[z]);
    if (a > h) {
      const what = constraint === 'regions' ? 'hard-boundary region piece' : 'connected component';
      const why = minGrids[z] > h ? `it holds ${minGrids[z]} pinned grids but its load fits at most ${h}` : h < 1 ? 'its load is below the minimum of one grid' : `its load needs between ${a} and ${h} grids`;
      throw new GeoError('infeasible', `${constraint}: a ${what} of ${zoneUnits[z]} units cannot be split into whole grids within tolerance (${why})`, constraint);
    }
    lower[z] = a;
    upper[z] = h;
    sumLo += a;
    sumHi += h;
  }
  if (sumLo > k) throw new GeoError('infeasible', `k: the ${Z} separate pieces of the graph need at least ${sumLo} grids within tolerance, but k = ${k}`, 'k');
  if (sumHi < k) throw new GeoError('infeasible', `k: the units fit at most ${sumHi} grids within tolerance (each grid needs a minimum load), but k = ${k}`, 'k');
  const count = lower.slice();
  let left = k - sumLo;
  while (left > 0) {
    let best = -1;
    let bestGap = -Infinity;
    for (let z = 0; z < Z; z++) {
      if (count[z] >= upper[z]) continue;
      const gap = ideal[z] - count[z];
      if (gap > bestGap) {
        bestGap = gap;
        best = z;
      }
    }
    count[best]++;
    left--;
  }
  return count;
}
