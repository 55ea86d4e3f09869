/**
 * Snapping a lng/lat to the nearest point on any road edge. A Flatbush R-tree holds one box per
 * geometry segment in a local equirectangular projection (x = lng · cos(lat0), y = lat, in metres);
 * exact distances are measured in a tangent plane at the query point.
 */
import Flatbush from 'flatbush';
import type { RoadNetwork } from './network.ts';
import { haversineM } from './network.ts';
import { GeoError, check } from '../errors.ts';

const M_PER_DEG = (6371008.8 * Math.PI) / 180;

export interface Snap {
  edge: number;
  /** position along the edge as a fraction of its length from the source node, [0, 1] */
  t: number;
  /** the snapped point, WGS84 degrees */
  lng: number;
  lat: number;
  /** distance from the query point to the road, metres */
  distanceM: number;
}

/** Default refusal distance: points farther than this from every road are not routable. */
export const MAX_SNAP_M = 2000;

export class SnapIndex {
  readonly net: RoadNetwork;
  private readonly index: Flatbush;
  /** per segment: the edge and the index of its first vertex in geomCoords (vertex units) */
  private readonly segEdge: Int32Array;
  private readonly segVertex: Int32Array;
  private readonly cos0: number;

  /** Indexes every geometry segment. O(S log S) for S segments. */
  constructor(net: RoadNetwork) {
    this.net = net;
    const segs = net.geomOffsets[net.edgeCount] - net.edgeCount;
    check(segs > 0, 'network', 'has no road segments');
    let latSum = 0;
    for (let i = 0; i < net.nodeCount; i++) latSum += net.nodeCoords[2 * i + 1];
    this.cos0 = Math.cos(((latSum / Math.max(1, net.nodeCount)) * Math.PI) / 180);
    this.segEdge = new Int32Array(segs);
    this.segVertex = new Int32Array(segs);
    const index = new Flatbush(segs);
    const g = net.geomCoords;
    const kx = this.cos0 * M_PER_DEG;
    let k = 0;
    for (let e = 0; e < net.edgeCount; e++) {
      for (let i = net.geomOffsets[e]; i < net.geomOffsets[e + 1] - 1; i++) {
        const x1 = g[2 * i] * kx, y1 = g[2 * i + 1] * M_PER_DEG;
        const x2 = g[2 * i + 2] * kx, y2 = g[2 * i + 3] * M_PER_DEG;
        index.add(Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2));
        this.segEdge[k] = e;
        this.segVertex[k++] = i;
      }
    }
    index.finish();
    this.index = index;
  }

  /**
   * The nearest point on any road to (lng, lat). Throws GeoError('invalid_input', field 'lng'/'lat')
   * on non-finite or out-of-range coordinates, and GeoError('invalid_input', field 'point') when no
   * road lies within `maxM` metres. O(log S + candidates).
   */
  snap(lng: number, lat: number, maxM = MAX_SNAP_M): Snap {
    check(Number.isFinite(lng) && lng >= -180 && lng <= 180, 'lng', `must be a longitude, got ${lng}`);
    check(Number.isFinite(lat) && lat >= -90 && lat <= 90, 'lat', `must be a latitude, got ${lat}`);
    const qx = lng * this.cos0 * M_PER_DEG;
    const qy = lat * M_PER_DEG;
    // index units are metres only at lat0; widen the search radius to stay a true lower bound
    const slack = 1.1;
    let bestSeg = -1;
    let bestD = Infinity;
    let bestU = 0;
    const kx = Math.cos((lat * Math.PI) / 180) * M_PER_DEG;
    const g = this.net.geomCoords;
    const visit = (s: number): boolean => {
      const i = this.segVertex[s];
      const ax = (g[2 * i] - lng) * kx, ay = (g[2 * i + 1] - lat) * M_PER_DEG;
      const bx = (g[2 * i + 2] - lng) * kx, by = (g[2 * i + 3] - lat) * M_PER_DEG;
      const dx = bx - ax, dy = by - ay;
      const l2 = dx * dx + dy * dy;
      let u = l2 > 0 ? -(ax * dx + ay * dy) / l2 : 0;
      u = u < 0 ? 0 : u > 1 ? 1 : u;
      const px = ax + u * dx, py = ay + u * dy;
      const d = Math.sqrt(px * px + py * py);
      if (d < bestD || (d === bestD && s < bestSeg)) {
        bestD = d;
        bestSeg = s;
        bestU = u;
      }
      return false;
    };
    // a few nearest boxes give an upper bound; then every box within that bound is checked exactly
    for (const s of this.index.neighbors(qx, qy, 8, maxM * slack)) visit(s);
    if (bestSeg < 0) throw new GeoError('invalid_input', `point: no road within ${maxM} m of ${lng},${lat}`, 'point');
    this.index.neighbors(qx, qy, Infinity, bestD * slack + 1, visit);
    if (bestD > maxM) {
      throw new GeoError('invalid_input', `point: nearest road is ${Math.round(bestD)} m from ${lng},${lat} (limit ${maxM} m)`, 'point');
    }
    const e = this.segEdge[bestSeg];
    const i0 = this.segVertex[bestSeg];
    let along = 0;
    for (let i = this.net.geomOffsets[e]; i < i0; i++) along += haversineM(g[2 * i], g[2 * i + 1], g[2 * i + 2], g[2 * i + 3]);
    along += bestU * haversineM(g[2 * i0], g[2 * i0 + 1], g[2 * i0 + 2], g[2 * i0 + 3]);
    const len = this.net.edgeLength[e];
    const t = len > 0 ? Math.min(1, along / len) : 0;
    return {
      edge: e, t,
      lng: g[2 * i0] + bestU * (g[2 * i0 + 2] - g[2 * i0]),
      lat: g[2 * i0 + 1] + bestU * (g[2 * i0 + 3] - g[2 * i0 + 1]),
      distanceM: bestD,
    };
  }
}
