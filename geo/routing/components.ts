/**
 * Connectivity of a road network: strongly connected components (iterative Tarjan) over the allowed
 * travel directions, weakly connected components (union-find) ignoring them, and the restriction of
 * a network to its largest strongly connected component (so every kept node reaches every other).
 */
import { buildGraph } from './graph.ts';
import { subNetwork, type RoadNetwork } from './network.ts';

/**
 * Strongly connected components: returns comp[v] (component index) and the count. Iterative, so deep
 * networks do not overflow the stack. O(V + E).
 */
export function stronglyConnected(net: RoadNetwork): { comp: Int32Array; count: number } {
  const g = buildGraph(net, new Int32Array(net.edgeCount).fill(1));
  const n = g.n;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const comp = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  let sp = 0;
  const callNode = new Int32Array(n); // explicit DFS stack: node and next arc to try
  const callArc = new Int32Array(n);
  let next = 0;
  let count = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] >= 0) continue;
    let depth = 0;
    callNode[0] = root;
    callArc[0] = g.offsets[root];
    index[root] = low[root] = next++;
    stack[sp++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const v = callNode[depth];
      if (callArc[depth] < g.offsets[v + 1]) {
        const w = g.targets[callArc[depth]++];
        if (index[w] < 0) {
          index[w] = low[w] = next++;
          stack[sp++] = w;
          onStack[w] = 1;
          depth++;
          callNode[depth] = w;
          callArc[depth] = g.offsets[w];
        } else if (onStack[w] && index[w] < low[v]) {
          low[v] = index[w];
        }
        continue;
      }
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack[--sp];
          onStack[w] = 0;
          comp[w] = count;
        } while (w !== v);
        count++;
      }
      depth--;
      if (depth >= 0) {
        const u = callNode[depth];
        if (low[v] < low[u]) low[u] = low[v];
      }
    }
  }
  return { comp, count };
}

/** Number of weakly connected components (directions ignored), isolated nodes included. O(V + E α). */
export function weaklyConnectedCount(net: RoadNetwork): number {
  const parent = new Int32Array(net.nodeCount);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  let count = net.nodeCount;
  for (let e = 0; e < net.edgeCount; e++) {
    const a = find(net.edgeSource[e]);
    const b = find(net.edgeTarget[e]);
    if (a !== b) {
      parent[a] = b;
      count--;
    }
  }
  return count;
}

export interface SccReport {
  /** strongly connected components before filtering */
  components: number;
  keptNodes: number;
  keptEdges: number;
  droppedNodes: number;
  droppedEdges: number;
  /** metres of road dropped */
  droppedLengthM: number;
}

/**
 * Restricts a network to its largest strongly connected component and reports what was dropped.
 * Returns the old → new node map (-1 = dropped). O(V + E + vertices).
 */
export function largestStronglyConnected(net: RoadNetwork): { network: RoadNetwork; nodeMap: Int32Array; report: SccReport } {
  const { comp, count } = stronglyConnected(net);
  const size = new Int32Array(count);
  for (let v = 0; v < net.nodeCount; v++) size[comp[v]]++;
  let best = 0;
  for (let c = 1; c < count; c++) if (size[c] > size[best]) best = c;
  const keep = new Uint8Array(net.nodeCount);
  for (let v = 0; v < net.nodeCount; v++) keep[v] = comp[v] === best ? 1 : 0;
  const { network, nodeMap } = subNetwork(net, keep);
  let droppedLengthM = 0;
  for (let e = 0; e < net.edgeCount; e++) {
    if (!keep[net.edgeSource[e]] || !keep[net.edgeTarget[e]]) droppedLengthM += net.edgeLength[e];
  }
  return {
    network, nodeMap,
    report: {
      components: count, keptNodes: network.nodeCount, keptEdges: network.edgeCount,
      droppedNodes: net.nodeCount - network.nodeCount, droppedEdges: net.edgeCount - network.edgeCount, droppedLengthM,
    },
  };
}
