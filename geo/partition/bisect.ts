/**
 * Initial partition by recursive bisection with greedy graph growing (GGGP, Karypis & Kumar):
 * to split a connected unit set between `k` grids, grow part A from a peripheral unit, always
 * adding the frontier unit with the best gain (edges into A minus edges to the rest), until A
 * holds `floor(k/2)/k` of the set's load; the pieces of the rest other than the heaviest join A so
 * both sides stay connected. The best of a few starts (fewest cut edges among the well balanced)
 * is kept, and both sides are split again. Each level of the recursion costs O(m log m), so the
 * whole is O(m log m log k).
 */
import FlatQueue from 'flatqueue';
import type { Level } from './graph.ts';
import type { Rng } from '../random.ts';
import { randomInt } from '../random.ts';

/** Scratch buffers shared by all calls of one bisection run. */
interface Scratch {
  /** id of the set a unit currently belongs to (only units with the current id take part). */
  setOf: Int32Array;
  /** 1 when the unit is in the growing side A of the current try. */
  inA: Uint8Array;
  /** current gain of a frontier unit. */
  gain: Float64Array;
  /** BFS queue, component labels. */
  queue: Int32Array;
  comp: Int32Array;
  heap: FlatQueue<number>;
  nextSet: number;
}

/**
 * Splits the connected unit set `nodes` of `level` into `grids.length` connected grids, writing
 * `part[u]` for each unit. `score[u]` is the unit's load (summed normalised weights).
 * O(m log m log k) for the whole recursion.
 */
export function recursiveBisection(level: Level, nodes: Int32Array, grids: readonly number[], score: Float64Array, part: Int32Array, rng: Rng): void {
  const n = level.n;
  const scratch: Scratch = {
    setOf: new Int32Array(n).fill(-1),
    inA: new Uint8Array(n),
    gain: new Float64Array(n),
    queue: new Int32Array(n),
    comp: new Int32Array(n).fill(-1),
    heap: new FlatQueue<number>(),
    nextSet: 0,
  };
  const stack: Array<{ nodes: Int32Array; grids: readonly number[] }> = [{ nodes, grids }];
  while (stack.length > 0) {
    const job = stack.pop()!;
    if (job.grids.length === 1 || job.nodes.length <= 1) {
      const g = job.grids[0];
      for (let i = 0; i < job.nodes.length; i++) part[job.nodes[i]] = g;
      continue;
    }
    const k1 = job.grids.length >> 1;
    const [a, b] = bisect(level, job.nodes, k1 / job.grids.length, score, scratch, rng);
    stack.push({ nodes: b, grids: job.grids.slice(k1) });
    stack.push({ nodes: a, grids: job.grids.slice(0, k1) });
  }
}

/** One bisection of a connected set; returns [A, B], both connected and non-empty when possible. */
function bisect(level: Level, nodes: Int32Array, frac: number, score: Float64Array, s: Scratch, rng: Rng): [Int32Array, Int32Array] {
  const { offsets, targets, ew } = level;
  const set = s.nextSet++;
  let total = 0;
  for (let i = 0; i < nodes.length; i++) {
    s.setOf[nodes[i]] = set;
    total += score[nodes[i]];
  }
  const target = frac * total;
  const tries = nodes.length <= 64 ? 10 : 8;
  let bestA: Int32Array | null = null;
  let bestCut = Infinity;
  let bestImb = Infinity;
  for (let t = 0; t < tries; t++) {
    const start = t === 0 ? peripheral(level, nodes[randomInt(rng, nodes.length)], set, s) : t === 1 ? peripheral(level, peripheral(level, nodes[0], set, s), set, s) : nodes[randomInt(rng, nodes.length)];
    const taken = growSide(level, nodes, start, target, score, set, s);
    // the cut and the balance of this try
    let load = 0;
    let cut = 0;
    for (let i = 0; i < taken.length; i++) {
      const u = taken[i];
      load += score[u];
      for (let j = offsets[u], e = offsets[u + 1]; j < e; j++) {
        const v = targets[j];
        if (s.setOf[v] === set && !s.inA[v]) cut += ew[j];
      }
    }
    const imb = Math.abs(load - target) / Math.max(total, 1e-12);
    for (let i = 0; i < taken.length; i++) s.inA[taken[i]] = 0;
    // well balanced tries compete on cut, otherwise on balance
    const better = bestA === null || (imb <= 0.01 && bestImb <= 0.01 ? cut < bestCut : imb < bestImb);
    if (better) {
      bestA = taken;
      bestCut = cut;
      bestImb = imb;
    }
  }
  const A = bestA!;
  for (let i = 0; i < A.length; i++) s.inA[A[i]] = 1;
  const bList: number[] = [];
  for (let i = 0; i < nodes.length; i++) if (!s.inA[nodes[i]]) bList.push(nodes[i]);
  for (let i = 0; i < A.length; i++) s.inA[A[i]] = 0;
  return [A, Int32Array.from(bList)];
}

/** The last unit reached by a BFS from `from` inside the set: a unit far from `from`. O(set + its edges). */
function peripheral(level: Level, from: number, set: number, s: Scratch): number {
  const { offsets, targets } = level;
  const q = s.queue;
  const mark = s.comp;
  let head = 0;
  let tail = 0;
  q[tail++] = from;
  mark[from] = -2;
  while (head < tail) {
    const u = q[head++];
    for (let i = offsets[u], e = offsets[u + 1]; i < e; i++) {
      const v = targets[i];
      if (s.setOf[v] !== set || mark[v] === -2) continue;
      mark[v] = -2;
      q[tail++] = v;
    }
  }
  for (let i = 0; i < tail; i++) mark[q[i]] = -1;
  return q[tail - 1];
}

/**
 * Grows side A from `start` by best gain until it holds `target` load, then hands every piece of
 * the rest except the heaviest to A. Leaves `inA` set for the returned units.
 */
function growSide(level: Level, nodes: Int32Array, start: number, target: number, score: Float64Array, set: number, s: Scratch): Int32Array {
  const { offsets, targets, ew } = level;
  const heap = s.heap;
  heap.clear();
  const taken: number[] = [];
  let load = 0;
  s.gain[start] = 0;
  heap.push(start, 0);
  const inHeap = s.comp; // -3 marks "pushed at least once" in this try
  inHeap[start] = -3;
  const touched: number[] = [start];
  while (heap.length > 0 && taken.length < nodes.length - 1) {
    const pr = heap.peekValue()!;
    const u = heap.pop()!;
    if (s.inA[u] || -pr !== s.gain[u]) continue;
    const x = score[u];
    // stop when adding u overshoots more than stopping short
    if (taken.length > 0 && load + x - target > target - load) break;
    s.inA[u] = 1;
    taken.push(u);
    load += x;
    if (load >= target) break;
    for (let i = offsets[u], e = offsets[u + 1]; i < e; i++) {
      const v = targets[i];
      if (s.setOf[v] !== set || s.inA[v]) continue;
      if (inHeap[v] !== -3) {
        inHeap[v] = -3;
        touched.push(v);
        s.gain[v] = -edgeSum(level, v, set, s);
      }
      s.gain[v] += 2 * ew[i];
      heap.push(v, -s.gain[v]);
    }
  }
  for (let i = 0; i < touched.length; i++) inHeap[touched[i]] = -1;
  // pieces of the rest: keep the heaviest, give the others to A
  const comp = s.comp;
  const q = s.queue;
  let pieces = 0;
  let bestPiece = -1;
  let bestLoad = -1;
  const pieceLoad: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const r = nodes[i];
    if (s.inA[r] || comp[r] >= 0) continue;
    const p = pieces++;
    let head = 0;
    let tail = 0;
    q[tail++] = r;
    comp[r] = p;
    let pl = 0;
    while (head < tail) {
      const u = q[head++];
      pl += score[u] + 1e-12;
      for (let j = offsets[u], e = offsets[u + 1]; j < e; j++) {
        const v = targets[j];
        if (s.setOf[v] !== set || s.inA[v] || comp[v] >= 0) continue;
        comp[v] = p;
        q[tail++] = v;
      }
    }
    pieceLoad.push(pl);
    if (pl > bestLoad) {
      bestLoad = pl;
      bestPiece = p;
    }
  }
  for (let i = 0; i < nodes.length; i++) {
    const u = nodes[i];
    if (!s.inA[u] && comp[u] !== bestPiece) {
      s.inA[u] = 1;
      taken.push(u);
    }
    comp[u] = -1;
  }
  return Int32Array.from(taken);
}

/** Sum of edge weights from v to units of the same set. O(deg v). */
function edgeSum(level: Level, v: number, set: number, s: Scratch): number {
  const { offsets, targets, ew } = level;
  let t = 0;
  for (let i = offsets[v], e = offsets[v + 1]; i < e; i++) if (s.setOf[targets[i]] === set) t += ew[i];
  return t;
}
