/**
 * Initial partition by simultaneous region growing from seeds, used in zones that contain pinned
 * units (their grids must grow from them). Grids without a pinned unit get a seed by
 * farthest-first traversal (the unit with the most BFS hops to every existing seed). Then the
 * lightest grid that still has a frontier takes its best-connected frontier unit, until the zone
 * is covered. O(s·(n + m)) for s farthest-first seeds plus O(m log m) for the growth.
 */
import FlatQueue from 'flatqueue';
import type { Level } from './graph.ts';

/**
 * Grows `grids` over the connected unit set `nodes`; units pinned (`level.lock`) to one of these
 * grids start in it. Writes `part[u]` for every unit of `nodes`.
 * @param score per-unit load (summed normalised weights).
 */
export function growFromSeeds(level: Level, nodes: Int32Array, grids: readonly number[], score: Float64Array, part: Int32Array): void {
  const { n, offsets, targets, ew, lock } = level;
  const inSet = new Uint8Array(n);
  for (let i = 0; i < nodes.length; i++) {
    inSet[nodes[i]] = 1;
    part[nodes[i]] = -1;
  }
  const k = grids.length;
  const local = new Map<number, number>();
  grids.forEach((g, i) => local.set(g, i));
  const load = new Float64Array(k);
  const hasSeed = new Uint8Array(k);
  const seedList: number[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const u = nodes[i];
    const li = lock[u] >= 0 ? local.get(lock[u]) : undefined;
    if (li === undefined) continue;
    part[u] = lock[u];
    load[li] += score[u];
    hasSeed[li] = 1;
    seedList.push(u);
  }
  // farthest-first seeds for the other grids (multi-source BFS hop distances)
  const dist = new Int32Array(n).fill(-1);
  const queue = new Int32Array(n);
  const bfs = (sources: number[]): void => {
    let head = 0;
    let tail = 0;
    for (const s of sources) {
      if (dist[s] !== 0) {
        dist[s] = 0;
        queue[tail++] = s;
      }
    }
    while (head < tail) {
      const u = queue[head++];
      for (let i = offsets[u], e = offsets[u + 1]; i < e; i++) {
        const v = targets[i];
        if (!inSet[v] || (dist[v] >= 0 && dist[v] <= dist[u] + 1)) continue;
        dist[v] = dist[u] + 1;
        queue[tail++] = v;
      }
    }
  };
  if (seedList.length === 0) seedList.push(nodes[0]);
  bfs(seedList);
  for (let li = 0; li < k; li++) {
    if (hasSeed[li]) continue;
    let far = -1;
    for (let i = 0; i < nodes.length; i++) {
      const u = nodes[i];
      if (part[u] === -1 && (far < 0 || dist[u] > dist[far])) far = u;
    }
    if (far < 0) break;
    part[far] = grids[li];
    load[li] += score[far];
    hasSeed[li] = 1;
    bfs([far]);
  }
  // per-grid frontier heaps keyed by −(edge weight into the grid); a heap of grids keyed by load
  const frontier: FlatQueue<number>[] = [];
  for (let li = 0; li < k; li++) frontier.push(new FlatQueue<number>());
  const pushNeighbours = (u: number, li: number): void => {
    const g = grids[li];
    for (let i = offsets[u], e = offsets[u + 1]; i < e; i++) {
      const v = targets[i];
      if (!inSet[v] || part[v] !== -1) continue;
      // priority: edges from v into grid g (more is better), ties by smaller unit load
      let c = 0;
      for (let j = offsets[v], f = offsets[v + 1]; j < f; j++) if (part[targets[j]] === g) c += ew[j];
      frontier[li].push(v, -c + 1e-9 * score[v]);
    }
  };
  for (let i = 0; i < nodes.length; i++) {
    const u = nodes[i];
    if (part[u] >= 0) pushNeighbours(u, local.get(part[u])!);
  }
  const grow = new FlatQueue<number>();
  for (let li = 0; li < k; li++) if (hasSeed[li]) grow.push(li, load[li]);
  while (grow.length > 0) {
    const li = grow.pop()!;
    const fq = frontier[li];
    let taken = -1;
    while (fq.length > 0) {
      const v = fq.pop()!;
      if (part[v] === -1) {
        taken = v;
        break;
      }
    }
    if (taken < 0) continue; // grid enclosed: it stops growing
    part[taken] = grids[li];
    load[li] += score[taken];
    pushNeighbours(taken, li);
    grow.push(li, load[li]);
  }
  // units no grid could reach (only when `nodes` is not connected) go to the first grid
  for (let i = 0; i < nodes.length; i++) if (part[nodes[i]] === -1) part[nodes[i]] = grids[0];
}
