/**
 * The Guangzhou H3 cell graph for the partition benchmark, two ways:
 * - `buildSeedGraph`: the product's pipeline, the seed's customer generator and `geo/cells`
 *   adjacency (the default);
 * - `buildGuangzhouGraph`: h3-js directly on the district polygons (`seed/data/`, else
 *   `/work/shared/data/guangzhou/boundaries/`) with a smooth synthetic weight model
 *   (`syntheticWeights`), written before `geo/cells` and the seed generator existed; kept as
 *   `--data synthetic` because its weights keep k = 1000 feasible.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cellToLatLng, getHexagonEdgeLengthAvg, gridDisk, polygonToCells, UNITS } from 'h3-js';
import { mulberry32 } from '../../geo/random.ts';
import { haversineM } from '../../geo/coords/haversine.ts';
import type { CsrGraph } from '../../geo/partition/types.ts';
import { buildCellGraph } from '../../geo/cells/graph.ts';
import { cellCentersInto } from '../../geo/cells/h3-adapter.ts';
import type { CellLevel } from '../../geo/cells/hierarchy.ts';
import { generateCellWeights } from '../../seed/generate/dataset.ts';
import { loadSources } from '../../seed/sources.ts';

export interface CellBenchGraph {
  name: string;
  cells: string[];
  graph: CsrGraph;
  /** `[lng, lat]` per cell. */
  centroids: Float64Array;
  /** district index per cell. */
  district: Int32Array;
  /** customers (integers) and load (integer kW). */
  customers: Float64Array;
  loadKw: Float64Array;
  /** extra edges added to join islands to the mainland (ferry links). */
  bridges: number;
  source: string;
}

const DISTRICT_FILES = ['seed/data/guangzhou_districts_osm_wgs84.geojson', '/work/shared/data/guangzhou/boundaries/guangzhou_districts_osm_wgs84.geojson'];

/** Builds the res-`res` cell graph of the 11 districts. O(cells). */
export function buildGuangzhouGraph(res: number): CellBenchGraph {
  const file = DISTRICT_FILES.find((f) => existsSync(f));
  if (!file) throw new Error('no Guangzhou district GeoJSON found');
  const fc = JSON.parse(readFileSync(file, 'utf8')) as { features: Array<{ geometry: { type: string; coordinates: number[][][] | number[][][][] } }> };
  const districtOf = new Map<string, number>();
  fc.features.forEach((f, d) => {
    const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates as number[][][]] : (f.geometry.coordinates as number[][][][]);
    for (const poly of polys) for (const c of polygonToCells(poly, res, true)) if (!districtOf.has(c)) districtOf.set(c, d);
  });
  const cells = [...districtOf.keys()].sort();
  const n = cells.length;
  const index = new Map<string, number>();
  cells.forEach((c, i) => index.set(c, i));
  const centroids = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const [lat, lng] = cellToLatLng(cells[i]);
    centroids[2 * i] = lng;
    centroids[2 * i + 1] = lat;
  }
  const adj: number[][] = cells.map(() => []);
  for (let i = 0; i < n; i++) {
    for (const nb of gridDisk(cells[i], 1)) {
      const j = index.get(nb);
      if (j !== undefined && j !== i) adj[i].push(j);
    }
  }
  const bridges = bridgeIslands(adj, centroids);
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + adj[i].length;
  const targets = new Int32Array(offsets[n]);
  for (let i = 0; i < n; i++) targets.set(adj[i].sort((a, b) => a - b), offsets[i]);
  const { customers, loadKw } = syntheticWeights(centroids, res);
  return {
    name: `guangzhou-h3r${res}-synthetic`,
    cells,
    graph: { offsets, targets },
    centroids,
    district: Int32Array.from(cells.map((c) => districtOf.get(c) ?? 0)),
    customers,
    loadKw,
    bridges,
    source: `h3-js polyfill of ${file}, synthetic weights`,
  };
}

/**
 * Joins islands: links each smaller connected component to the nearest cell outside it (a ferry),
 * until the graph is connected. Mutates `adj`; returns the number of links added.
 */
function bridgeIslands(adj: number[][], centroids: Float64Array): number {
  const n = adj.length;
  let bridges = 0;
  for (;;) {
    const comp = components(adj);
    const sizes = new Map<number, number>();
    comp.forEach((c) => sizes.set(c, (sizes.get(c) ?? 0) + 1));
    if (sizes.size <= 1) break;
    const smallest = [...sizes.entries()].sort((a, b) => a[1] - b[1])[0][0];
    let best = Infinity;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < n; i++) {
      if (comp[i] !== smallest) continue;
      for (let j = 0; j < n; j++) {
        if (comp[j] === smallest) continue;
        const d = haversineM(centroids[2 * i], centroids[2 * i + 1], centroids[2 * j], centroids[2 * j + 1]);
        if (d < best) {
          best = d;
          bi = i;
          bj = j;
        }
      }
    }
    adj[bi].push(bj);
    adj[bj].push(bi);
    bridges++;
  }
  return bridges;
}

function components(adj: number[][]): Int32Array {
  const comp = new Int32Array(adj.length).fill(-1);
  let c = 0;
  for (let s = 0; s < adj.length; s++) {
    if (comp[s] >= 0) continue;
    const stack = [s];
    comp[s] = c;
    while (stack.length) {
      const u = stack.pop()!;
      for (const v of adj[u]) if (comp[v] < 0) {
        comp[v] = c;
        stack.push(v);
      }
    }
    c++;
  }
  return comp;
}

/** Urban centres `[lng, lat, peak customers per km², kernel km]` of the synthetic density. */
const CENTRES: Array<[number, number, number, number]> = [
  [113.27, 23.13, 700, 6], // Yuexiu / Liwan old town
  [113.33, 23.125, 600, 5], // Tianhe
  [113.3, 23.1, 500, 4], // Haizhu
  [113.27, 23.2, 450, 6], // Baiyun
  [113.46, 23.11, 350, 6], // Huangpu
  [113.38, 22.94, 450, 7], // Panyu
  [113.22, 23.4, 350, 6], // Huadu
  [113.82, 23.29, 300, 6], // Zengcheng
  [113.59, 23.55, 250, 5], // Conghua
  [113.53, 22.8, 250, 6], // Nansha
];

/**
 * Synthetic customers per cell: a floor of 150 per km² (villages) plus urban kernels, with ±30%
 * seeded noise, scaled by cell area; load = customers × 1.4–2.0 kW plus industrial rings.
 * The dynamic range is kept small (peak cell ≈ 4× the average) so k = 1000 at res 8 stays feasible;
 * real customer density is far more concentrated.
 */
export function syntheticWeights(centroids: Float64Array, res: number): { customers: Float64Array; loadKw: Float64Array } {
  const n = centroids.length / 2;
  const rng = mulberry32(20261128 + res);
  const areaKm2 = (1.5 * Math.sqrt(3) * getHexagonEdgeLengthAvg(res, UNITS.km) ** 2);
  const customers = new Float64Array(n);
  const loadKw = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lng = centroids[2 * i];
    const lat = centroids[2 * i + 1];
    let density = 150;
    let industry = 0;
    for (const [cx, cy, peak, km] of CENTRES) {
      const d = haversineM(lng, lat, cx, cy) / 1000;
      density += peak * Math.exp(-d / km);
      industry += Math.exp(-(((d - km * 1.5) / 2) ** 2));
    }
    density *= 0.7 + 0.6 * rng();
    customers[i] = Math.round(density * areaKm2);
    loadKw[i] = Math.round(customers[i] * (1.4 + 0.6 * rng()) + industry * 30 * areaKm2 * rng());
  }
  return { customers, loadKw };
}

let seedLevels: CellLevel[] | null = null;

/**
 * The Guangzhou cell graph from the product's own pipeline: the seed's customer generator
 * (`generateCellWeights`, 1 000 000 customers, seed 1: customers and contracted load per cell, rolled
 * up from res 10) and `geo/cells` adjacency, islands joined to the mainland as above.
 */
export function buildSeedGraph(res: number, customers = 1_000_000): CellBenchGraph {
  if (!seedLevels) seedLevels = generateCellWeights(loadSources(), { seed: 1, customers }).levels;
  const level = seedLevels.find((l) => l.res === res);
  if (!level) throw new Error(`the seed has no res ${res} level`);
  const g = buildCellGraph(level.cells, { customers: level.customers, loadKw: level.loadKw, faults: level.faults, areaKm2: level.areaKm2 }, level.district);
  const n = level.cells.length;
  const centroids = cellCentersInto(level.cells);
  const adj: number[][] = [];
  for (let i = 0; i < n; i++) adj.push(Array.from(g.targets.subarray(g.offsets[i], g.offsets[i + 1])));
  const bridges = bridgeIslands(adj, centroids);
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + adj[i].length;
  const targets = new Int32Array(offsets[n]);
  for (let i = 0; i < n; i++) targets.set(adj[i].sort((a, b) => a - b), offsets[i]);
  return {
    name: `guangzhou-h3r${res}`,
    cells: level.cells as string[],
    graph: { offsets, targets },
    centroids,
    district: Int32Array.from(level.district),
    customers: level.customers,
    loadKw: Float64Array.from(level.loadKw, (x) => Math.round(x)),
    bridges,
    source: 'seed generator (generateCellWeights, 1 000 000 customers, seed 1) + geo/cells',
  };
}
