/**
 * Plain Dijkstra on a CSR graph: the reference the fast queries are tested against, and the
 * one-to-all search behind isochrones. Scratch arrays are allocated once and reset via a touched list.
 */
import FlatQueue from 'flatqueue';
import type { Graph } from './graph.ts';

/** "Not reached" in every integer distance array of geo/routing. */
export const INF = 0x7fffffff;

export class DijkstraSearch {
  readonly graph: Graph;
  /** tentative/final distance per node (deciseconds), INF when not reached */
  readonly dist: Int32Array;
  /** length in metres of the path found to each node */
  readonly len: Float64Array;
  /** arc used to reach each node, -1 at seeds */
  readonly parentArc: Int32Array;
  private readonly touched: Int32Array;
  private touchedCount = 0;
  private readonly heap = new FlatQueue<number>();

  constructor(graph: Graph) {
    this.graph = graph;
    this.dist = new Int32Array(graph.n).fill(INF);
    this.len = new Float64Array(graph.n);
    this.parentArc = new Int32Array(graph.n).fill(-1);
    this.touched = new Int32Array(graph.n);
  }

  /** Nodes reached by the last run (valid entries of dist/len/parentArc). */
  reached(): Int32Array {
    return this.touched.subarray(0, this.touchedCount);
  }

  private reset(): void {
    for (let i = 0; i < this.touchedCount; i++) {
      const v = this.touched[i];
      this.dist[v] = INF;
      this.parentArc[v] = -1;
    }
    this.touchedCount = 0;
    this.heap.clear();
  }

  /** Seeds a node at a start cost (deciseconds) and length (metres); call after `begin()`. */
  seed(node: number, cost: number, lengthM = 0): void {
    if (cost < this.dist[node]) {
      if (this.dist[node] === INF) this.touched[this.touchedCount++] = node;
      this.dist[node] = cost;
      this.len[node] = lengthM;
      this.parentArc[node] = -1;
      this.heap.push(node, cost);
    }
  }

  /** Clears the previous run. O(nodes reached before). */
  begin(): void {
    this.reset();
  }

  /**
   * Runs until the heap is empty, `target` is settled, or the next key exceeds `limit`
   * (deciseconds). Returns dist[target] (INF when not reached), or INF when target < 0.
   * O((V + E) log V) over the nodes within reach.
   */
  run(target = -1, limit = INF): number {
    const { offsets, targets, weights, lengths } = this.graph;
    const dist = this.dist;
    const heap = this.heap;
    while (heap.length > 0) {
      const d = heap.peekValue() as number;
      const u = heap.pop() as number;
      if (d > dist[u]) continue; // stale entry
      if (d > limit) break;
      if (u === target) return d;
      for (let a = offsets[u]; a < offsets[u + 1]; a++) {
        const v = targets[a];
        const nd = d + weights[a];
        if (nd < dist[v]) {
          if (dist[v] === INF) this.touched[this.touchedCount++] = v;
          dist[v] = nd;
          this.len[v] = this.len[u] + lengths[a];
          this.parentArc[v] = a;
          heap.push(v, nd);
        }
      }
    }
    return target >= 0 ? dist[target] : INF;
  }

  /** Shortest distance s → t in deciseconds (INF when unreachable). O((V + E) log V). */
  oneToOne(s: number, t: number): number {
    this.begin();
    this.seed(s, 0);
    return this.run(t);
  }
}
