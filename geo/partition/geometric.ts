/**
 * Initial partition for several weight columns when unit centroids are known: recursive
 * bisection by straight cuts that balance every column at once (the ham-sandwich theorem: some
 * line halves two measures in the plane simultaneously). For a set of units going to kA + kB
 * grids, the units are sorted along each of a few directions and the prefix whose column sums are
 * closest to kA/(kA + kB) of every column is taken (the prefix or the suffix, so all directions
 * of the circle are covered); the best direction is then sharpened around it. Pieces cut off
 * from either side by a non-convex outline go to the other side, and greedy border moves take the
 * last imbalance out (`balanceSides`), keeping both sides connected. A split is balanced in every
 * column, so each half can again be split in every column, down to single grids.
 *
 * Growing regions by cut gain (`bisect.ts`) balances only the summed weights: when the columns
 * concentrate in different places (customers in housing estates, load in industrial parks), the
 * per-column error of each split stays, and border moves between grids cannot trade it away later.
 *
 * Cost per split of s units: O(D·s log s) for D ≈ 24 directions, plus O(moves · border) for the
 * last balancing; O(D·n log n log k) in all.
 */
import type { Level } from './graph.ts';
import { ConnectivityChecker } from './connectivity.ts';

/** Directions tried evenly over half a turn, then around the best one. */
const COARSE_DIRECTIONS = 16;
const FINE_DIRECTIONS = 8;
/** Buckets along a direction on large sets (see `tryAngle`). */
const BUCKETS = 256;
/** Best lines (by their own balance) tried with their stray pieces joined. */
const JOIN_TRIES = 6;
const LINE_SLACK = 1;
/** Largest unit count for which the index fits beside the projection in one float key. */
const INDEX_BITS = 2 ** 21;

/** Buffers shared by all splits of one run. */
interface Scratch {
  /** side label per unit for the connectivity checker and the piece search: 2·job, 2·job + 1. */
  side: Int32Array;
  checker: ConnectivityChecker;
  queue: Int32Array;
  seen: Int32Array;
  stamp: number;
  nextJob: number;
}

/**
 * Splits the units `nodes` (one connected zone) of `level` between `grids`, writing `part`.
 * @param xy planar unit coordinates `[x0, y0, x1, y1, …]` (any unit, same scale on both axes).
 * @param vec unit weights in grid means per column, `vec[u * nc + c]`.
 * @param tol the smallest column tolerance (fraction of the mean): how much error a split may leave.
 * @returns false when `deadline` (performance.now()) passed before every split was made; `part` is then incomplete.
 */
export function geometricBisection(level: Level, nodes: Int32Array, grids: readonly number[], xy: Float64Array, vec: Float64Array, nc: number, tol: number, part: Int32Array, deadline = Infinity): boolean {
  const n = level.n;
  if (n >= INDEX_BITS) throw new RangeError(`geometricBisection handles up to ${INDEX_BITS} units, got ${n}`);
  const s: Scratch = {
    side: new Int32Array(n).fill(-1),
    checker: new ConnectivityChecker(n),
    queue: new Int32Array(n),
    seen: new Int32Array(n),
    stamp: 0,
    nextJob: 0,
  };
  const stack: Array<{ nodes: Int32Array; grids: readonly number[] }> = [{ nodes, grids }];
  while (stack.length > 0) {
    const job = stack.pop()!;
    if (job.grids.length === 1 || job.nodes.length <= 1) {
      for (let i = 0; i < job.nodes.length; i++) part[job.nodes[i]] = job.grids[0];
      continue;
    }
    if (globalThis.performance.now() > deadline) return false;
    const kA = job.grids.length >> 1;
    const kB = job.grids.length - kA;
    const [a, b] = split(level, job.nodes, kA, kB, xy, vec, nc, tol, s);
    stack.push({ nodes: b, grids: job.grids.slice(kA) });
    stack.push({ nodes: a, grids: job.grids.slice(0, kA) });
  }
  return true;
}

/** One split of a connected set into [A, B] for kA and kB grids. */
function split(level: Level, nodes: Int32Array, kA: number, kB: number, xy: Float64Array, vec: Float64Array, nc: number, tol: number, s: Scratch): [Int32Array, Int32Array] {
  const m = nodes.length;
  const frac = kA / (kA + kB);
  const total = new Float64Array(nc);
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < m; i++) {
    const u = nodes[i];
    for (let c = 0; c < nc; c++) total[c] += vec[u * nc + c];
    x0 = Math.min(x0, xy[2 * u]);
    x1 = Math.max(x1, xy[2 * u]);
    y0 = Math.min(y0, xy[2 * u + 1]);
    y1 = Math.max(y1, xy[2 * u + 1]);
  }
  const span = Math.max(x1 - x0, y1 - y0, 1e-12);
  const keys = new Float64Array(m);
  const prefix = new Float64Array(nc);
  // an error e left in side A is shared by its kA grids once they are split exactly, so a quarter
  // of the tolerance per grid of the smaller side may be left for the splits below
  const eps = 0.25 * tol * Math.min(kA, kB);
  // the best split of each direction
  const found: Array<{ err: number; angle: number; thr: number; prefixIsA: boolean }> = [];
  const scale = 2 ** 30 / span; // projection + span ≤ (1 + √2)·span, so key < 2^53
  const keyOf = (i: number, cx: number, cy: number): number => {
    const u = nodes[i];
    // projection quantised to an integer, index in the low bits: one native sort orders both
    return Math.floor(((xy[2 * u] - x0) * cx + (xy[2 * u + 1] - y0) * cy + span) * scale) * INDEX_BITS + i;
  };
  // sorts the set along `angle` and records its best prefix/suffix split
  const bucketOf = new Int32Array(m);
  const bucketSum = new Float64Array((BUCKETS + 1) * nc);
  const bucketCount = new Int32Array(BUCKETS + 1);
  // scans the sorted keys `sorted[from..to)` as the continuation of a prefix of `before` units with sums `prefix`
  const scan = (sorted: Float64Array, to: number, before: number, best: { err: number; angle: number; thr: number; prefixIsA: boolean }): void => {
    for (let j = 0; j < to; j++) {
      const count = before + j + 1;
      const u = nodes[sorted[j] % INDEX_BITS];
      for (let c = 0; c < nc; c++) prefix[c] += vec[u * nc + c];
      if (count >= m) break;
      let errA = 0;
      let errB = 0;
      for (let c = 0; c < nc; c++) {
        errA = Math.max(errA, Math.abs(prefix[c] - frac * total[c]));
        errB = Math.max(errB, Math.abs(prefix[c] - (1 - frac) * total[c]));
      }
      // prefix of `count` units is A (target frac) or B (target 1 − frac); each side keeps at least its grid count of units
      if (count >= kA && m - count >= kB && errA < best.err) Object.assign(best, { err: errA, thr: sorted[j], prefixIsA: true });
      if (count >= kB && m - count >= kA && errB < best.err) Object.assign(best, { err: errB, thr: sorted[j], prefixIsA: false });
    }
  };
  // sorts the set along `angle` and records its best prefix/suffix split; on large sets the units
  // are first counted into buckets along the direction and only the two buckets around the best
  // bucket boundary are sorted (the best split lies within a bucket of it): O(s) instead of O(s log s)
  const tryAngle = (angle: number): void => {
    const cx = Math.cos(angle);
    const cy = Math.sin(angle);
    for (let i = 0; i < m; i++) keys[i] = keyOf(i, cx, cy);
    const best = { err: Infinity, angle, thr: 0, prefixIsA: true };
    prefix.fill(0);
    if (m <= 8 * BUCKETS) {
      keys.sort();
      scan(keys, m, 0, best);
      found.push(best);
      return;
    }
    let kmin = Infinity;
    let kmax = -Infinity;
    for (let i = 0; i < m; i++) {
      kmin = Math.min(kmin, keys[i]);
      kmax = Math.max(kmax, keys[i]);
    }
    const width = (kmax - kmin) / BUCKETS + 1;
    bucketSum.fill(0);
    bucketCount.fill(0);
    for (let i = 0; i < m; i++) {
      const b = Math.floor((keys[i] - kmin) / width);
      bucketOf[i] = b;
      bucketCount[b]++;
      const u = nodes[i];
      for (let c = 0; c < nc; c++) bucketSum[b * nc + c] += vec[u * nc + c];
    }
    // the bucket boundary with the smallest error
    let bestB = 0;
    let bestErr = Infinity;
    for (let b = 0; b < BUCKETS; b++) {
      for (let c = 0; c < nc; c++) prefix[c] += bucketSum[b * nc + c];
      let err = Infinity;
      for (const f of [frac, 1 - frac]) {
        let e = 0;
        for (let c = 0; c < nc; c++) e = Math.max(e, Math.abs(prefix[c] - f * total[c]));
        err = Math.min(err, e);
      }
      if (err < bestErr) {
        bestErr = err;
        bestB = b;
      }
    }
    // exact scan over the buckets on both sides of that boundary
    const lo = Math.max(0, bestB - 1);
    const hi = Math.min(BUCKETS, bestB + 1);
    prefix.fill(0);
    let before = 0;
    for (let b = 0; b < lo; b++) {
      before += bucketCount[b];
      for (let c = 0; c < nc; c++) prefix[c] += bucketSum[b * nc + c];
    }
    let len = 0;
    for (let i = 0; i < m; i++) if (bucketOf[i] >= lo && bucketOf[i] <= hi) len++;
    const local = new Float64Array(len);
    len = 0;
    for (let i = 0; i < m; i++) if (bucketOf[i] >= lo && bucketOf[i] <= hi) local[len++] = keys[i];
    local.sort();
    scan(local, len, before, best);
    found.push(best);
  };
  for (let d = 0; d < COARSE_DIRECTIONS; d++) tryAngle((Math.PI * d) / COARSE_DIRECTIONS);
  const around = found.reduce((a, b) => (b.err < a.err ? b : a)).angle;
  const step = Math.PI / COARSE_DIRECTIONS / (FINE_DIRECTIONS / 2 + 1);
  for (let d = 1; d <= FINE_DIRECTIONS / 2; d++) {
    tryAngle(around - d * step);
    tryAngle(around + d * step);
  }
  // a line through a non-convex outline leaves pieces that must change sides: the lines are tried
  // best first with their pieces joined, and the one left closest to balance is kept
  found.sort((a, b) => a.err - b.err);
  const job = s.nextJob++;
  const la = 2 * job;
  const lb = 2 * job + 1;
  const bestSide = new Int32Array(m);
  let bestErr = Infinity;
  let bestCut = Infinity;
  for (const cand of found.slice(0, JOIN_TRIES)) {
    const cx = Math.cos(cand.angle);
    const cy = Math.sin(cand.angle);
    for (let i = 0; i < m; i++) s.side[nodes[i]] = (keyOf(i, cx, cy) <= cand.thr) === cand.prefixIsA ? la : lb;
    joinStrayPieces(level, nodes, la, lb, vec, nc, s);
    const err = sideError(nodes, la, frac, vec, nc, s.side);
    const cut = sideCut(level, nodes, la, lb, s.side);
    // lines left within what this split may leave compete on cut edges (compact halves), else on balance
    const better = err <= LINE_SLACK * eps && bestErr <= LINE_SLACK * eps ? cut < bestCut : err < bestErr;
    if (better) {
      bestErr = err;
      bestCut = cut;
      for (let i = 0; i < m; i++) bestSide[i] = s.side[nodes[i]];
    }
  }
  for (let i = 0; i < m; i++) s.side[nodes[i]] = bestSide[i];

  balanceSides(level, nodes, la, lb, kA, kB, vec, nc, eps, s);

  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < m; i++) (s.side[nodes[i]] === la ? a : b).push(nodes[i]);
  return [Int32Array.from(a), Int32Array.from(b)];
}

/**
 * Keeps the heaviest connected piece of each side (by summed weight, unit count on ties) and
 * hands the other pieces to the side they touch, so both sides are connected. O(s + edges).
 */
function joinStrayPieces(level: Level, nodes: Int32Array, la: number, lb: number, vec: Float64Array, nc: number, s: Scratch): void {
  const { offsets, targets } = level;
  const side = s.side;
  for (let round = 0; round < 4; round++) {
    let changed = false;
    for (const label of [la, lb]) {
      const pieces: number[][] = [];
      const weight: number[] = [];
      const st = ++s.stamp;
      for (let i = 0; i < nodes.length; i++) {
        const r = nodes[i];
        if (side[r] !== label || s.seen[r] === st) continue;
        const piece: number[] = [];
        let wsum = 0;
        let head = 0;
        let tail = 0;
        s.queue[tail++] = r;
        s.seen[r] = st;
        while (head < tail) {
          const u = s.queue[head++];
          piece.push(u);
          for (let c = 0; c < nc; c++) wsum += vec[u * nc + c];
          for (let j = offsets[u], e = offsets[u + 1]; j < e; j++) {
            const v = targets[j];
            if (side[v] === label && s.seen[v] !== st) {
              s.seen[v] = st;
              s.queue[tail++] = v;
            }
          }
        }
        pieces.push(piece);
        weight.push(wsum + 1e-9 * piece.length);
      }
      if (pieces.length <= 1) continue;
      let keep = 0;
      for (let p = 1; p < pieces.length; p++) if (weight[p] > weight[keep]) keep = p;
      const other = label === la ? lb : la;
      for (let p = 0; p < pieces.length; p++) if (p !== keep) for (const u of pieces[p]) side[u] = other;
      changed = true;
    }
    if (!changed) return;
  }
}

/**
 * Greedy multi-constraint correction of a split: with d what side A lacks per column (in grid
 * means), moves the border unit (either way) that shortens d most, cut edges as the tie-breaker,
 * keeping both sides connected, until d is a small fraction of a grid mean or no single move
 * shortens it. O(moves · border · nc).
 */
function balanceSides(level: Level, nodes: Int32Array, la: number, lb: number, kA: number, kB: number, vec: Float64Array, nc: number, eps: number, s: Scratch): void {
  const { offsets, targets, ew } = level;
  const side = s.side;
  const d = sideDeficit(nodes, la, kA / (kA + kB), vec, nc, side);
  let sizeA = 0;
  for (let i = 0; i < nodes.length; i++) if (side[nodes[i]] === la) sizeA++;
  let sizeB = nodes.length - sizeA;
  const st = ++s.stamp;
  const cand: number[] = [];
  const consider = (u: number): void => {
    if (s.seen[u] === st || (side[u] !== la && side[u] !== lb)) return;
    s.seen[u] = st;
    cand.push(u);
  };
  for (let i = 0; i < nodes.length; i++) {
    const u = nodes[i];
    for (let j = offsets[u], e = offsets[u + 1]; j < e; j++) {
      const v = targets[j];
      if ((side[v] === la || side[v] === lb) && side[v] !== side[u]) {
        consider(u);
        break;
      }
    }
  }
  for (let moves = 0; moves < nodes.length; moves++) {
    let dmax = 0;
    let dd = 0;
    for (let c = 0; c < nc; c++) {
      dmax = Math.max(dmax, Math.abs(d[c]));
      dd += d[c] * d[c];
    }
    if (dmax <= eps) break;
    // a new cut edge costs as much as a move 15% less aligned with d: well-aligned units win,
    // among them the ones that keep the border short
    const cutCost = 0.15 * Math.sqrt(dd);
    let best = -1;
    let bestIdx = -1;
    let bestScore = 0;
    for (let ci = 0; ci < cand.length; ci++) {
      const u = cand[ci];
      const toA = side[u] === lb;
      let dw = 0;
      let ww = 0;
      for (let c = 0; c < nc; c++) {
        const x = vec[u * nc + c];
        dw += d[c] * x;
        ww += x * x;
      }
      // |d|² − |d ∓ w|²
      const gain = 2 * (toA ? dw : -dw) - ww;
      if (gain <= 1e-15) continue;
      let own = 0;
      let other = 0;
      for (let j = offsets[u], e = offsets[u + 1]; j < e; j++) {
        const v = targets[j];
        if (side[v] === side[u]) own += ew[j];
        else if (side[v] === la || side[v] === lb) other += ew[j];
      }
      if (other <= 0) continue;
      const score = gain / Math.sqrt(ww) - cutCost * (own - other);
      if (score > bestScore) {
        bestScore = score;
        best = u;
        bestIdx = ci;
      }
    }
    if (best < 0) break;
    const fromA = side[best] === la;
    if ((fromA ? sizeA <= kA : sizeB <= kB) || !s.checker.staysConnected(offsets, targets, side, best)) {
      cand[bestIdx] = cand[cand.length - 1];
      cand.pop();
      continue;
    }
    side[best] = fromA ? lb : la;
    if (fromA) {
      sizeA--;
      sizeB++;
    } else {
      sizeA++;
      sizeB--;
    }
    for (let c = 0; c < nc; c++) d[c] += (fromA ? 1 : -1) * vec[best * nc + c];
    for (let j = offsets[best], e = offsets[best + 1]; j < e; j++) consider(targets[j]);
  }
}

/** Weighted edges between the two sides of a split. O(s + edges). */
function sideCut(level: Level, nodes: Int32Array, la: number, lb: number, side: Int32Array): number {
  const { offsets, targets, ew } = level;
  let cut = 0;
  for (let i = 0; i < nodes.length; i++) {
    const u = nodes[i];
    if (side[u] !== la) continue;
    for (let j = offsets[u], e = offsets[u + 1]; j < e; j++) if (side[targets[j]] === lb) cut += ew[j];
  }
  return cut;
}

/** What side A lacks per column (its share `frac` of the set minus what it holds), in grid means. O(s·nc). */
function sideDeficit(nodes: Int32Array, la: number, frac: number, vec: Float64Array, nc: number, side: Int32Array): Float64Array {
  const d = new Float64Array(nc);
  for (let i = 0; i < nodes.length; i++) {
    const u = nodes[i];
    const x = frac - (side[u] === la ? 1 : 0);
    for (let c = 0; c < nc; c++) d[c] += x * vec[u * nc + c];
  }
  return d;
}

/** Largest |what side A lacks| over the columns, in grid means. O(s·nc). */
function sideError(nodes: Int32Array, la: number, frac: number, vec: Float64Array, nc: number, side: Int32Array): number {
  const d = sideDeficit(nodes, la, frac, vec, nc, side);
  let e = 0;
  for (let c = 0; c < nc; c++) e = Math.max(e, Math.abs(d[c]));
  return e;
}
