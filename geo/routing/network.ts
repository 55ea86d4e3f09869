/**
 * The road network as flat typed arrays: the input to every routing step, the thing the importer and
 * the synthetic generator produce, and what is written to the `roads` table (one row per edge).
 */
import { ROAD_CLASSES as ROAD_CLASS_NAMES, roadClassCode } from './classes.ts';

/** Edge direction flags (`edgeDir`): bit 0 = source→target allowed, bit 1 = target→source allowed. */
export const DIR_FORWARD = 1;
export const DIR_BACKWARD = 2;
export const DIR_BOTH = 3;

export interface RoadNetwork {
  nodeCount: number;
  /** node coordinates, layout [lng0, lat0, lng1, lat1, …], WGS84 degrees */
  nodeCoords: Float64Array;
  edgeCount: number;
  /** edge endpoints (node indices); the geometry runs source → target */
  edgeSource: Int32Array;
  edgeTarget: Int32Array;
  /** DIR_* flags per edge; never 0 */
  edgeDir: Uint8Array;
  /** geometric length along the geometry, metres */
  edgeLength: Float64Array;
  /** free-flow speed, km/h */
  edgeSpeed: Float32Array;
  /** class code (index into ROAD_CLASSES) */
  edgeClass: Uint8Array;
  /** index into `names`, -1 when unnamed */
  edgeName: Int32Array;
  /** 1 when the edge is generated, 0 when it comes from real data */
  edgeSynthetic: Uint8Array;
  /** geometry of edge e: vertices geomOffsets[e] .. geomOffsets[e+1]-1 of geomCoords, layout [lng, lat, …];
   *  the first vertex is the source node, the last the target node */
  geomOffsets: Int32Array;
  geomCoords: Float64Array;
  names: string[];
}

const R = 6371008.8;
const RAD = Math.PI / 180;

/** Great-circle distance in metres between two lng/lat points (haversine). O(1). */
export function haversineM(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLng = (lng2 - lng1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Input to `NetworkBuilder.addEdge`. */
export interface EdgeInput {
  source: number;
  target: number;
  /** inner vertices only (not the endpoints), layout [lng, lat, …]; omit for a straight edge */
  inner?: ArrayLike<number>;
  dir: number;
  speedKmh: number;
  roadClass: string;
  name?: string | null;
  synthetic: boolean;
}

/**
 * Accumulates nodes and edges in growable arrays and freezes them into a RoadNetwork.
 * Amortised O(1) per node and per vertex.
 */
export class NetworkBuilder {
  private coords: number[] = [];
  private src: number[] = [];
  private tgt: number[] = [];
  private dir: number[] = [];
  private len: number[] = [];
  private speed: number[] = [];
  private cls: number[] = [];
  private name: number[] = [];
  private synth: number[] = [];
  private geomOff: number[] = [0];
  private geom: number[] = [];
  private names: string[] = [];
  private nameIdx = new Map<string, number>();

  get nodeCount(): number {
    return this.coords.length / 2;
  }

  get edgeCount(): number {
    return this.src.length;
  }

  /** Adds a node and returns its index. */
  addNode(lng: number, lat: number): number {
    this.coords.push(lng, lat);
    return this.coords.length / 2 - 1;
  }

  /** Node coordinate, 0 = lng, 1 = lat. */
  coord(node: number, axis: 0 | 1): number {
    return this.coords[2 * node + axis];
  }

  /** Adds an edge and returns its index; its length is measured along the geometry. Throws RangeError on a bad class or node. */
  addEdge(e: EdgeInput): number {
    const c = roadClassCode(e.roadClass);
    if (c < 0) throw new RangeError(`Unknown road class: ${e.roadClass}.`);
    const n = this.nodeCount;
    if (!(e.source >= 0 && e.source < n && e.target >= 0 && e.target < n)) {
      throw new RangeError(`Edge endpoint out of range: ${e.source} → ${e.target}.`);
    }
    if (e.dir < 1 || e.dir > 3) throw new RangeError(`Bad edge direction: ${e.dir}.`);
    const g = this.geom;
    g.push(this.coords[2 * e.source], this.coords[2 * e.source + 1]);
    if (e.inner) for (let i = 0; i < e.inner.length; i++) g.push(e.inner[i]);
    g.push(this.coords[2 * e.target], this.coords[2 * e.target + 1]);
    const start = this.geomOff[this.geomOff.length - 1];
    const end = g.length / 2;
    let len = 0;
    for (let i = start + 1; i < end; i++) len += haversineM(g[2 * i - 2], g[2 * i - 1], g[2 * i], g[2 * i + 1]);
    this.geomOff.push(end);
    this.src.push(e.source);
    this.tgt.push(e.target);
    this.dir.push(e.dir);
    this.len.push(len);
    this.speed.push(e.speedKmh);
    this.cls.push(c);
    this.synth.push(e.synthetic ? 1 : 0);
    let ni = -1;
    if (e.name) {
      ni = this.nameIdx.get(e.name) ?? -1;
      if (ni < 0) {
        ni = this.names.length;
        this.names.push(e.name);
        this.nameIdx.set(e.name, ni);
      }
    }
    this.name.push(ni);
    return this.src.length - 1;
  }

  /** Freezes the builder into a RoadNetwork. O(nodes + edges + vertices). */
  build(): RoadNetwork {
    return {
      nodeCount: this.nodeCount,
      nodeCoords: Float64Array.from(this.coords),
      edgeCount: this.src.length,
      edgeSource: Int32Array.from(this.src),
      edgeTarget: Int32Array.from(this.tgt),
      edgeDir: Uint8Array.from(this.dir),
      edgeLength: Float64Array.from(this.len),
      edgeSpeed: Float32Array.from(this.speed),
      edgeClass: Uint8Array.from(this.cls),
      edgeName: Int32Array.from(this.name),
      edgeSynthetic: Uint8Array.from(this.synth),
      geomOffsets: Int32Array.from(this.geomOff),
      geomCoords: Float64Array.from(this.geom),
      names: this.names.slice(),
    };
  }
}

/**
 * The sub-network induced by the nodes with `keepNode[v] = 1` (an edge is kept when both ends are),
 * renumbering nodes in their original order. Returns the network and the old → new node map (-1 = dropped).
 * O(nodes + edges + vertices).
 */
export function subNetwork(net: RoadNetwork, keepNode: Uint8Array): { network: RoadNetwork; nodeMap: Int32Array } {
  const map = new Int32Array(net.nodeCount).fill(-1);
  const b = new NetworkBuilder();
  for (let v = 0; v < net.nodeCount; v++) {
    if (keepNode[v]) map[v] = b.addNode(net.nodeCoords[2 * v], net.nodeCoords[2 * v + 1]);
  }
  for (let e = 0; e < net.edgeCount; e++) {
    const s = map[net.edgeSource[e]];
    const t = map[net.edgeTarget[e]];
    if (s < 0 || t < 0) continue;
    const g0 = net.geomOffsets[e] + 1;
    const g1 = net.geomOffsets[e + 1] - 1;
    b.addEdge({
      source: s, target: t, dir: net.edgeDir[e], speedKmh: net.edgeSpeed[e],
      inner: net.geomCoords.subarray(2 * g0, 2 * g1),
      roadClass: ROAD_CLASS_NAMES[net.edgeClass[e]], name: net.edgeName[e] >= 0 ? net.names[net.edgeName[e]] : null,
      synthetic: net.edgeSynthetic[e] === 1,
    });
  }
  return { network: b.build(), nodeMap: map };
}
