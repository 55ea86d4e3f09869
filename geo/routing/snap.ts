/**
 * Snapping a lng/lat to the nearest point on any road edge. A Flatbush R-tree holds one box per
 * edge in a local equirectangular projection (x = lng · cos(lat0), y = lat, in metres); exact
 * distances to the edge's segments are measured in a tangent plane at the query point.
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
  private readonly cos0: number;

  /**
   * Indexes every edge by its bounding box, or reuses a prebuilt index (`data` from `indexData()`,
   * e.g. stored in the routing file) without rebuilding. O(E log E) to build, O(1) to reuse.
   * Throws GeoError('invalid_input') on an empty network.
   */
  constructor(net: RoadNetwork, data?: Uint8Array) {
    this.net = net;
    check(net.edgeCount > 0, 'network', 'has no roads');
    let latSum = 0;
    for (let i = 0; i < net.nodeCount; i++) latSum += net.nodeCoords[2 * i + 1];
    this.cos0 = Math.cos(((latSum / Math.max(1, net.nodeCount)) * Math.PI) / 180);
    if (data) {
      this.index = Flatbush.from(data.buffer, data.byteOffset);
      check(this.index.numItems === net.edgeCount, 'snapIndex', `has ${this.index.numItems} items for ${net.edgeCount} edges`);
      return;
    }
    const index = new Flatbush(net.edgeCount);
    const g = net.geomCoords;
    const kx = this.cos0 * M_PER_DEG;
    for (let e = 0; e < net.edgeCount; e++) {
      let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      for (let i = net.geomOffsets[e]; i < net.geomOffsets[e + 1]; i++) {
        const x = g[2 * i] * kx, y = g[2 * i + 1] * M_PER_DEG;
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
      index.add(x0, y0, x1, y1);
    }
    index.finish();
    this.index = index;
  }

  /** The index's bytes, to store and pass back to the constructor. */
  indexData(): Uint8Array {
    return new Uint8Array(this.index.data);
  }

  /**
   * The nearest point on any road to (lng, lat). Throws GeoError('invalid_input', field 'lng'/'lat')
   * on non-finite or out-of-range coordinates, and GeoError('invalid_input', field 'point') when no
   * road lies within `maxM` metres. O(log E + candidate segments).
   */
  snap(lng: number, lat: number, maxM = MAX_SNAP_M): Snap {
    check(Number.isFinite(lng) && lng >= -180 && lng <= 180, 'lng', `must be a longitude, got ${lng}`);
    check(Number.isFinite(lat) && lat >= -90 && lat <= 90, 'lat', `must be a latitude, got ${lat}`);
    const qx = lng * this.cos0 * M_PER_DEG;
    const qy = lat * M_PER_DEG;
    // index units are metres only at lat0; widen the search radius to stay a true lower bound
    const slack = 1.1;
    let bestEdge = -1;
    let bestSeg = -1; // vertex index of the best segment's start
    let bestD = Infinity;
    let bestU = 0;
    const kx = Math.cos((lat * Math.PI) / 180) * M_PER_DEG;
    const net = this.net;
    const g = net.geomCoords;
    const visit = (e: number): boolean => {
      for (let i = net.geomOffsets[e]; i < net.geomOffsets[e + 1] - 1; i++) {
        const ax = (g[2 * i] - lng) * kx, ay = (g[2 * i + 1] - lat) * M_PER_DEG;
        const bx = (g[2 * i + 2] - lng) * kx, by = (g[2 * i + 3] - lat) * M_PER_DEG;
        const dx = bx - ax, dy = by - ay;
        const l2 = dx * dx + dy * dy;
        let u = l2 > 0 ? -(ax * dx + ay * dy) / l2 : 0;
        u = u < 0 ? 0 : u > 1 ? 1 : u;
        const px = ax + u * dx, py = ay + u * dy;
        const d = Math.sqrt(px * px + py * py);
        if (d < bestD || (d === bestD && e < bestEdge)) {
          bestD = d;
          bestEdge = e;
          bestSeg = i;
          bestU = u;
        }
      }
      return false;
    };
    // a few nearest boxes give an upper bound; then every box within that bound is checked exactly
    for (const e of this.index.neighbors(qx, qy, 8, maxM * slack)) visit(e);
    if (bestEdge < 0) throw new GeoError('invalid_input', `point: no road within ${maxM} m of ${lng},${lat}`, 'point');
    this.index.neighbors(qx, qy, Infinity, bestD * slack + 1, visit);
    if (bestD > maxM) {
      throw new GeoError('invalid_input', `point: nearest road is ${Math.round(bestD)} m from ${lng},${lat} (limit ${maxM} m)`, 'point');
    }
    const e = bestEdge;
    const i0 = bestSeg;
    let along = 0;
    for (let i = net.geomOffsets[e]; i < i0; i++) along += haversineM(g[2 * i], g[2 * i + 1], g[2 * i + 2], g[2 * i + 3]);
    along += bestU * haversineM(g[2 * i0], g[2 * i0 + 1], g[2 * i0 + 2], g[2 * i0 + 3]);
    const len = net.edgeLength[e];
    const t = len > 0 ? Math.min(1, along / len) : 0;
    return {
      edge: e, t,
      lng: g[2 * i0] + bestU * (g[2 * i0 + 2] - g[2 * i0]),
      lat: g[2 * i0 + 1] + bestU * (g[2 * i0 + 3] - g[2 * i0 + 1]),
      distanceM: bestD,
    };
  }
}
