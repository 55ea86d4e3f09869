/**
 * The routing facade the server calls: snapping, routes, matrices and isochrones over one
 * contraction hierarchy per speed-profile period (see profile.ts). Build once with
 * `buildRoutingData` (seed time), store with `serializeRoutingData`, load with
 * `deserializeRoutingData` (server start), then `new Router(data)`.
 */
import { contract, contractionOrder, type ContractionHierarchy } from './contraction.ts';
import { DijkstraSearch, INF } from './dijkstra.ts';
import { buildGraph, type Graph } from './graph.ts';
import { isochronePolygon, type MultiPolygonCoords } from './isochrone.ts';
import { ChMatrix, type Endpoint } from './matrix.ts';
import { DIR_BACKWARD, DIR_FORWARD, haversineM, type RoadNetwork } from './network.ts';
import { classFactors, DEFAULT_SPEED_PROFILE, edgeWeights, periodAt, validateProfile, WEIGHT_PER_SECOND, type SpeedProfile } from './profile.ts';
import { ChQuery } from './query.ts';
import { packArrays, unpackArrays, type TypedArray } from './serialize.ts';
import { SnapIndex, type Snap } from './snap.ts';
import { GeoError, check } from '../errors.ts';

export interface RoutingData {
  network: RoadNetwork;
  profile: SpeedProfile;
  /** per period (0 = free flow, i = profile.periods[i-1]): edge weights in deciseconds */
  weights: Int32Array[];
  /** per period: the contraction hierarchy over those weights */
  hierarchies: ContractionHierarchy[];
  /** prebuilt snapping index (Flatbush bytes) when loaded from a routing file */
  snapIndex?: Uint8Array;
}

export interface BuildStats {
  /** wall time per period, ms */
  periodMs: number[];
  /** arcs (original + shortcuts) per period */
  arcs: number[];
}

/**
 * Builds weights and a contraction hierarchy for every period of `profile`, each with its own node
 * order (`reuseOrder: true` contracts the later periods in the free-flow order instead: fast when
 * the factors are close to uniform, but on the demo network the peak factors made the reused order's
 * core several times slower to contract). Throws GeoError('invalid_input') on a bad profile.
 * Time: tens of seconds for a few hundred thousand nodes per free-flow hierarchy, less for the others.
 */
export function buildRoutingData(
  network: RoadNetwork,
  profile: SpeedProfile = DEFAULT_SPEED_PROFILE,
  onProgress?: (msg: string) => void,
  opts: { now?: () => number; reuseOrder?: boolean } = {},
): { data: RoutingData; stats: BuildStats } {
  const now = opts.now ?? (() => Date.now());
  validateProfile(profile);
  const weights: Int32Array[] = [];
  const hierarchies: ContractionHierarchy[] = [];
  const stats: BuildStats = { periodMs: [], arcs: [] };
  let order: Int32Array | undefined;
  for (let p = 0; p <= profile.periods.length; p++) {
    const t0 = now();
    const w = edgeWeights(network, classFactors(profile, p));
    const ch = contract(buildGraph(network, w), { order: opts.reuseOrder ? order : undefined }, (done, n) => onProgress?.(`period ${p}: ${done}/${n} nodes contracted`));
    order ??= contractionOrder(ch);
    weights.push(w);
    hierarchies.push(ch);
    stats.periodMs.push(now() - t0);
    stats.arcs.push(ch.arcFrom.length);
  }
  return { data: { network, profile, weights, hierarchies }, stats };
}

const NET_KEYS = ['nodeCoords', 'edgeSource', 'edgeTarget', 'edgeDir', 'edgeLength', 'edgeSpeed', 'edgeClass', 'edgeName', 'edgeSynthetic', 'geomOffsets', 'geomCoords'] as const;
const CH_KEYS = ['rank', 'upOffsets', 'upTarget', 'upWeight', 'upArc', 'downOffsets', 'downTarget', 'downWeight', 'downArc', 'arcFrom', 'arcTo', 'arcWeight', 'arcLength', 'arcA', 'arcB', 'arcEdge'] as const;

/** Writes routing data into one ArrayBuffer (see serialize.ts). O(size). */
export function serializeRoutingData(d: RoutingData): ArrayBuffer {
  const arrays: Record<string, TypedArray> = {};
  for (const k of NET_KEYS) arrays[`net.${k}`] = d.network[k];
  d.weights.forEach((w, p) => {
    arrays[`w${p}`] = w;
  });
  d.hierarchies.forEach((ch, p) => {
    for (const k of CH_KEYS) arrays[`ch${p}.${k}`] = ch[k];
  });
  arrays.snap = d.snapIndex ?? new SnapIndex(d.network).indexData();
  const meta = { kind: 'gridops-routing', nodeCount: d.network.nodeCount, edgeCount: d.network.edgeCount, names: d.network.names, profile: d.profile, periods: d.weights.length };
  return packArrays(meta, arrays);
}

/** Loads routing data written by serializeRoutingData, as views on `buf` (no copy). Throws Error on a foreign or damaged file. O(header). */
export function deserializeRoutingData(buf: ArrayBuffer | Uint8Array): RoutingData {
  const { meta, arrays } = unpackArrays(buf);
  const m = meta as { kind: string; nodeCount: number; edgeCount: number; names: string[]; profile: SpeedProfile; periods: number };
  if (m.kind !== 'gridops-routing') throw new Error(`Not a routing file: kind ${m.kind}.`);
  const get = <T extends TypedArray>(name: string): T => {
    const a = arrays[name];
    if (!a) throw new Error(`Routing file lacks section ${name}.`);
    return a as T;
  };
  const net = { nodeCount: m.nodeCount, edgeCount: m.edgeCount, names: m.names } as RoadNetwork;
  for (const k of NET_KEYS) (net as unknown as Record<string, TypedArray>)[k] = get(`net.${k}`);
  const weights: Int32Array[] = [];
  const hierarchies: ContractionHierarchy[] = [];
  for (let p = 0; p < m.periods; p++) {
    weights.push(get(`w${p}`));
    const ch = { n: m.nodeCount } as ContractionHierarchy;
    for (const k of CH_KEYS) (ch as unknown as Record<string, TypedArray>)[k] = get(`ch${p}.${k}`);
    hierarchies.push(ch);
  }
  return { network: net, profile: m.profile, weights, hierarchies, snapIndex: get<Uint8Array>('snap') };
}

/** A lng/lat pair, GeoJSON order. */
export type LngLat = [number, number];

export interface RouteResult {
  /** travel time, seconds */
  duration: number;
  /** road distance, metres (snap legs excluded) */
  distance: number;
  /** GeoJSON LineString coordinates from the snapped origin to the snapped destination */
  geometry: LngLat[];
  /** names of the roads driven, in order, consecutive repeats and unnamed roads left out */
  roads: string[];
  from: Snap;
  to: Snap;
  /** speed period used: 'free' or a profile period name */
  period: string;
}

export interface MatrixResult {
  /** seconds, row = source, column = destination; null when unreachable */
  durations: (number | null)[][];
  /** metres of the fastest path; null when unreachable */
  distances: (number | null)[][];
}

export interface QueryOptions {
  /** departure time; selects the speed period (default: free flow) */
  depart?: Date;
}

/** Per-period query objects, created on first use. */
interface PeriodEngines {
  query?: ChQuery;
  matrix?: ChMatrix;
  fwd?: { graph: Graph; search: DijkstraSearch };
  bwd?: { graph: Graph; search: DijkstraSearch };
}

export class Router {
  readonly data: RoutingData;
  readonly snapper: SnapIndex;
  private readonly engines: PeriodEngines[];
  private readonly codes: number[] = [];

  /** Indexes the network for snapping (O(E log E)), or reuses the index stored in the routing file (O(1)). */
  constructor(data: RoutingData) {
    this.data = data;
    this.snapper = new SnapIndex(data.network, data.snapIndex);
    this.engines = data.hierarchies.map(() => ({}));
  }

  /** The period index for a departure (0 = free flow when none). */
  period(opts?: QueryOptions): number {
    return opts?.depart ? periodAt(this.data.profile, opts.depart) : 0;
  }

  private periodName(p: number): string {
    return p === 0 ? 'free' : this.data.profile.periods[p - 1].name;
  }

  private queryFor(p: number): ChQuery {
    const e = this.engines[p];
    e.query ??= new ChQuery(this.data.hierarchies[p]);
    return e.query;
  }

  /**
   * Nearest road point. Throws GeoError('invalid_input') on bad coordinates or when no road is
   * within `maxM` metres (default 2 km). O(log S).
   */
  snap(lng: number, lat: number, maxM?: number): Snap {
    return this.snapper.snap(lng, lat, maxM);
  }

  /** Seeds leaving a snapped point (as origin) or entering it (as destination). */
  private endpoint(s: Snap, p: number, asOrigin: boolean): Endpoint {
    const net = this.data.network;
    const e = s.edge;
    const w = this.data.weights[p][e];
    const len = net.edgeLength[e];
    const fwd = (net.edgeDir[e] & DIR_FORWARD) !== 0;
    const bwd = (net.edgeDir[e] & DIR_BACKWARD) !== 0;
    // origin: forward travel reaches the target node, backward the source node;
    // destination: entered from the source node by forward travel, from the target node by backward
    const toTarget = asOrigin ? fwd : bwd;
    const toSource = asOrigin ? bwd : fwd;
    return {
      n0: toTarget ? net.edgeTarget[e] : -1, c0: Math.round((1 - s.t) * w), l0: (1 - s.t) * len,
      n1: toSource ? net.edgeSource[e] : -1, c1: Math.round(s.t * w), l1: s.t * len,
    };
  }

  /** Cost (ds) of driving along one edge from a to b when both snap to it, INF when not allowed. */
  private direct(a: Snap, b: Snap, p: number): number {
    if (a.edge !== b.edge) return INF;
    const dir = this.data.network.edgeDir[a.edge];
    const w = this.data.weights[p][a.edge];
    if (b.t >= a.t && dir & DIR_FORWARD) return Math.round((b.t - a.t) * w);
    if (b.t <= a.t && dir & DIR_BACKWARD) return Math.round((a.t - b.t) * w);
    return INF;
  }

  /**
   * Fastest route between two points (snapped to the nearest roads). Throws GeoError('invalid_input',
   * field 'from'/'to') on bad or off-road points and GeoError('no_route') when the destination
   * cannot be reached. Query O(CH search space), unpacking O(path edges).
   */
  route(from: LngLat, to: LngLat, opts?: QueryOptions): RouteResult {
    const a = this.snapField(from, 'from');
    const b = this.snapField(to, 'to');
    const p = this.period(opts);
    const net = this.data.network;
    const q = this.queryFor(p);
    const sa = this.endpoint(a, p, true);
    const sb = this.endpoint(b, p, false);
    const best = q.run(sa.n0, sa.c0, sa.n1, sa.c1, sb.n0, sb.c0, sb.n1, sb.c1);
    const direct = this.direct(a, b, p);
    if (best === INF && direct === INF) throw new GeoError('no_route', `no route from ${from} to ${to}`, 'to');
    const geometry: LngLat[] = [];
    const roads: string[] = [];
    const addName = (e: number) => {
      const ni = net.edgeName[e];
      if (ni >= 0 && roads[roads.length - 1] !== net.names[ni]) roads.push(net.names[ni]);
    };
    let distance: number;
    if (direct <= best) {
      sliceEdgeInto(net, a.edge, a.t, b.t, geometry);
      distance = Math.abs(b.t - a.t) * net.edgeLength[a.edge];
      addName(a.edge);
    } else {
      const [s, t] = q.endpoints();
      const codes = this.codes;
      codes.length = 0;
      q.unpackInto(codes);
      const startsAtTarget = s === net.edgeTarget[a.edge] && sa.n0 >= 0;
      sliceEdgeInto(net, a.edge, a.t, startsAtTarget ? 1 : 0, geometry);
      distance = (startsAtTarget ? 1 - a.t : a.t) * net.edgeLength[a.edge];
      addName(a.edge);
      for (const c of codes) {
        const e = c >> 1;
        sliceEdgeInto(net, e, c & 1 ? 1 : 0, c & 1 ? 0 : 1, geometry);
        distance += net.edgeLength[e];
        addName(e);
      }
      const entersAtSource = t === net.edgeSource[b.edge] && sb.n1 >= 0;
      sliceEdgeInto(net, b.edge, entersAtSource ? 0 : 1, b.t, geometry);
      distance += (entersAtSource ? b.t : 1 - b.t) * net.edgeLength[b.edge];
      addName(b.edge);
    }
    return {
      duration: Math.min(best, direct) / WEIGHT_PER_SECOND, distance, geometry, roads, from: a, to: b, period: this.periodName(p),
    };
  }

  /**
   * Many-to-many durations (s) and distances (m) between snapped points, via CH buckets.
   * Throws GeoError('invalid_input', field 'sources[i]'/'destinations[j]') on bad points.
   * O((|S| + |D|) · search space + bucket scans).
   */
  matrix(sources: LngLat[], destinations: LngLat[], opts?: QueryOptions): MatrixResult {
    const p = this.period(opts);
    const ss = sources.map((x, i) => this.snapField(x, `sources[${i}]`));
    const ds = destinations.map((x, j) => this.snapField(x, `destinations[${j}]`));
    const cost = new Int32Array(ss.length * ds.length);
    const len = new Float64Array(ss.length * ds.length);
    this.matrixNodesInto(ss.map((s) => this.endpoint(s, p, true)), ds.map((d) => this.endpoint(d, p, false)), p, cost, len);
    const durations: (number | null)[][] = [];
    const distances: (number | null)[][] = [];
    const net = this.data.network;
    for (let i = 0; i < ss.length; i++) {
      const dr: (number | null)[] = [];
      const lr: (number | null)[] = [];
      for (let j = 0; j < ds.length; j++) {
        let c = cost[i * ds.length + j];
        let l = len[i * ds.length + j];
        const direct = this.direct(ss[i], ds[j], p);
        if (direct < c) {
          c = direct;
          l = Math.abs(ds[j].t - ss[i].t) * net.edgeLength[ss[i].edge];
        }
        dr.push(c === INF ? null : c / WEIGHT_PER_SECOND);
        lr.push(c === INF ? null : l);
      }
      durations.push(dr);
      distances.push(lr);
    }
    return { durations, distances };
  }

  /** Low-level matrix over graph endpoints: cost in ds (INF = unreachable), length in m, row-major. */
  matrixNodesInto(sources: Endpoint[], targets: Endpoint[], p: number, cost: Int32Array, length: Float64Array): void {
    const e = this.engines[p];
    e.matrix ??= new ChMatrix(this.data.hierarchies[p]);
    e.matrix.computeInto(sources, targets, cost, length);
  }

  /** Low-level p2p query between graph nodes: cost in ds, INF when unreachable. O(CH search space). */
  nodeCost(s: number, t: number, p = 0): number {
    return this.queryFor(p).run(s, 0, -1, 0, t, 0, -1, 0);
  }

  /**
   * The area reachable within `minutes` from (direction 'from') or towards (direction 'to', e.g.
   * which crews can reach a fault) a point, as GeoJSON MultiPolygon coordinates (method in
   * isochrone.ts). Throws GeoError('invalid_input') on a bad point or minutes outside (0, 180].
   * O((V + E) log V) over the reachable part of the graph.
   */
  isochrone(at: LngLat, minutes: number, opts: QueryOptions & { direction?: 'from' | 'to'; cellM?: number } = {}): MultiPolygonCoords {
    check(Number.isFinite(minutes) && minutes > 0 && minutes <= 180, 'minutes', `must be in (0, 180], got ${minutes}`);
    const s = this.snapField(at, 'at');
    const p = this.period(opts);
    const toPoint = opts.direction === 'to';
    const e = this.engines[p];
    const key = toPoint ? 'bwd' : 'fwd';
    if (!e[key]) {
      const graph = buildGraph(this.data.network, this.data.weights[p], toPoint);
      e[key] = { graph, search: new DijkstraSearch(graph) };
    }
    const { search } = e[key];
    const ep = this.endpoint(s, p, !toPoint);
    const limit = Math.round(minutes * 60 * WEIGHT_PER_SECOND);
    search.begin();
    if (ep.n0 >= 0) search.seed(ep.n0, ep.c0);
    if (ep.n1 >= 0) search.seed(ep.n1, ep.c1);
    search.run(-1, limit);
    return isochronePolygon(this.data.network, search, limit, opts.cellM ?? 150);
  }

  private snapField(x: LngLat, field: string): Snap {
    check(Array.isArray(x) && x.length === 2, field, 'must be [lng, lat]');
    try {
      return this.snapper.snap(x[0], x[1]);
    } catch (err) {
      if (err instanceof GeoError) throw new GeoError(err.code, `${field}: ${err.message}`, field);
      throw err;
    }
  }
}

/**
 * Appends the part of edge e's geometry between fractions t0 and t1 (t0 > t1 walks it backwards) to
 * `out`, skipping a first point equal to the last one already there. O(edge vertices).
 */
export function sliceEdgeInto(net: RoadNetwork, e: number, t0: number, t1: number, out: LngLat[]): void {
  const g = net.geomCoords;
  const i0 = net.geomOffsets[e];
  const i1 = net.geomOffsets[e + 1] - 1;
  const len = net.edgeLength[e];
  const at = (t: number): LngLat => {
    // point at fraction t, by walking the vertices (edges are short; no cumulative table kept)
    let rest = t * len;
    for (let i = i0; i < i1; i++) {
      const seg = segLen(g, i);
      if (rest <= seg || i === i1 - 1) {
        const f = seg > 0 ? Math.min(1, rest / seg) : 0;
        return [g[2 * i] + f * (g[2 * i + 2] - g[2 * i]), g[2 * i + 1] + f * (g[2 * i + 3] - g[2 * i + 1])];
      }
      rest -= seg;
    }
    return [g[2 * i0], g[2 * i0 + 1]];
  };
  const push = (p: LngLat) => {
    const last = out[out.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
  };
  push(at(t0));
  // inner vertices strictly between the two fractions, in walking order
  let acc = 0;
  const cum: number[] = [];
  for (let i = i0 + 1; i < i1; i++) {
    acc += segLen(g, i - 1);
    cum.push(acc);
  }
  const lo = Math.min(t0, t1) * len;
  const hi = Math.max(t0, t1) * len;
  const inner: LngLat[] = [];
  for (let k = 0; k < cum.length; k++) {
    if (cum[k] > lo && cum[k] < hi) inner.push([g[2 * (i0 + 1 + k)], g[2 * (i0 + 1 + k) + 1]]);
  }
  if (t0 > t1) inner.reverse();
  for (const p of inner) push(p);
  push(at(t1));
}

function segLen(g: Float64Array, i: number): number {
  return haversineM(g[2 * i], g[2 * i + 1], g[2 * i + 2], g[2 * i + 3]);
}
