/**
 * OSM ways → RoadNetwork: which ways are drivable, their class, free-flow speed and direction, and
 * the splitting of ways into edges at shared nodes. Pure: the readers (GeoJSON, .osm.pbf) live in
 * seed/roads/ and hand over plain ways.
 */
import { DEFAULT_SPEED_KMH, roadClassCode, type RoadClass } from './classes.ts';
import { largestStronglyConnected, weaklyConnectedCount, type SccReport } from './components.ts';
import { DIR_BACKWARD, DIR_BOTH, DIR_FORWARD, NetworkBuilder, type RoadNetwork } from './network.ts';

/** One OSM way with its node ids and their coordinates. */
export interface OsmWay {
  id: number;
  /** OSM node ids, in way order */
  nodes: ArrayLike<number>;
  /** coordinates of those nodes, layout [lng0, lat0, lng1, lat1, …] (length 2 · nodes.length) */
  coords: ArrayLike<number>;
  tags: Record<string, string | undefined>;
}

export interface WayRule {
  roadClass: RoadClass;
  speedKmh: number;
  /** DIR_* flags */
  dir: number;
  name: string | null;
}

/**
 * The routing rule of a way, or null when it is not drivable: highway classes motorway … residential,
 * living_street and service (not footway, steps, pedestrian, cycleway, path, track, construction…);
 * `area=yes`, `access`/`motor_vehicle`/`motorcar` = no/private and `service=emergency_access` are
 * excluded. Direction: `oneway=yes|true|1` forward, `-1|reverse` backward, `no` both; roundabouts
 * (`junction=roundabout|circular`) and motorways are one-way unless tagged otherwise. Speed:
 * numeric `maxspeed` (km/h, or "N mph"), else the class default. O(1).
 */
export function wayRule(tags: Record<string, string | undefined>): WayRule | null {
  const hw = tags.highway;
  if (!hw || roadClassCode(hw) < 0) return null;
  if (tags.area === 'yes') return null;
  for (const k of ['access', 'motor_vehicle', 'motorcar', 'vehicle']) {
    const v = tags[k];
    if (v === 'no' || v === 'private') return null;
  }
  if (hw === 'service' && tags.service === 'emergency_access') return null;
  const cls = hw as RoadClass;
  const ow = tags.oneway;
  let dir = DIR_BOTH;
  if (ow === 'yes' || ow === 'true' || ow === '1') dir = DIR_FORWARD;
  else if (ow === '-1' || ow === 'reverse') dir = DIR_BACKWARD;
  else if (ow !== 'no' && ow !== 'false' && ow !== '0') {
    if (tags.junction === 'roundabout' || tags.junction === 'circular' || cls === 'motorway') dir = DIR_FORWARD;
  }
  return { roadClass: cls, speedKmh: parseMaxspeed(tags.maxspeed) ?? DEFAULT_SPEED_KMH[cls], dir, name: tags.name ?? null };
}

/** km/h from an OSM maxspeed value ("60", "60 km/h", "40 mph"); null when absent or symbolic. O(1). */
export function parseMaxspeed(v: string | undefined): number | null {
  if (!v) return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(km\/h|kmh|kph|mph)?\s*$/i.exec(v.split(';')[0]);
  if (!m) return null;
  const x = Number(m[1]) * (m[2]?.toLowerCase() === 'mph' ? 1.609344 : 1);
  return x >= 5 && x <= 150 ? x : null;
}

export interface OsmImportReport {
  waysRead: number;
  drivableWays: number;
  /** drivable ways that are one-way (either direction), of which `reversedOneways` run against their node order */
  onewayWays: number;
  reversedOneways: number;
  roundabouts: number;
  byClass: Partial<Record<RoadClass, number>>;
  /** graph before the component filter */
  nodes: number;
  edges: number;
  lengthM: number;
  /** weakly connected components of the drivable graph (directions ignored) */
  weakComponents: number;
  /** what keeping the largest strongly connected component removed */
  scc: SccReport;
}

/**
 * Builds the routable network from OSM ways: keeps drivable ways (wayRule), splits them into edges
 * at every node shared by two ways or repeated in one (and at way ends), and keeps the largest
 * strongly connected component (unless `keepLargestScc: false`, for splicing into a larger network;
 * `report.scc` still says what the filter would drop). Ways with fewer than two nodes are skipped. Throws RangeError when
 * `coords` does not match `nodes`. O(total way nodes + V + E).
 */
export function networkFromOsm(
  ways: Iterable<OsmWay>,
  opts: { synthetic?: boolean; keepLargestScc?: boolean } = {},
): { network: RoadNetwork; report: OsmImportReport } {
  const kept: { way: OsmWay; rule: WayRule }[] = [];
  const report: OsmImportReport = {
    waysRead: 0, drivableWays: 0, onewayWays: 0, reversedOneways: 0, roundabouts: 0, byClass: {},
    nodes: 0, edges: 0, lengthM: 0, weakComponents: 0,
    scc: { components: 0, keptNodes: 0, keptEdges: 0, droppedNodes: 0, droppedEdges: 0, droppedLengthM: 0 },
  };
  // count how often each node id is used by drivable ways
  const uses = new Map<number, number>();
  for (const way of ways) {
    report.waysRead++;
    const rule = wayRule(way.tags);
    if (!rule || way.nodes.length < 2) continue;
    if (way.coords.length !== 2 * way.nodes.length) {
      throw new RangeError(`Way ${way.id}: ${way.nodes.length} nodes but ${way.coords.length / 2} coordinates.`);
    }
    kept.push({ way, rule });
    report.drivableWays++;
    if (rule.dir !== DIR_BOTH) report.onewayWays++;
    if (rule.dir === DIR_BACKWARD) report.reversedOneways++;
    if (way.tags.junction === 'roundabout' || way.tags.junction === 'circular') report.roundabouts++;
    report.byClass[rule.roadClass] = (report.byClass[rule.roadClass] ?? 0) + 1;
    for (let i = 0; i < way.nodes.length; i++) {
      const id = way.nodes[i];
      // way ends count double so they always split
      uses.set(id, (uses.get(id) ?? 0) + (i === 0 || i === way.nodes.length - 1 ? 2 : 1));
    }
  }
  const b = new NetworkBuilder();
  const nodeIndex = new Map<number, number>();
  const nodeOf = (id: number, lng: number, lat: number): number => {
    let v = nodeIndex.get(id);
    if (v === undefined) {
      v = b.addNode(lng, lat);
      nodeIndex.set(id, v);
    }
    return v;
  };
  const inner: number[] = [];
  for (const { way, rule } of kept) {
    const c = way.coords;
    let start = nodeOf(way.nodes[0], c[0], c[1]);
    inner.length = 0;
    for (let i = 1; i < way.nodes.length; i++) {
      const id = way.nodes[i];
      if ((uses.get(id) as number) < 2) {
        inner.push(c[2 * i], c[2 * i + 1]);
        continue;
      }
      const end = nodeOf(id, c[2 * i], c[2 * i + 1]);
      if (end !== start || inner.length > 0) {
        b.addEdge({ source: start, target: end, inner, dir: rule.dir, speedKmh: rule.speedKmh, roadClass: rule.roadClass, name: rule.name, synthetic: opts.synthetic ?? false });
      }
      start = end;
      inner.length = 0;
    }
  }
  const full = b.build();
  report.nodes = full.nodeCount;
  report.edges = full.edgeCount;
  for (let e = 0; e < full.edgeCount; e++) report.lengthM += full.edgeLength[e];
  report.weakComponents = weaklyConnectedCount(full);
  const { network, report: scc } = largestStronglyConnected(full);
  report.scc = scc;
  return { network: opts.keepLargestScc === false ? full : network, report };
}
