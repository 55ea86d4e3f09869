/**
 * Balancing by diffusion (the scheme of ParMETIS's adaptive repartitioning): on the quotient graph
 * (one node per grid, an edge between grids that touch), solve the Laplacian system L·φ = excess
 * with conjugate gradients; the flow φ_a − φ_b on each quotient edge is the least-squares way to
 * move the excess load to where it is missing. Each flow is then carried out by moving boundary
 * units from grid a to grid b in best-gain order (fewest new cut edges first), never splitting
 * grid a. Load is measured as the mean of the active normalised weight columns, so a residual
 * imbalance between columns is left to the refinement.
 * One round is O(m + k·iterations + moved·log m).
 */
import FlatQueue from 'flatqueue';
import type { SearchContext } from './refine.ts';
import type { PartitionState } from './state.ts';

/**
 * Runs up to `rounds` diffusion rounds while the state is out of tolerance.
 * @returns the number of units moved.
 */
export function diffuseBalance(state: PartitionState, ctx: SearchContext, rounds: number): number {
  const { level, part, sizes, k, bounds, gridZone } = state;
  const { n, offsets, targets, ew, ncon, lock, zone } = level;
  let active = 0;
  for (let c = 0; c < ncon; c++) active += bounds.active[c];
  if (active === 0) return 0;
  const score = new Float64Array(n);
  for (let u = 0; u < n; u++) {
    let x = 0;
    for (let c = 0; c < ncon; c++) x += level.w[u * ncon + c] * bounds.invMean[c];
    score[u] = x / active;
  }
  // flows below half the tolerance are left to the refinement (they would only churn the borders)
  let minFlow = Infinity;
  for (let c = 0; c < ncon; c++) if (bounds.active[c]) minFlow = Math.min(minFlow, 0.5 * (bounds.hi[c] - bounds.mean[c]) * bounds.invMean[c]);
  if (!Number.isFinite(minFlow)) minFlow = 0.005;
  let moved = 0;
  const heap = new FlatQueue<number>();
  for (let round = 0; round < rounds && state.badGrids > 0 && ctx.now() < ctx.deadline; round++) {
    // quotient graph in CSR (unweighted), built from the cut edges
    const pairs = new Map<number, number>();
    for (let u = 0; u < n; u++) {
      const a = part[u];
      for (let i = offsets[u], e = offsets[u + 1]; i < e; i++) {
        const b = part[targets[i]];
        if (b !== a) pairs.set(a * k + b, (pairs.get(a * k + b) ?? 0) + ew[i]);
      }
    }
    const qOff = new Int32Array(k + 1);
    for (const key of pairs.keys()) qOff[Math.floor(key / k) + 1]++;
    for (let g = 0; g < k; g++) qOff[g + 1] += qOff[g];
    const qT = new Int32Array(qOff[k]);
    const fill = qOff.slice(0, k);
    for (const key of pairs.keys()) qT[fill[Math.floor(key / k)]++] = key % k;
    // excess per grid, centred per zone so each component of the quotient graph sums to 0
    const x = new Float64Array(k);
    const zoneSum = new Map<number, [number, number]>();
    for (let g = 0; g < k; g++) {
      if (gridZone[g] < 0) continue;
      let s = 0;
      for (let c = 0; c < ncon; c++) s += state.loads[g * ncon + c] * bounds.invMean[c];
      x[g] = s / active - 1;
      const zs = zoneSum.get(gridZone[g]) ?? [0, 0];
      zs[0] += x[g];
      zs[1]++;
      zoneSum.set(gridZone[g], zs);
    }
    for (let g = 0; g < k; g++) if (gridZone[g] >= 0) {
      const zs = zoneSum.get(gridZone[g])!;
      x[g] -= zs[0] / zs[1];
    }
    const phi = solveLaplacian(qOff, qT, x, 200);
    // carry out the flows, largest first
    const flows: Array<[number, number, number]> = [];
    for (let a = 0; a < k; a++) {
      for (let i = qOff[a]; i < qOff[a + 1]; i++) {
        const b = qT[i];
        const f = phi[a] - phi[b];
        if (f > minFlow) flows.push([a, b, f]);
      }
    }
    flows.sort((p, q) => q[2] - p[2]);
    // boundary units of each flow's donor facing its receiver
    const flowOf = new Map<number, number>();
    flows.forEach(([a, b], i) => flowOf.set(a * k + b, i));
    const lists: number[][] = flows.map(() => []);
    for (let u = 0; u < n; u++) {
      if (lock[u] >= 0) continue;
      const a = part[u];
      for (let i = offsets[u], e = offsets[u + 1]; i < e; i++) {
        const fi = flowOf.get(a * k + part[targets[i]]);
        if (fi !== undefined && lists[fi][lists[fi].length - 1] !== u) lists[fi].push(u);
      }
    }
    let roundMoves = 0;
    for (let fi = 0; fi < flows.length; fi++) {
      const [a, b, f] = flows[fi];
      heap.clear();
      for (const u of lists[fi]) if (part[u] === a) heap.push(u, -(state.connection(u, b) - state.connection(u, a)));
      let sent = 0;
      while (heap.length > 0 && sent < f) {
        const u = heap.pop()!;
        // lists and heap entries may be stale: u must still be in a and still touch b
        if (part[u] !== a || sizes[a] <= 1 || zone[u] !== gridZone[b] || state.connection(u, b) <= 0) continue;
        if (sent + score[u] > f + score[u] * 0.5) continue;
        if (ctx.allowed && !ctx.allowed(u, b)) continue;
        if (!ctx.checker.staysConnected(offsets, targets, part, u)) continue;
        state.move(u, b);
        sent += score[u];
        roundMoves++;
        for (let i = offsets[u], e = offsets[u + 1]; i < e; i++) {
          const v = targets[i];
          if (part[v] === a && lock[v] < 0) heap.push(v, -(state.connection(v, b) - state.connection(v, a)));
        }
      }
    }
    moved += roundMoves;
    if (roundMoves === 0) break;
  }
  return moved;
}

/**
 * Conjugate gradients for L·φ = x on an unweighted graph Laplacian (x must sum to 0 on each
 * component). O(iterations · (k + edges)).
 */
function solveLaplacian(off: Int32Array, tg: Int32Array, x: Float64Array, iterations: number): Float64Array {
  const k = x.length;
  const phi = new Float64Array(k);
  const r = x.slice();
  const p = r.slice();
  const ap = new Float64Array(k);
  let rr = dot(r, r);
  for (let it = 0; it < iterations && rr > 1e-14; it++) {
    for (let g = 0; g < k; g++) {
      let s = (off[g + 1] - off[g]) * p[g];
      for (let i = off[g]; i < off[g + 1]; i++) s -= p[tg[i]];
      ap[g] = s;
    }
    const pap = dot(p, ap);
    if (pap <= 1e-18) break;
    const alpha = rr / pap;
    for (let g = 0; g < k; g++) {
      phi[g] += alpha * p[g];
      r[g] -= alpha * ap[g];
    }
    const rr2 = dot(r, r);
    const beta = rr2 / rr;
    rr = rr2;
    for (let g = 0; g < k; g++) p[g] = r[g] + beta * p[g];
  }
  return phi;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
