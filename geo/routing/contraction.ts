/**
 * Contraction hierarchies (Geisberger et al. 2008). Nodes are contracted one by one in order of a
 * priority = 2 · edge difference (shortcuts added − arcs removed) + number of already contracted
 * neighbours + hierarchy level, re-evaluated for the neighbours of every contracted node. Contracting v adds a shortcut u→x of weight w(u,v)+w(v,x) unless a
 * witness search (Dijkstra from u avoiding v, bounded by weight and by a settled-node budget) finds a
 * path no longer. A witness search that gives up only adds a redundant shortcut, never a wrong one,
 * so the bounds trade preprocessing time for hierarchy size and never correctness.
 */
import FlatQueue from 'flatqueue';
import type { Graph } from './graph.ts';
import { INF } from './dijkstra.ts';

export interface ContractionHierarchy {
  n: number;
  /** contraction order: rank[v] = position of v in the order (0 first) */
  rank: Int32Array;
  /** upward arcs leaving u (to higher rank): upOffsets[u] .. upOffsets[u+1]-1; per slot: head, weight (ds), arc id */
  upOffsets: Int32Array;
  upTarget: Int32Array;
  upWeight: Int32Array;
  upArc: Int32Array;
  /** arcs entering u from higher rank, for the backward search: per slot the tail node, weight, arc id */
  downOffsets: Int32Array;
  downTarget: Int32Array;
  downWeight: Int32Array;
  downArc: Int32Array;
  /** every arc (original and shortcut), layout per arc id: tail, head, weight (ds), length (m),
   *  children (arcA: tail→middle, arcB: middle→head; -1 for originals), original edge code
   *  (edge · 2 + reversed, -1 for shortcuts) */
  arcFrom: Int32Array;
  arcTo: Int32Array;
  arcWeight: Int32Array;
  arcLength: Float64Array;
  arcA: Int32Array;
  arcB: Int32Array;
  arcEdge: Int32Array;
}

export interface ContractionOptions {
  /** contract in this order (a permutation of nodes) instead of computing one; reuse another profile's `rank` inverse */
  order?: Int32Array;
  /** settled-node budget of witness searches while ordering (default 30) */
  simulateSettleLimit?: number;
  /** settled-node budget of witness searches when contracting (default 150) */
  contractSettleLimit?: number;
}

/** Growable arc store (capacity doubles). */
class Arcs {
  size = 0;
  from = new Int32Array(16);
  to = new Int32Array(16);
  w = new Int32Array(16);
  len = new Float64Array(16);
  a = new Int32Array(16);
  b = new Int32Array(16);
  edge = new Int32Array(16);

  add(from: number, to: number, w: number, len: number, a: number, b: number, edge: number): number {
    if (this.size === this.from.length) this.grow();
    const i = this.size++;
    this.from[i] = from;
    this.to[i] = to;
    this.w[i] = w;
    this.len[i] = len;
    this.a[i] = a;
    this.b[i] = b;
    this.edge[i] = edge;
    return i;
  }

  private grow(): void {
    const cap = this.from.length * 2;
    const g = <T extends Int32Array | Float64Array>(x: T): T => {
      const y = new (x.constructor as new (n: number) => T)(cap);
      y.set(x);
      return y;
    };
    this.from = g(this.from);
    this.to = g(this.to);
    this.w = g(this.w);
    this.len = g(this.len);
    this.a = g(this.a);
    this.b = g(this.b);
    this.edge = g(this.edge);
  }
}

function removeArc(list: number[], arc: number): void {
  const i = list.indexOf(arc);
  if (i >= 0) {
    list[i] = list[list.length - 1];
    list.pop();
  }
}

/**
 * Builds a contraction hierarchy over `graph` (arcs as in graph.ts; parallel arcs keep the lightest).
 * Roughly O(n · d² · W log W) for average degree d and witness budget W; in practice tens of seconds
 * for a few hundred thousand road nodes. `onProgress(done, n)` is called every 10,000 contractions.
 */
export function contract(graph: Graph, opts: ContractionOptions = {}, onProgress?: (done: number, n: number) => void): ContractionHierarchy {
  const n = graph.n;
  const simLimit = opts.simulateSettleLimit ?? 30;
  const conLimit = opts.contractSettleLimit ?? 150;
  const arcs = new Arcs();
  const out: number[][] = new Array(n);
  const inn: number[][] = new Array(n);
  for (let v = 0; v < n; v++) {
    out[v] = [];
    inn[v] = [];
  }
  // original arcs, lightest of parallel arcs, no loops
  for (let u = 0; u < n; u++) {
    for (let k = graph.offsets[u]; k < graph.offsets[u + 1]; k++) {
      const v = graph.targets[k];
      if (v === u) continue;
      const w = graph.weights[k];
      let dup = -1;
      for (const a of out[u]) if (arcs.to[a] === v) dup = a;
      if (dup >= 0) {
        if (arcs.w[dup] <= w) continue;
        removeArc(out[u], dup);
        removeArc(inn[v], dup);
      }
      const a = arcs.add(u, v, w, graph.lengths[k], -1, -1, graph.arcEdge[k]);
      out[u].push(a);
      inn[v].push(a);
    }
  }

  const contracted = new Uint8Array(n);
  const deletedNeighbours = new Int32Array(n);
  // witness-search scratch
  const dist = new Int32Array(n).fill(INF);
  const touched: number[] = [];
  const heap = new FlatQueue<number>();

  // witness targets of the current search: targetStamp[x] === stamp while x is still unsettled
  const targetStamp = new Int32Array(n);
  let stamp = 0;
  let targetsLeft = 0;

  /** Dijkstra from s avoiding `skip`, until every target is settled, keys exceed `limit` or `budget` nodes are settled. */
  const witness = (s: number, skip: number, limit: number, budget: number): void => {
    for (const v of touched) dist[v] = INF;
    touched.length = 0;
    heap.clear();
    dist[s] = 0;
    touched.push(s);
    heap.push(s, 0);
    let settled = 0;
    while (heap.length > 0) {
      const d = heap.peekValue() as number;
      const u = heap.pop() as number;
      if (d > dist[u]) continue;
      if (d > limit || ++settled > budget) break;
      if (targetStamp[u] === stamp) {
        targetStamp[u] = 0;
        if (--targetsLeft === 0) break;
      }
      const lst = out[u];
      for (let i = 0; i < lst.length; i++) {
        const a = lst[i];
        const x = arcs.to[a];
        if (x === skip) continue;
        const nd = d + arcs.w[a];
        if (nd < dist[x]) {
          if (dist[x] === INF) touched.push(x);
          dist[x] = nd;
          heap.push(x, nd);
        }
      }
    }
  };

  /** Shortcuts needed to contract v; adds them when `apply`. */
  const process = (v: number, apply: boolean, budget: number): number => {
    let count = 0;
    const ins = inn[v];
    const outs = out[v];
    if (ins.length === 0 || outs.length === 0) return 0;
    let maxOut = 0;
    for (const b of outs) if (arcs.w[b] > maxOut) maxOut = arcs.w[b];
    for (let i = 0; i < ins.length; i++) {
      const a = ins[i];
      const u = arcs.from[a];
      const w1 = arcs.w[a];
      stamp++;
      targetsLeft = 0;
      for (let j = 0; j < outs.length; j++) {
        const x = arcs.to[outs[j]];
        if (x !== u && targetStamp[x] !== stamp) {
          targetStamp[x] = stamp;
          targetsLeft++;
        }
      }
      if (targetsLeft === 0) continue;
      witness(u, v, w1 + maxOut, budget);
      for (let j = 0; j < outs.length; j++) {
        const b = outs[j];
        const x = arcs.to[b];
        if (x === u) continue;
        const w = w1 + arcs.w[b];
        if (dist[x] <= w) continue;
        count++;
        if (!apply) continue;
        // replace a heavier direct arc u→x, or skip when one is at least as light
        let existing = -1;
        for (const c of out[u]) if (arcs.to[c] === x) existing = c;
        if (existing >= 0) {
          if (arcs.w[existing] <= w) continue;
          removeArc(out[u], existing);
          removeArc(inn[x], existing);
        }
        const s = arcs.add(u, x, w, arcs.len[a] + arcs.len[b], a, b, -1);
        out[u].push(s);
        inn[x].push(s);
      }
    }
    return count;
  };

  // hierarchy depth: contracting v puts its neighbours at least one level above it
  const level = new Int32Array(n);
  const priority = (v: number): number =>
    2 * (process(v, false, simLimit) - inn[v].length - out[v].length) + deletedNeighbours[v] + level[v];

  const rank = new Int32Array(n);
  const upLists: number[][] = new Array(n);
  const downLists: number[][] = new Array(n);
  let done = 0;

  const contractNode = (v: number): void => {
    process(v, true, conLimit);
    contracted[v] = 1;
    rank[v] = done++;
    upLists[v] = out[v].slice();
    downLists[v] = inn[v].slice();
    for (const a of out[v]) removeArc(inn[arcs.to[a]], a);
    for (const a of inn[v]) removeArc(out[arcs.from[a]], a);
    out[v] = [];
    inn[v] = [];
    if (onProgress && done % 10000 === 0) onProgress(done, n);
  };

  if (opts.order) {
    if (opts.order.length !== n) throw new RangeError(`order has ${opts.order.length} nodes, graph has ${n}.`);
    for (let i = 0; i < n; i++) contractNode(opts.order[i]);
  } else {
    const prio = new Float64Array(n);
    const queue = new FlatQueue<number>();
    const mark = new Int32Array(n); // v + 1 when already listed as a neighbour of v
    const nb: number[] = [];
    for (let v = 0; v < n; v++) {
      prio[v] = priority(v);
      queue.push(v, prio[v]);
    }
    while (queue.length > 0) {
      const p = queue.peekValue() as number;
      const v = queue.pop() as number;
      if (contracted[v] || p !== prio[v]) continue; // stale entry
      // priorities stay current because every contraction re-evaluates the contracted node's
      // neighbours (the only nodes whose edge difference it changes, up to witness-search reach)
      nb.length = 0;
      for (const a of out[v]) if (mark[arcs.to[a]] !== v + 1) {
        mark[arcs.to[a]] = v + 1;
        nb.push(arcs.to[a]);
      }
      for (const a of inn[v]) if (mark[arcs.from[a]] !== v + 1) {
        mark[arcs.from[a]] = v + 1;
        nb.push(arcs.from[a]);
      }
      contractNode(v);
      for (const x of nb) {
        deletedNeighbours[x]++;
        if (level[x] < level[v] + 1) level[x] = level[v] + 1;
        prio[x] = priority(x);
        queue.push(x, prio[x]);
      }
    }
  }

  // freeze into CSR
  const csr = (lists: number[][], head: Int32Array) => {
    const offsets = new Int32Array(n + 1);
    for (let v = 0; v < n; v++) offsets[v + 1] = offsets[v] + lists[v].length;
    const m = offsets[n];
    const target = new Int32Array(m);
    const weight = new Int32Array(m);
    const arc = new Int32Array(m);
    for (let v = 0; v < n; v++) {
      let k = offsets[v];
      for (const a of lists[v]) {
        target[k] = head[a];
        weight[k] = arcs.w[a];
        arc[k++] = a;
      }
    }
    return { offsets, target, weight, arc };
  };
  const up = csr(upLists, arcs.to);
  const down = csr(downLists, arcs.from);
  const m = arcs.size;
  return {
    n, rank,
    upOffsets: up.offsets, upTarget: up.target, upWeight: up.weight, upArc: up.arc,
    downOffsets: down.offsets, downTarget: down.target, downWeight: down.weight, downArc: down.arc,
    arcFrom: arcs.from.slice(0, m), arcTo: arcs.to.slice(0, m), arcWeight: arcs.w.slice(0, m),
    arcLength: arcs.len.slice(0, m), arcA: arcs.a.slice(0, m), arcB: arcs.b.slice(0, m), arcEdge: arcs.edge.slice(0, m),
  };
}

/** The contraction order of a hierarchy (inverse of `rank`), to reuse for another profile. O(n). */
export function contractionOrder(ch: ContractionHierarchy): Int32Array {
  const order = new Int32Array(ch.n);
  for (let v = 0; v < ch.n; v++) order[ch.rank[v]] = v;
  return order;
}
