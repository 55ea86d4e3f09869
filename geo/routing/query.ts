/**
 * Point-to-point queries on a contraction hierarchy: bidirectional Dijkstra where each side only
 * climbs to higher-ranked nodes, with stall-on-demand, then shortcut unpacking into original edges.
 * One ChQuery owns its scratch (distances, parents, heaps) and reuses it across queries; it is not
 * re-entrant, so keep one per thread/worker.
 */
import FlatQueue from 'flatqueue';
import type { ContractionHierarchy } from './contraction.ts';
import { INF } from './dijkstra.ts';

export class ChQuery {
  readonly ch: ContractionHierarchy;
  /** forward/backward tentative distances (ds), INF when untouched */
  readonly distF: Int32Array;
  readonly distB: Int32Array;
  /** arc id used to reach each node (-1 at seeds) */
  private readonly parentF: Int32Array;
  private readonly parentB: Int32Array;
  private readonly touchedF: Int32Array;
  private readonly touchedB: Int32Array;
  private nF = 0;
  private nB = 0;
  private readonly heapF = new FlatQueue<number>();
  private readonly heapB = new FlatQueue<number>();
  private readonly stack: number[] = [];
  /** node where the best forward and backward paths meet, -1 when none */
  meet = -1;

  constructor(ch: ContractionHierarchy) {
    this.ch = ch;
    this.distF = new Int32Array(ch.n).fill(INF);
    this.distB = new Int32Array(ch.n).fill(INF);
    this.parentF = new Int32Array(ch.n).fill(-1);
    this.parentB = new Int32Array(ch.n).fill(-1);
    this.touchedF = new Int32Array(ch.n);
    this.touchedB = new Int32Array(ch.n);
  }

  private reset(): void {
    for (let i = 0; i < this.nF; i++) this.distF[this.touchedF[i]] = INF;
    for (let i = 0; i < this.nB; i++) this.distB[this.touchedB[i]] = INF;
    this.nF = 0;
    this.nB = 0;
    this.heapF.clear();
    this.heapB.clear();
    this.meet = -1;
  }

  private seedF(v: number, c: number): void {
    if (v < 0 || c >= this.distF[v]) return;
    if (this.distF[v] === INF) this.touchedF[this.nF++] = v;
    this.distF[v] = c;
    this.parentF[v] = -1;
    this.heapF.push(v, c);
  }

  private seedB(v: number, c: number): void {
    if (v < 0 || c >= this.distB[v]) return;
    if (this.distB[v] === INF) this.touchedB[this.nB++] = v;
    this.distB[v] = c;
    this.parentB[v] = -1;
    this.heapB.push(v, c);
  }

  /**
   * Shortest cost (ds) from the sources {s0 at cost c0, s1 at c1} to the targets {t0 reached at
   * extra cost d0, t1 at d1}; pass -1 for an unused node. Returns INF when no path exists.
   * Search space is the upward closure of the seeds: typically a few hundred nodes on road networks.
   */
  run(s0: number, c0: number, s1: number, c1: number, t0: number, d0: number, t1: number, d1: number): number {
    this.reset();
    this.seedF(s0, c0);
    this.seedF(s1, c1);
    this.seedB(t0, d0);
    this.seedB(t1, d1);
    const ch = this.ch;
    const { upOffsets, upTarget, upWeight, upArc, downOffsets, downTarget, downWeight, downArc } = ch;
    const distF = this.distF;
    const distB = this.distB;
    const hF = this.heapF;
    const hB = this.heapB;
    let best = INF;
    // seeds that are already on both sides
    for (let i = 0; i < this.nF; i++) {
      const v = this.touchedF[i];
      if (distB[v] !== INF && distF[v] + distB[v] < best) {
        best = distF[v] + distB[v];
        this.meet = v;
      }
    }
    let forward = true;
    while (true) {
      const kF = hF.length > 0 ? (hF.peekValue() as number) : INF;
      const kB = hB.length > 0 ? (hB.peekValue() as number) : INF;
      if ((kF >= best || kF === INF) && (kB >= best || kB === INF)) break;
      if (kF >= best) forward = false;
      else if (kB >= best) forward = true;
      if (forward) {
        const d = kF;
        const u = hF.pop() as number;
        if (d > distF[u]) continue;
        // stall-on-demand: a higher node reaches u more cheaply, so u is not on a shortest up-path
        let stalled = false;
        for (let k = downOffsets[u]; k < downOffsets[u + 1]; k++) {
          const x = downTarget[k];
          if (distF[x] !== INF && distF[x] + downWeight[k] < d) {
            stalled = true;
            break;
          }
        }
        if (stalled) continue;
        for (let k = upOffsets[u]; k < upOffsets[u + 1]; k++) {
          const x = upTarget[k];
          const nd = d + upWeight[k];
          if (nd < distF[x]) {
            if (distF[x] === INF) this.touchedF[this.nF++] = x;
            distF[x] = nd;
            this.parentF[x] = upArc[k];
            hF.push(x, nd);
            if (distB[x] !== INF && nd + distB[x] < best) {
              best = nd + distB[x];
              this.meet = x;
            }
          }
        }
      } else {
        const d = kB;
        const u = hB.pop() as number;
        if (d > distB[u]) continue;
        let stalled = false;
        for (let k = upOffsets[u]; k < upOffsets[u + 1]; k++) {
          const x = upTarget[k];
          if (distB[x] !== INF && distB[x] + upWeight[k] < d) {
            stalled = true;
            break;
          }
        }
        if (stalled) continue;
        for (let k = downOffsets[u]; k < downOffsets[u + 1]; k++) {
          const x = downTarget[k];
          const nd = d + downWeight[k];
          if (nd < distB[x]) {
            if (distB[x] === INF) this.touchedB[this.nB++] = x;
            distB[x] = nd;
            this.parentB[x] = downArc[k];
            hB.push(x, nd);
            if (distF[x] !== INF && nd + distF[x] < best) {
              best = nd + distF[x];
              this.meet = x;
            }
          }
        }
      }
      forward = !forward;
    }
    return best;
  }

  /** The seed node the best path starts from and ends at (valid after a run that found a path). */
  endpoints(): [number, number] {
    let v = this.meet;
    while (this.parentF[v] >= 0) v = this.ch.arcFrom[this.parentF[v]];
    let w = this.meet;
    while (this.parentB[w] >= 0) w = this.ch.arcTo[this.parentB[w]];
    return [v, w];
  }

  /**
   * Appends the original edge codes (edge · 2 + reversed) of the last path, in travel order, to `out`.
   * O(path length in original edges).
   */
  unpackInto(out: number[]): void {
    if (this.meet < 0) return;
    const ch = this.ch;
    // forward half: collect arcs from meet back to the source, then unpack in reverse
    const fwd: number[] = [];
    for (let v = this.meet; this.parentF[v] >= 0; v = ch.arcFrom[this.parentF[v]]) fwd.push(this.parentF[v]);
    for (let i = fwd.length - 1; i >= 0; i--) unpackArc(ch, fwd[i], out, this.stack);
    for (let v = this.meet; this.parentB[v] >= 0; v = ch.arcTo[this.parentB[v]]) unpackArc(ch, this.parentB[v], out, this.stack);
  }
}

/** Appends the original edge codes of CH arc `arc` in travel order. `stack` is scratch. O(edges in arc). */
export function unpackArc(ch: ContractionHierarchy, arc: number, out: number[], stack: number[]): void {
  stack.length = 0;
  stack.push(arc);
  while (stack.length > 0) {
    const a = stack.pop() as number;
    if (ch.arcA[a] < 0) out.push(ch.arcEdge[a]);
    else {
      stack.push(ch.arcB[a]);
      stack.push(ch.arcA[a]);
    }
  }
}
