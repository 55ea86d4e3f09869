/**
 * Contiguity of grids: the "would removing this unit split its grid" test used before every move,
 * grid component labelling, and the repair that hands detached pieces to a neighbouring grid.
 */

/**
 * Answers "does grid `part[u]` stay connected when u leaves it" with a breadth-first search from
 * one neighbour of u inside the grid that stops as soon as it has reached all of u's other
 * neighbours in the grid. Reuses its buffers; no allocation per query.
 * Cost: O(size of the grid) in the worst case, usually a few units on planar graphs.
 */
export class ConnectivityChecker {
  private readonly seen: Int32Array;
  private readonly want: Int32Array;
  private readonly queue: Int32Array;
  private stamp = 0;

  constructor(n: number) {
    this.seen = new Int32Array(n);
    this.want = new Int32Array(n);
    this.queue = new Int32Array(n);
  }

  /**
   * True when the units of grid `part[u]` other than u that are adjacent to u stay mutually
   * connected without u (so the move of u cannot add a component to its grid).
   */
  staysConnected(offsets: Int32Array, targets: Int32Array, part: Int32Array, u: number): boolean {
    const g = part[u];
    if (++this.stamp === 0x7fffffff) {
      this.seen.fill(0);
      this.want.fill(0);
      this.stamp = 1;
    }
    const st = this.stamp;
    let needed = 0;
    let first = -1;
    for (let i = offsets[u], e = offsets[u + 1]; i < e; i++) {
      const v = targets[i];
      if (part[v] !== g || this.want[v] === st) continue;
      this.want[v] = st;
      needed++;
      if (first < 0) first = v;
    }
    if (needed <= 1) return true;
    const seen = this.seen;
    const queue = this.queue;
    seen[u] = st;
    seen[first] = st;
    let found = 1;
    let head = 0;
    let tail = 0;
    queue[tail++] = first;
    while (head < tail) {
      const x = queue[head++];
      for (let i = offsets[x], e = offsets[x + 1]; i < e; i++) {
        const v = targets[i];
        if (seen[v] === st || part[v] !== g) continue;
        seen[v] = st;
        if (this.want[v] === st && ++found === needed) return true;
        queue[tail++] = v;
      }
    }
    return false;
  }
}

/**
 * Labels the connected pieces of every grid (components of the graph keeping only edges inside a
 * grid). O(n + m).
 * @returns `comp[u]` piece of each unit, `count` pieces, `compGrid[p]` the grid of piece p.
 */
export function gridComponents(offsets: Int32Array, targets: Int32Array, part: Int32Array): { comp: Int32Array; count: number; compGrid: Int32Array } {
  const n = part.length;
  const comp = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const grids: number[] = [];
  let count = 0;
  for (let s = 0; s < n; s++) {
    if (comp[s] !== -1) continue;
    const g = part[s];
    const p = count++;
    grids.push(g);
    comp[s] = p;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    while (head < tail) {
      const u = queue[head++];
      for (let i = offsets[u], e = offsets[u + 1]; i < e; i++) {
        const v = targets[i];
        if (comp[v] !== -1 || part[v] !== g) continue;
        comp[v] = p;
        queue[tail++] = v;
      }
    }
  }
  return { comp, count, compGrid: Int32Array.from(grids) };
}

/**
 * Number of grids in `[0, k)` that are not exactly one connected piece (empty grids count).
 * O(n + m).
 */
export function countNonContiguous(offsets: Int32Array, targets: Int32Array, part: Int32Array, k: number): number {
  const { count, compGrid } = gridComponents(offsets, targets, part);
  const pieces = new Int32Array(k);
  for (let p = 0; p < count; p++) pieces[compGrid[p]]++;
  let bad = 0;
  for (let g = 0; g < k; g++) if (pieces[g] !== 1) bad++;
  return bad;
}

/**
 * Makes grids contiguous: in each grid the piece with the most pinned units (then the largest
 * load `score`) stays, every other piece joins an adjacent grid (through its heaviest edge),
 * preferring pieces that stay. Pieces holding pinned units, or with no neighbouring grid in the same
 * zone, are left alone. Repeats until nothing changes (at most 20 rounds), O(rounds · (n + m)).
 * @param score per-unit weight used to pick the piece that stays (e.g. summed normalised weights).
 * @returns true when something moved.
 */
export function repairContiguity(offsets: Int32Array, targets: Int32Array, ew: Float64Array, part: Int32Array, k: number, lock: Int32Array, zone: Int32Array, score: Float64Array): boolean {
  let changed = false;
  const n = part.length;
  for (let round = 0; round < 20; round++) {
    const { comp, count, compGrid } = gridComponents(offsets, targets, part);
    if (count <= k) {
      // k pieces with every grid non-empty means all contiguous; a cheaper early exit
      const pieces = new Int32Array(k);
      for (let p = 0; p < count; p++) pieces[compGrid[p]]++;
      let ok = true;
      for (let g = 0; g < k; g++) if (pieces[g] > 1) ok = false;
      if (ok) return changed;
    }
    const locked = new Int32Array(count);
    const weight = new Float64Array(count);
    for (let u = 0; u < n; u++) {
      if (lock[u] >= 0) locked[comp[u]]++;
      weight[comp[u]] += score[u] + 1e-9;
    }
    const keeper = new Int32Array(k).fill(-1);
    for (let p = 0; p < count; p++) {
      const g = compGrid[p];
      const q = keeper[g];
      if (q < 0 || locked[p] > locked[q] || (locked[p] === locked[q] && weight[p] > weight[q])) keeper[g] = p;
    }
    // for each orphan piece, the neighbouring grid with the most shared edge weight (kept pieces first)
    const bestGrid = new Int32Array(count).fill(-1);
    const bestScore = new Float64Array(count).fill(-1);
    for (let u = 0; u < n; u++) {
      const p = comp[u];
      if (keeper[compGrid[p]] === p || locked[p] > 0) continue;
      for (let i = offsets[u], e = offsets[u + 1]; i < e; i++) {
        const v = targets[i];
        const q = comp[v];
        if (q === p || zone[v] !== zone[u]) continue;
        const s = ew[i] + (keeper[compGrid[q]] === q ? 1e6 : 0);
        if (s > bestScore[p]) {
          bestScore[p] = s;
          bestGrid[p] = part[v];
        }
      }
    }
    let moved = false;
    for (let u = 0; u < n; u++) {
      const g = bestGrid[comp[u]];
      if (g >= 0 && part[u] !== g) {
        part[u] = g;
        moved = true;
      }
    }
    if (!moved) return changed;
    changed = true;
  }
  return changed;
}
