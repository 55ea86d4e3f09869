/**
 * A deterministic synthetic Guangzhou road network (the demo has no city-wide real road data).
 *
 * - Local streets and arterials: a quadtree over a lattice of `unitM` metres. A cell is split while
 *   it is larger than the target block size at its centre, and the block size follows a density
 *   proxy: the district's 2020 census population density times a kernel of rail/metro stations
 *   (dense in 越秀/天河/海珠, sparse in 从化). Every leaf side becomes a street; nodes sit at leaf
 *   corners (T-junctions where a big block meets small ones). Lattice lines every 16/32/64 units are
 *   tertiary/secondary/primary arterials (straight lines, gently winding geometry); other nodes are
 *   jittered, ~18 % of local segments and 20 % of rural tertiary ones are removed, and some
 *   dense-area streets are one-way along their length, for irregular blocks. Edge geometry gets two
 *   sideways-offset inner vertices (roads are not ruler-straight).
 * - Expressways: three rings (a trunk inner ring and two motorway rings) and radial motorways from
 *   the inner ring to the edge of the service area, with an interchange (link road) to the nearest
 *   street node every ~3 km.
 * - Clipping: nodes outside the 11 districts are dropped (scanline point-in-polygon per lattice row).
 * - Barriers: streets cross the main Pearl River channels (RIVERS) only on the larger arterials, and
 *   Baiyun Mountain has no streets.
 * - The real Huacheng CBD extract (OSM) replaces the synthetic streets inside its bounding box; its
 *   dead ends (where the extract was cut) are joined to the nearest synthetic street node.
 * - Finally the largest strongly connected component is kept.
 * Everything random comes from mulberry32(seed): the same seed gives the same network.
 */
import { mulberry32 } from '../../geo/random.ts';
import { ROAD_CLASSES } from '../../geo/routing/classes.ts';
import { largestStronglyConnected, type SccReport } from '../../geo/routing/components.ts';
import { DIR_BACKWARD, DIR_BOTH, DIR_FORWARD, NetworkBuilder, type RoadNetwork } from '../../geo/routing/network.ts';

const M_PER_DEG = (6371008.8 * Math.PI) / 180;

export interface SyntheticDistrict {
  population: number;
  /** GeoJSON MultiPolygon coordinates, WGS84 */
  geometry: number[][][][];
}

export interface SyntheticRoadOptions {
  seed: number;
  districts: SyntheticDistrict[];
  /** activity anchors (rail and metro stations), [lng, lat] */
  anchors: [number, number][];
  /** a real network to splice in (not reduced to its SCC), e.g. the Huacheng extract */
  real?: RoadNetwork | null;
  /** smallest block size, metres (default 60) */
  unitM?: number;
  /** density (people/km² × station factor) at which blocks reach the smallest size; larger → fewer nodes (default 15,000: about 195,000 nodes) */
  densityRef?: number;
  /** the city centre the rings and radials are drawn around (default Tianhe/Yuexiu, 113.300, 23.132) */
  centre?: [number, number];
}

export interface SyntheticReport {
  leaves: number;
  /** street segments not built because they would cross a river without a bridge */
  riverCuts: number;
  latticeNodes: number;
  expresswayNodes: number;
  realNodes: number;
  realConnectors: number;
  removedSegments: number;
  scc: SccReport;
  nodes: number;
  edges: number;
  lengthKm: number;
  byClass: Record<string, number>;
}

/**
 * Rough courses of the main Pearl River channels through the city (WGS84, simplified by hand from
 * the district layout: the front channel between 越秀/天河 and 海珠, the back channel south of 海珠,
 * the western channel along 荔湾 and the 狮子洋 reach east of 番禺/南沙). Streets cross them only on
 * bridges: arterial lines every 32 units (~1.9 km) and the expressways.
 */
export const RIVERS: [number, number][][] = [
  [[113.19, 23.125], [113.235, 23.118], [113.262, 23.112], [113.30, 23.113], [113.335, 23.112], [113.37, 23.103], [113.41, 23.098], [113.46, 23.085], [113.52, 23.06], [113.56, 22.98], [113.60, 22.90], [113.63, 22.80], [113.66, 22.70]],
  [[113.235, 23.118], [113.232, 23.09], [113.25, 23.07], [113.29, 23.06], [113.33, 23.07], [113.37, 23.085], [113.41, 23.098]],
  [[113.21, 23.25], [113.215, 23.18], [113.205, 23.14], [113.19, 23.125], [113.17, 23.06], [113.19, 22.98]],
];

/** Baiyun Mountain (白云山) scenic area: no streets inside this ellipse (centre, semi-axes in metres). */
const MOUNTAIN = { lng: 113.297, lat: 23.183, ax: 1600, ay: 3200 };

/** Row intervals of the service area: per lattice row, [x0, x1, district] triples in lattice units. */
class AreaRows {
  readonly rows: Float64Array[];

  constructor(districts: SyntheticDistrict[], toXY: (lng: number, lat: number) => [number, number], nRows: number) {
    // project every ring edge once
    const edges: { d: number; x1: number; y1: number; x2: number; y2: number }[] = [];
    districts.forEach((dist, d) => {
      for (const poly of dist.geometry) for (const ring of poly) {
        for (let i = 0; i + 1 < ring.length; i++) {
          const [x1, y1] = toXY(ring[i][0], ring[i][1]);
          const [x2, y2] = toXY(ring[i + 1][0], ring[i + 1][1]);
          if (y1 !== y2) edges.push({ d, x1, y1, x2, y2 });
        }
      }
    });
    // bucket edges by row range so each row only scans the edges that cross it
    const byRow: number[][] = Array.from({ length: nRows }, () => []);
    edges.forEach((e, k) => {
      const lo = Math.max(0, Math.ceil(Math.min(e.y1, e.y2)));
      const hi = Math.min(nRows - 1, Math.floor(Math.max(e.y1, e.y2)));
      for (let j = lo; j <= hi; j++) byRow[j].push(k);
    });
    this.rows = byRow.map((ks, j) => {
      const per = new Map<number, number[]>();
      for (const k of ks) {
        const e = edges[k];
        if ((e.y1 <= j && j < e.y2) || (e.y2 <= j && j < e.y1)) {
          const x = e.x1 + ((j - e.y1) * (e.x2 - e.x1)) / (e.y2 - e.y1);
          let l = per.get(e.d);
          if (!l) per.set(e.d, (l = []));
          l.push(x);
        }
      }
      const out: number[] = [];
      for (const [d, xs] of per) {
        xs.sort((a, b) => a - b);
        for (let i = 0; i + 1 < xs.length; i += 2) out.push(xs[i], xs[i + 1], d);
      }
      return Float64Array.from(out);
    });
  }

  /** District index containing lattice point (x, row j), or -1. */
  district(x: number, j: number): number {
    const r = this.rows[j];
    if (!r) return -1;
    for (let k = 0; k < r.length; k += 3) if (x >= r[k] && x <= r[k + 1]) return r[k + 2];
    return -1;
  }
}

/**
 * Generates the synthetic network (see the file comment). Deterministic in `opts.seed`. Takes a
 * few seconds for ~200,000 nodes. Throws Error when no district geometry is given.
 */
export function generateRoadNetwork(opts: SyntheticRoadOptions): { network: RoadNetwork; report: SyntheticReport } {
  if (opts.districts.length === 0) throw new Error('generateRoadNetwork: no districts');
  const rng = mulberry32(opts.seed);
  const u = opts.unitM ?? 60;
  const densityRef = opts.densityRef ?? 15_000;
  const [cLng, cLat] = opts.centre ?? [113.3, 23.132];
  // bounding box and local projection (metres → lattice units)
  let minLng = Infinity, minLat = Infinity, maxLng = -Infinity, maxLat = -Infinity;
  for (const d of opts.districts) for (const p of d.geometry) for (const r of p) for (const [x, y] of r) {
    minLng = Math.min(minLng, x); maxLng = Math.max(maxLng, x); minLat = Math.min(minLat, y); maxLat = Math.max(maxLat, y);
  }
  const cos0 = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const toXY = (lng: number, lat: number): [number, number] => [((lng - minLng) * cos0 * M_PER_DEG) / u, ((lat - minLat) * M_PER_DEG) / u];
  const toLngLat = (x: number, y: number): [number, number] => [minLng + (x * u) / (cos0 * M_PER_DEG), minLat + (y * u) / M_PER_DEG];
  const ROOT = 64; // root cell = 64 units (3.84 km at 60 m)
  const [W, H] = toXY(maxLng, maxLat);
  const cols = Math.ceil(W / ROOT) * ROOT;
  const rows = Math.ceil(H / ROOT) * ROOT;
  const area = new AreaRows(opts.districts, toXY, rows + 1);

  // district population density, people/km²
  const districtArea = new Float64Array(opts.districts.length);
  for (let j = 0; j <= rows; j++) {
    const r = area.rows[j];
    for (let k = 0; k < r.length; k += 3) districtArea[r[k + 2]] += ((r[k + 1] - r[k]) * u * u) / 1e6;
  }
  const popDensity = opts.districts.map((d, i) => d.population / Math.max(1, districtArea[i]));
  // station kernel on a coarse grid (one value per 4 × 4 units) for speed
  const KG = 4;
  const kw = Math.ceil(cols / KG) + 1;
  const kh = Math.ceil(rows / KG) + 1;
  const kernel = new Float32Array(kw * kh);
  const sigma = 1200 / u;
  const reach = Math.ceil((3 * sigma) / KG);
  for (const [lng, lat] of opts.anchors) {
    const [ax, ay] = toXY(lng, lat);
    const ci = Math.round(ax / KG), cj = Math.round(ay / KG);
    for (let dj = -reach; dj <= reach; dj++) for (let di = -reach; di <= reach; di++) {
      const gi = ci + di, gj = cj + dj;
      if (gi < 0 || gj < 0 || gi >= kw || gj >= kh) continue;
      const dx = gi * KG - ax, dy = gj * KG - ay;
      kernel[gj * kw + gi] += Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
    }
  }
  const density = (x: number, y: number): number => {
    const d = area.district(x, Math.round(y));
    if (d < 0) return 0;
    const k = kernel[Math.round(y / KG) * kw + Math.round(x / KG)] ?? 0;
    return popDensity[d] * (0.35 + Math.min(2.5, k));
  };
  /** target block size in lattice units (power of two, 1 … ROOT/2) */
  const blockSize = (x: number, y: number): number => {
    const d = density(x, y);
    if (d <= 0) return ROOT;
    const s = Math.sqrt(densityRef / d);
    let size = 1;
    while (size < s && size < ROOT / 2) size *= 2;
    return size;
  };

  // quadtree leaves: [x, y, size] in lattice units
  const leaves: number[] = [];
  const stack: number[] = [];
  for (let y = 0; y < rows; y += ROOT) for (let x = 0; x < cols; x += ROOT) stack.push(x, y, ROOT);
  while (stack.length > 0) {
    const s = stack.pop() as number, y = stack.pop() as number, x = stack.pop() as number;
    // a cell is split while it is larger than the block size anywhere at its centre or corners
    let target = blockSize(x + s / 2, y + s / 2);
    for (const [px, py] of [[x, y], [x + s, y], [x, y + s], [x + s, y + s]]) target = Math.min(target, blockSize(px, py) * 2);
    if (s > target && s > 1) {
      const h = s / 2;
      stack.push(x, y, h, x + h, y, h, x, y + h, h, x + h, y + h, h);
    } else {
      leaves.push(x, y, s);
    }
  }

  // real-extract hole, in lattice units (with 40 m margin)
  let hole: [number, number, number, number] | null = null;
  if (opts.real && opts.real.nodeCount > 0) {
    let a = Infinity, b = Infinity, c = -Infinity, d = -Infinity;
    for (let v = 0; v < opts.real.nodeCount; v++) {
      const [x, y] = toXY(opts.real.nodeCoords[2 * v], opts.real.nodeCoords[2 * v + 1]);
      a = Math.min(a, x); b = Math.min(b, y); c = Math.max(c, x); d = Math.max(d, y);
    }
    const m = 40 / u;
    hole = [a - m, b - m, c + m, d + m];
  }
  const [mx, my] = toXY(MOUNTAIN.lng, MOUNTAIN.lat);
  const inMountain = (x: number, y: number) => ((x - mx) * u / MOUNTAIN.ax) ** 2 + ((y - my) * u / MOUNTAIN.ay) ** 2 < 1;
  const inHole = (x: number, y: number) => (hole !== null && x > hole[0] && x < hole[2] && y > hole[1] && y < hole[3]) || inMountain(x, y);
  // river segments in lattice units, layout [x1, y1, x2, y2, …]
  const river: number[] = [];
  for (const line of RIVERS) {
    for (let i = 0; i + 1 < line.length; i++) river.push(...toXY(line[i][0], line[i][1]), ...toXY(line[i + 1][0], line[i + 1][1]));
  }
  const crossesRiver = (ax: number, ay: number, bx: number, by: number): boolean => {
    for (let k = 0; k < river.length; k += 4) {
      const cx1 = river[k], cy1 = river[k + 1], cx2 = river[k + 2], cy2 = river[k + 3];
      if (Math.max(ax, bx) < Math.min(cx1, cx2) || Math.min(ax, bx) > Math.max(cx1, cx2)) continue;
      if (Math.max(ay, by) < Math.min(cy1, cy2) || Math.min(ay, by) > Math.max(cy1, cy2)) continue;
      const d1 = (cx2 - cx1) * (ay - cy1) - (cy2 - cy1) * (ax - cx1);
      const d2 = (cx2 - cx1) * (by - cy1) - (cy2 - cy1) * (bx - cx1);
      const d3 = (bx - ax) * (cy1 - ay) - (by - ay) * (cx1 - ax);
      const d4 = (bx - ax) * (cy2 - ay) - (by - ay) * (cx2 - ax);
      if (d1 * d2 < 0 && d3 * d4 < 0) return true;
    }
    return false;
  };
  let riverCuts = 0;

  // lattice nodes at leaf corners inside the area; key = i * KEY + j
  const KEY = 1 << 16;
  const b = new NetworkBuilder();
  const nodeAt = new Map<number, number>();
  const nodeSize: number[] = []; // smallest leaf touching each node, lattice units
  const jitter = mulberry32(opts.seed ^ 0x5bd1e995);
  const corner = (i: number, j: number, s: number): void => {
    const key = i * KEY + j;
    const v = nodeAt.get(key);
    if (v !== undefined) {
      if (s < nodeSize[v]) nodeSize[v] = s;
      return;
    }
    if (area.district(i, j) < 0 || inHole(i, j)) {
      nodeAt.set(key, -1);
      return;
    }
    nodeAt.set(key, b.addNode(0, 0)); // placed after all sizes are known
    nodeSize.push(s);
  };
  for (let k = 0; k < leaves.length; k += 3) {
    const x = leaves[k], y = leaves[k + 1], s = leaves[k + 2];
    corner(x, y, s); corner(x + s, y, s); corner(x, y + s, s); corner(x + s, y + s, s);
  }
  const nodeIJ: number[] = new Array(b.nodeCount * 2);
  for (const [key, v] of nodeAt) if (v >= 0) {
    nodeIJ[2 * v] = Math.floor(key / KEY);
    nodeIJ[2 * v + 1] = key % KEY;
  }
  // positions: jitter off the arterial lines only
  const coords = new Float64Array(2 * b.nodeCount);
  for (let v = 0; v < b.nodeCount; v++) {
    const i = nodeIJ[2 * v], j = nodeIJ[2 * v + 1];
    const amp = 0.18 * nodeSize[v];
    const jx = i % 16 === 0 ? 0 : (jitter() * 2 - 1) * amp;
    const jy = j % 16 === 0 ? 0 : (jitter() * 2 - 1) * amp;
    const [lng, lat] = toLngLat(i + jx, j + jy);
    coords[2 * v] = lng;
    coords[2 * v + 1] = lat;
  }
  // rebuild the builder with real coordinates (NetworkBuilder measures lengths from node coordinates)
  const nb = new NetworkBuilder();
  for (let v = 0; v < b.nodeCount; v++) nb.addNode(coords[2 * v], coords[2 * v + 1]);
  const latticeNodes = nb.nodeCount;

  // street segments along leaf sides, between consecutive lattice nodes
  const seen = new Set<number>();
  let removed = 0;
  const lineHash = (line: number, axis: number) => mulberry32(opts.seed * 31 + line * 2 + axis)();
  const lineName = (line: number, axis: number, cls: string) =>
    cls === 'residential' || cls === 'unclassified' ? null : `${axis === 0 ? '横' : '纵'}${line}路`;
  const addSegment = (a: number, c: number, line: number, axis: number, size: number): void => {
    const lo = Math.min(a, c), hi = Math.max(a, c);
    const key = lo * 4194304 + hi;
    if (seen.has(key)) return;
    seen.add(key);
    const cls = line % 64 === 0 ? 'primary' : line % 32 === 0 ? 'secondary' : line % 16 === 0 ? 'tertiary' : size >= 8 ? 'unclassified' : 'residential';
    const local = cls === 'residential' || cls === 'unclassified';
    // no bridge except on the bigger arterials
    if (line % 32 !== 0 && crossesRiver(nodeIJ[2 * a], nodeIJ[2 * a + 1], nodeIJ[2 * c], nodeIJ[2 * c + 1])) {
      riverCuts++;
      return;
    }
    // irregular blocks: drop some local segments, and some rural minor arterials
    if ((local && rng() < 0.18) || (cls === 'tertiary' && size >= 8 && rng() < 0.2)) {
      removed++;
      return;
    }
    let dir = DIR_BOTH;
    // some dense-area streets are one-way along their whole length, alternating by street
    if (local && size <= 2 && lineHash(line, axis) < 0.2) dir = line % 2 === 0 ? DIR_FORWARD : DIR_BACKWARD;
    const base = { motorway: 90, primary: 50, secondary: 40, tertiary: 35, unclassified: 30, residential: 25 }[cls as 'primary'] ?? 25;
    const rural = size >= 8 ? 1.4 : 1; // fewer junctions and less traffic outside the city
    // streets are not ruler-straight: two inner vertices at 1/3 and 2/3, offset sideways by a share
    // of the length (more for local and rural roads), which lengthens them by ~1–17 %
    const k = (local ? (size >= 8 ? 0.15 : 0.06) : size >= 8 ? 0.1 : 0.03) * (1 + rng());
    const s1 = rng() < 0.5 ? k : -k;
    const s2 = rng() < 0.7 ? s1 : -s1;
    const ax = coords[2 * a], ay = coords[2 * a + 1], bx = coords[2 * c], by = coords[2 * c + 1];
    // perpendicular to a→b in degrees, scaled so that it has the segment's length in metres
    const px = -(by - ay) / cos0, py = (bx - ax) * cos0;
    const inner = [
      ax + (bx - ax) / 3 + s1 * px, ay + (by - ay) / 3 + s1 * py,
      ax + (2 * (bx - ax)) / 3 + s2 * px, ay + (2 * (by - ay)) / 3 + s2 * py,
    ];
    nb.addEdge({ source: a, target: c, inner, dir, speedKmh: base * rural, roadClass: cls, name: lineName(line, axis, cls), synthetic: true });
  };
  for (let k = 0; k < leaves.length; k += 3) {
    const x = leaves[k], y = leaves[k + 1], s = leaves[k + 2];
    // horizontal sides (rows y and y+s), vertical sides (columns x and x+s)
    for (const [fx, fy, dx, dy, line, axis] of [[x, y, 1, 0, y, 0], [x, y + s, 1, 0, y + s, 0], [x, y, 0, 1, x, 1], [x + s, y, 0, 1, x + s, 1]]) {
      let prev = -1;
      for (let t = 0; t <= s; t++) {
        const v = nodeAt.get((fx + dx * t) * KEY + fy + dy * t);
        if (v === undefined) continue;
        if (v < 0) {
          prev = -1; // outside the area: the street ends
          continue;
        }
        if (prev >= 0) addSegment(prev, v, line, axis, s);
        prev = v;
      }
    }
  }

  // nearest lattice node to a lattice position, within r units, or -1
  const nearestNode = (x: number, y: number, r: number): number => {
    let best = -1, bestD = Infinity;
    const ci = Math.round(x), cj = Math.round(y);
    for (let dj = -r; dj <= r; dj++) for (let di = -r; di <= r; di++) {
      const v = nodeAt.get((ci + di) * KEY + cj + dj);
      if (v === undefined || v < 0) continue;
      const d = (ci + di - x) ** 2 + (cj + dj - y) ** 2;
      if (d < bestD) {
        bestD = d;
        best = v;
      }
    }
    return best;
  };

  // expressways: rings and radials around the centre
  const [cx, cy] = toXY(cLng, cLat);
  const rings = [{ r: 4500, cls: 'trunk', speed: 65, name: '合成内环路' }, { r: 11000, cls: 'motorway', speed: 90, name: '合成环城高速' }, { r: 22000, cls: 'motorway', speed: 100, name: '合成绕城高速' }];
  const radialAngles = Array.from({ length: 10 }, (_, k) => (k * 2 * Math.PI) / 10 + 0.17 + (rng() - 0.5) * 0.2);
  const xNode = new Map<string, number>();
  let expresswayNodes = 0;
  const exNode = (key: string, x: number, y: number): number => {
    let v = xNode.get(key);
    if (v !== undefined) return v;
    if (area.district(x, Math.round(y)) < 0 || inHole(x, y)) v = -1;
    else {
      const [lng, lat] = toLngLat(x, y);
      v = nb.addNode(lng, lat);
      expresswayNodes++;
      // interchange to the street grid
      // interchanges at every other expressway node (~3 km apart) and at ring–radial crossings
      const near = expresswayNodes % 2 === 1 || key.startsWith('x') ? nearestNode(x, y, Math.ceil(600 / u)) : -1;
      if (near >= 0 && !crossesRiver(x, y, nodeIJ[2 * near], nodeIJ[2 * near + 1])) nb.addEdge({ source: v, target: near, dir: DIR_BOTH, speedKmh: 40, roadClass: 'motorway_link', name: null, synthetic: true });
    }
    xNode.set(key, v);
    return v;
  };
  const exEdge = (a: number, c: number, cls: string, speed: number, name: string) => {
    if (a >= 0 && c >= 0 && a !== c) nb.addEdge({ source: a, target: c, dir: DIR_BOTH, speedKmh: speed, roadClass: cls, name, synthetic: true });
  };
  rings.forEach((ring, ri) => {
    const rr = ring.r / u;
    const steps = Math.max(12, Math.round((2 * Math.PI * ring.r) / 1500));
    const angles = Array.from({ length: steps }, (_, k) => (k * 2 * Math.PI) / steps);
    const all = [...angles.map((a) => ({ a, key: `r${ri}:${a.toFixed(6)}` })), ...radialAngles.map((a, k) => ({ a, key: `x${ri}:${k}` }))]
      .map(({ a, key }) => ({ a: ((a % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI), key }))
      .sort((p, q) => p.a - q.a);
    const ids = all.map(({ a, key }) => exNode(key, cx + rr * Math.cos(a), cy + rr * Math.sin(a) * 1.1));
    for (let k = 0; k < ids.length; k++) exEdge(ids[k], ids[(k + 1) % ids.length], ring.cls, ring.speed, ring.name);
  });
  radialAngles.forEach((a, k) => {
    const name = `合成放射线${k + 1}号高速`;
    let prev = -1;
    let r = rings[0].r / u;
    const step = 1500 / u;
    const maxR = Math.max(cols, rows) * 1.5;
    let outside = 0;
    while (r < maxR && outside < 20) {
      const ringIdx = rings.findIndex((g) => Math.abs(g.r / u - r) < 1e-6);
      const key = ringIdx >= 0 ? `x${ringIdx}:${k}` : `rad${k}:${r.toFixed(3)}`;
      const v = exNode(key, cx + r * Math.cos(a), cy + r * Math.sin(a) * 1.1);
      if (v < 0) outside++;
      else outside = 0;
      if (prev >= 0 && v >= 0) exEdge(prev, v, 'motorway', 100, name);
      prev = v;
      // next sample: the next ring radius if it comes before the next step
      const nextRing = rings.map((g) => g.r / u).find((g) => g > r + 1e-6 && g < r + step);
      r = nextRing ?? r + step;
    }
  });

  // splice the real extract: its nodes, its edges, and connectors from its dead ends
  let realNodes = 0;
  let realConnectors = 0;
  if (opts.real && hole) {
    const real = opts.real;
    const base = nb.nodeCount;
    for (let v = 0; v < real.nodeCount; v++) nb.addNode(real.nodeCoords[2 * v], real.nodeCoords[2 * v + 1]);
    realNodes = real.nodeCount;
    const degree = new Int32Array(real.nodeCount);
    for (let e = 0; e < real.edgeCount; e++) {
      degree[real.edgeSource[e]]++;
      degree[real.edgeTarget[e]]++;
      nb.addEdge({
        source: base + real.edgeSource[e], target: base + real.edgeTarget[e], dir: real.edgeDir[e], speedKmh: real.edgeSpeed[e],
        inner: real.geomCoords.subarray(2 * (real.geomOffsets[e] + 1), 2 * (real.geomOffsets[e + 1] - 1)),
        roadClass: ROAD_CLASSES[real.edgeClass[e]], name: real.edgeName[e] >= 0 ? real.names[real.edgeName[e]] : null, synthetic: false,
      });
    }
    for (let v = 0; v < real.nodeCount; v++) {
      if (degree[v] !== 1) continue;
      const [x, y] = toXY(real.nodeCoords[2 * v], real.nodeCoords[2 * v + 1]);
      // only dead ends near the cut edge of the extract lead out of it
      const edgeDist = Math.min(x - hole[0], hole[2] - x, y - hole[1], hole[3] - y);
      if (edgeDist > 150 / u) continue;
      const near = nearestNode(x, y, Math.ceil(400 / u));
      if (near < 0) continue;
      nb.addEdge({ source: base + v, target: near, dir: DIR_BOTH, speedKmh: 30, roadClass: 'tertiary', name: null, synthetic: true });
      realConnectors++;
    }
  }

  const full = nb.build();
  const { network, report: scc } = largestStronglyConnected(full);
  const byClass: Record<string, number> = {};
  let lengthM = 0;
  for (let e = 0; e < network.edgeCount; e++) {
    const c = ROAD_CLASSES[network.edgeClass[e]];
    byClass[c] = (byClass[c] ?? 0) + 1;
    lengthM += network.edgeLength[e];
  }
  return {
    network,
    report: {
      leaves: leaves.length / 3, riverCuts, latticeNodes, expresswayNodes, realNodes, realConnectors, removedSegments: removed, scc,
      nodes: network.nodeCount, edges: network.edgeCount, lengthKm: lengthM / 1000, byClass,
    },
  };
}

