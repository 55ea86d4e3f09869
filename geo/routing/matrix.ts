/**
 * Many-to-many shortest paths on a contraction hierarchy with buckets (Knopp et al. 2007):
 * one backward upward search per target leaves (target, cost, length) entries in a bucket at every
 * node it settles; one forward upward search per source scans the buckets of the nodes it settles.
 * Cost O((|S| + |T|) · upward search + bucket scans), a few ms for 100 × 100 on a city network.
 */
import FlatQueue from 'flatqueue';
import type { ContractionHierarchy } from './contraction.ts';
import { INF } from './dijkstra.ts';

/** Where a query point enters the graph: up to two seed nodes with the cost (ds) and length (m)
 *  between the point and the node; n1 = -1 when there is a single seed. */
export interface Endpoint {
  n0: number;
  c0: number;
  l0: number;
  n1: number;
  c1: number;
  l1: number;
}

/** Endpoint of a graph node itself. */
export function nodeEndpoint(v: number): Endpoint {
  return { n0: v, c0: 0, l0: 0, n1: -1, c1: 0, l1: 0 };
}

export class ChMatrix {
  readonly ch: ContractionHierarchy;
  private readonly dist: Int32Array;
  private readonly len: Float64Array;
  private readonly touched: Int32Array;
  private nTouched = 0;
  private readonly heap = new FlatQueue<number>();
  /** settled, non-stalled nodes of the last search, in settle order */
  private readonly settled: Int32Array;
  private nSettled = 0;
  // bucket entries, layout per entry: node, target column, cost (ds), length (m); grown on demand
  private bNode = new Int32Array(1024);
  private bCol = new Int32Array(1024);
  private bCost = new Int32Array(1024);
  private bLen = new Float64Array(1024);
  private readonly bucketStart: Int32Array;
  // bucket entries sorted by node (CSR by bucketStart): target column, cost, length
  private sCol = new Int32Array(0);
  private sCost = new Int32Array(0);
  private sLen = new Float64Array(0);

  constructor(ch: ContractionHierarchy) {
    this.ch = ch;
    this.dist = new Int32Array(ch.n).fill(INF);
    this.len = new Float64Array(ch.n);
    this.touched = new Int32Array(ch.n);
    this.settled = new Int32Array(ch.n);
    this.bucketStart = new Int32Array(ch.n + 1);
  }

  /** Exhaustive upward search (forward on up arcs, or backward on down arcs) with stall-on-demand. */
  private search(p: Endpoint, backward: boolean): void {
    for (let i = 0; i < this.nTouched; i++) this.dist[this.touched[i]] = INF;
    this.nTouched = 0;
    this.nSettled = 0;
    const heap = this.heap;
    heap.clear();
    const dist = this.dist;
    const len = this.len;
    const seed = (v: number, c: number, l: number) => {
      if (v < 0 || c >= dist[v]) return;
      if (dist[v] === INF) this.touched[this.nTouched++] = v;
      dist[v] = c;
      len[v] = l;
      heap.push(v, c);
    };
    seed(p.n0, p.c0, p.l0);
    seed(p.n1, p.c1, p.l1);
    const ch = this.ch;
    const relaxOff = backward ? ch.downOffsets : ch.upOffsets;
    const relaxTo = backward ? ch.downTarget : ch.upTarget;
    const relaxW = backward ? ch.downWeight : ch.upWeight;
    const relaxArc = backward ? ch.downArc : ch.upArc;
    const stallOff = backward ? ch.upOffsets : ch.downOffsets;
    const stallTo = backward ? ch.upTarget : ch.downTarget;
    const stallW = backward ? ch.upWeight : ch.downWeight;
    const arcLength = ch.arcLength;
    while (heap.length > 0) {
      const d = heap.peekValue() as number;
      const u = heap.pop() as number;
      if (d > dist[u]) continue;
      let stalled = false;
      for (let k = stallOff[u]; k < stallOff[u + 1]; k++) {
        const x = stallTo[k];
        if (dist[x] !== INF && dist[x] + stallW[k] < d) {
          stalled = true;
          break;
        }
      }
      if (stalled) continue;
      this.settled[this.nSettled++] = u;
      for (let k = relaxOff[u]; k < relaxOff[u + 1]; k++) {
        const x = relaxTo[k];
        const nd = d + relaxW[k];
        if (nd < dist[x]) {
          if (dist[x] === INF) this.touched[this.nTouched++] = x;
          dist[x] = nd;
          len[x] = len[u] + arcLength[relaxArc[k]];
          heap.push(x, nd);
        }
      }
    }
  }

  private growBuckets(): void {
    const cap = this.bNode.length * 2;
    const g = <T extends Int32Array | Float64Array>(x: T): T => {
      const y = new (x.constructor as new (n: number) => T)(cap);
      y.set(x);
      return y;
    };
    this.bNode = g(this.bNode);
    this.bCol = g(this.bCol);
    this.bCost = g(this.bCost);
    this.bLen = g(this.bLen);
  }

  /**
   * Fills `cost` (ds, INF when unreachable) and `length` (m) for every source row × target column,
   * row-major (index = i · targets.length + j). Both outputs must have |S| · |T| slots.
   */
  computeInto(sources: Endpoint[], targets: Endpoint[], cost: Int32Array, length: Float64Array): void {
    const cols = targets.length;
    if (cost.length < sources.length * cols || length.length < sources.length * cols) {
      throw new RangeError(`Output arrays too small for ${sources.length} × ${cols}.`);
    }
    cost.fill(INF, 0, sources.length * cols);
    length.fill(0, 0, sources.length * cols);
    // backward searches fill the buckets
    let m = 0;
    for (let j = 0; j < cols; j++) {
      this.search(targets[j], true);
      for (let i = 0; i < this.nSettled; i++) {
        const v = this.settled[i];
        if (m === this.bNode.length) this.growBuckets();
        this.bNode[m] = v;
        this.bCol[m] = j;
        this.bCost[m] = this.dist[v];
        this.bLen[m++] = this.len[v];
      }
    }
    // counting sort of bucket entries by node into CSR order, copied so the scans below read
    // each node's bucket sequentially
    const start = this.bucketStart;
    start.fill(0);
    for (let i = 0; i < m; i++) start[this.bNode[i] + 1]++;
    for (let v = 0; v < this.ch.n; v++) start[v + 1] += start[v];
    if (this.sCol.length < m) {
      this.sCol = new Int32Array(this.bNode.length);
      this.sCost = new Int32Array(this.bNode.length);
      this.sLen = new Float64Array(this.bNode.length);
    }
    const sCol = this.sCol, sCost = this.sCost, sLen = this.sLen;
    for (let i = 0; i < m; i++) {
      const k = start[this.bNode[i]]++;
      sCol[k] = this.bCol[i];
      sCost[k] = this.bCost[i];
      sLen[k] = this.bLen[i];
    }
    // the fill loop advanced each start to the next node's start: shift back
    for (let v = this.ch.n; v > 0; v--) start[v] = start[v - 1];
    start[0] = 0;
    for (let r = 0; r < sources.length; r++) {
      this.search(sources[r], false);
      const row = r * cols;
      for (let i = 0; i < this.nSettled; i++) {
        const v = this.settled[i];
        const dv = this.dist[v];
        const lv = this.len[v];
        for (let k = start[v], end = start[v + 1]; k < end; k++) {
          const c = dv + sCost[k];
          const slot = row + sCol[k];
          if (c < cost[slot]) {
            cost[slot] = c;
            length[slot] = lv + sLen[k];
          }
        }
      }
    }
  }
}
