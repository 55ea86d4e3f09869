/**
 * Circuity: road distance over straight-line distance between random node pairs, the usual realism
 * check of a road network (real cities: about 1.2–1.5; a perfect grid averages 4/π ≈ 1.27).
 */
import { DijkstraSearch, INF } from './dijkstra.ts';
import { buildGraph } from './graph.ts';
import { haversineM, type RoadNetwork } from './network.ts';
import type { Rng } from '../random.ts';

export interface CircuityStats {
  pairs: number;
  mean: number;
  median: number;
  p10: number;
  p90: number;
}

/**
 * Shortest road distance / great-circle distance over `pairs` random node pairs at least
 * `minStraightM` apart (pairs with no path are skipped and redrawn, up to 20 · pairs draws).
 * Throws RangeError when no pair qualifies. O(pairs · (V + E) log V).
 */
export function measureCircuity(net: RoadNetwork, pairs: number, rng: Rng, minStraightM = 1000): CircuityStats {
  // integer decimetres keep the search exact
  const w = new Int32Array(net.edgeCount);
  for (let e = 0; e < net.edgeCount; e++) w[e] = Math.max(1, Math.round(net.edgeLength[e] * 10));
  const search = new DijkstraSearch(buildGraph(net, w));
  const ratios: number[] = [];
  for (let draws = 0; ratios.length < pairs && draws < 20 * pairs; draws++) {
    const s = Math.floor(rng() * net.nodeCount);
    const t = Math.floor(rng() * net.nodeCount);
    const straight = haversineM(net.nodeCoords[2 * s], net.nodeCoords[2 * s + 1], net.nodeCoords[2 * t], net.nodeCoords[2 * t + 1]);
    if (straight < minStraightM) continue;
    const d = search.oneToOne(s, t);
    if (d === INF) continue;
    ratios.push(d / 10 / straight);
  }
  if (ratios.length === 0) throw new RangeError('measureCircuity: no node pair qualifies');
  ratios.sort((a, b) => a - b);
  const q = (f: number) => ratios[Math.min(ratios.length - 1, Math.floor(f * ratios.length))];
  return { pairs: ratios.length, mean: ratios.reduce((a, b) => a + b, 0) / ratios.length, median: q(0.5), p10: q(0.1), p90: q(0.9) };
}
