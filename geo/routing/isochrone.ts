/**
 * Isochrone polygons. Method: a bounded Dijkstra gives the travel time to every node within the
 * limit; every reached edge is sampled every half cell up to the point the remaining time allows
 * (edges partly reachable count partly); the samples are rasterised onto a grid of `cellM` metres,
 * dilated by one cell (so the area is "within one cell of a reachable road", closing the gaps
 * between parallel streets), and the boundary of the marked cells is traced into rings: outer rings
 * counter-clockwise, holes clockwise (GeoJSON right-hand rule), holes assigned to the smallest outer
 * ring containing them. The result follows the roads (no convex-hull overreach across rivers);
 * resolution is the cell size.
 */
import type { DijkstraSearch } from './dijkstra.ts';
import { INF } from './dijkstra.ts';
import { haversineM, type RoadNetwork } from './network.ts';

const M_PER_DEG = (6371008.8 * Math.PI) / 180;

/** GeoJSON MultiPolygon coordinates: polygons → rings → [lng, lat]. */
export type MultiPolygonCoords = number[][][][];

/**
 * Traces the isochrone of a finished bounded search (`search.run(-1, limit)`), for travel times
 * ≤ `limit` deciseconds, as a MultiPolygon. O(reached edges · samples + grid cells).
 */
export function isochronePolygon(net: RoadNetwork, search: DijkstraSearch, limit: number, cellM = 150): MultiPolygonCoords {
  const pts: number[] = []; // sampled reachable points, layout [lng, lat, …]
  const g = search.graph;
  const geo = net.geomCoords;
  const step = cellM / 2;
  for (const u of search.reached()) {
    const du = search.dist[u];
    if (du > limit) continue;
    pts.push(net.nodeCoords[2 * u], net.nodeCoords[2 * u + 1]);
    for (let a = g.offsets[u]; a < g.offsets[u + 1]; a++) {
      const e = g.arcEdge[a] >> 1;
      const frac = Math.min(1, (limit - du) / g.weights[a]);
      const budget = frac * net.edgeLength[e];
      // walk the geometry from u's end of the edge
      const fromStart = net.edgeSource[e] === u;
      const i0 = net.geomOffsets[e];
      const i1 = net.geomOffsets[e + 1] - 1;
      let walked = 0;
      let sinceSample = 0;
      for (let k = 0; k < i1 - i0 && walked < budget; k++) {
        const p = fromStart ? i0 + k : i1 - k;
        const q = fromStart ? p + 1 : p - 1;
        const seg = haversineM(geo[2 * p], geo[2 * p + 1], geo[2 * q], geo[2 * q + 1]);
        const usable = Math.min(seg, budget - walked);
        for (let s = step - sinceSample; s <= usable; s += step) {
          const f = seg > 0 ? s / seg : 0;
          pts.push(geo[2 * p] + f * (geo[2 * q] - geo[2 * p]), geo[2 * p + 1] + f * (geo[2 * q + 1] - geo[2 * p + 1]));
        }
        sinceSample = (sinceSample + usable) % step;
        walked += usable;
      }
    }
  }
  if (pts.length === 0) return [];
  let minLng = Infinity, minLat = Infinity, maxLng = -Infinity, maxLat = -Infinity;
  for (let i = 0; i < pts.length; i += 2) {
    minLng = Math.min(minLng, pts[i]);
    maxLng = Math.max(maxLng, pts[i]);
    minLat = Math.min(minLat, pts[i + 1]);
    maxLat = Math.max(maxLat, pts[i + 1]);
  }
  const dLat = cellM / M_PER_DEG;
  const dLng = cellM / (M_PER_DEG * Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180));
  // three cells of padding on each side: one for the dilation, one so no marked cell touches the
  // border, one for floating-point rounding of the cell index
  const x0 = minLng - 3 * dLng;
  const y0 = minLat - 3 * dLat;
  const W = Math.ceil((maxLng - minLng) / dLng) + 7;
  const H = Math.ceil((maxLat - minLat) / dLat) + 7;
  const raw = new Uint8Array(W * H);
  for (let i = 0; i < pts.length; i += 2) {
    raw[Math.floor((pts[i + 1] - y0) / dLat) * W + Math.floor((pts[i] - x0) / dLng)] = 1;
  }
  const cells = new Uint8Array(W * H);
  for (let y = 1; y < H - 1; y++) {
    for (let x = 1; x < W - 1; x++) {
      if (!raw[y * W + x]) continue;
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) cells[(y + dy) * W + x + dx] = 1;
    }
  }
  const rings = traceRings(cells, W, H);
  // grid → lng/lat, split outer rings and holes
  const outers: { ring: number[][]; area: number; holes: number[][][] }[] = [];
  const holes: { ring: number[][] }[] = [];
  for (const r of rings) {
    const area = ringArea(r);
    const ll = r.map(([x, y]) => [x0 + x * dLng, y0 + y * dLat]);
    if (area > 0) outers.push({ ring: ll, area, holes: [] });
    else holes.push({ ring: ll });
  }
  for (const h of holes) {
    let best: (typeof outers)[number] | null = null;
    for (const o of outers) {
      if ((best === null || o.area < best.area) && pointInRing(h.ring[0], o.ring)) best = o;
    }
    best?.holes.push(h.ring);
  }
  return outers.map((o) => [o.ring, ...o.holes]);
}

/** Signed area (positive = counter-clockwise) of a closed ring in its own units. O(n). */
function ringArea(r: number[][]): number {
  let a = 0;
  for (let i = 0; i < r.length - 1; i++) a += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
  return a / 2;
}

function pointInRing(p: number[], r: number[][]): boolean {
  let inside = false;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const [xi, yi] = r[i];
    const [xj, yj] = r[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Boundary rings of the marked cells of a W × H grid (no marked cell on the border), in grid-vertex
 * coordinates, closed, interior on the left. At a vertex with two outgoing edges (diagonal cells)
 * the left turn is taken, so diagonal neighbours get separate rings. O(W · H).
 */
function traceRings(cells: Uint8Array, W: number, H: number): number[][][] {
  const VW = W + 1;
  // up to two outgoing boundary edges per vertex: next vertex id, -1 = none
  const next1 = new Int32Array(VW * (H + 1)).fill(-1);
  const next2 = new Int32Array(VW * (H + 1)).fill(-1);
  const addEdge = (a: number, b: number) => {
    if (next1[a] < 0) next1[a] = b;
    else next2[a] = b;
  };
  for (let y = 1; y < H - 1; y++) {
    for (let x = 1; x < W - 1; x++) {
      if (!cells[y * W + x]) continue;
      const v00 = y * VW + x, v10 = v00 + 1, v01 = v00 + VW, v11 = v01 + 1;
      if (!cells[(y - 1) * W + x]) addEdge(v00, v10);
      if (!cells[y * W + x + 1]) addEdge(v10, v11);
      if (!cells[(y + 1) * W + x]) addEdge(v11, v01);
      if (!cells[y * W + x - 1]) addEdge(v01, v00);
    }
  }
  const rings: number[][][] = [];
  for (let start = 0; start < next1.length; start++) {
    while (next1[start] >= 0 || next2[start] >= 0) {
      const ring: number[][] = [];
      let cur = start;
      let pdx = 0, pdy = 0, fdx = 0, fdy = 0;
      do {
        let nxt: number;
        const a = next1[cur], b = next2[cur];
        if (a >= 0 && b >= 0) {
          // prefer the left turn: cross(incoming, outgoing) > 0
          const ax = (a % VW) - (cur % VW), ay = Math.floor(a / VW) - Math.floor(cur / VW);
          const left = pdx * ay - pdy * ax > 0;
          nxt = left ? a : b;
          if (left) next1[cur] = -1;
          else next2[cur] = -1;
        } else if (a >= 0) {
          nxt = a;
          next1[cur] = -1;
        } else {
          nxt = b;
          next2[cur] = -1;
        }
        const dx = (nxt % VW) - (cur % VW), dy = Math.floor(nxt / VW) - Math.floor(cur / VW);
        if (ring.length === 0) {
          fdx = dx;
          fdy = dy;
        }
        if (dx !== pdx || dy !== pdy) ring.push([cur % VW, Math.floor(cur / VW)]); // keep corners only
        pdx = dx;
        pdy = dy;
        cur = nxt;
      } while (cur !== start);
      // the start vertex is no corner when the ring enters it in its first direction
      if (pdx === fdx && pdy === fdy && ring.length > 1) ring.shift();
      ring.push(ring[0].slice());
      if (ring.length >= 4) rings.push(ring);
    }
  }
  return rings;
}

/** Whether a search reached `node` within `limit` ds. O(1). */
export function reachedWithin(search: DijkstraSearch, node: number, limit: number): boolean {
  return search.dist[node] !== INF && search.dist[node] <= limit;
}
