/**
 * The generated part of the demo dataset, without a database: service-area cells, density fields, the customer
 * plan, crews and managers, and (via `generateCellWeights`) exact per-cell weights at every resolution 7–10.
 * The partition benchmark uses this to get realistic weights without PostgreSQL.
 */
import { cellBoundaries, buildHierarchy, edgeLengthM, parentsOf, refineWithin, tessellate, type Boundaries, type CellLevel, type H3Cell, type Tessellation } from '../../geo/cells/index.ts';
import type { DistrictMeta } from '../districts.ts';
import { generateCrews, type CrewSeed } from './crews.ts';
import { allocChunk, emitCustomers, planCustomers, type CustomerPlan } from './customers.ts';
import { computeFields, type Fields } from './density.ts';
import { generateFaults, type FaultSet } from './faults.ts';
import { generateManagers, type ManagerSeed } from './managers.ts';

/** The reference "now" of the default demo: the fault history's twelve months end here (China Standard Time). */
export const DEFAULT_REFERENCE_NOW = '2026-11-28T00:00:00+08:00';
/** The finest resolution stored; coarser ones (down to 7) are rolled up from it. */
export const FINEST_RES = 10;
/** Resolution the service area is polyfilled at (res 10 are its children, see `refine`). */
export const BASE_RES = 9;
export const COARSEST_RES = 7;
/** Customer positions are jittered this far (m) around their res-10 cell centre (inscribed radius ≈ 66 m). */
export const JITTER_M = 50;
/** Crews and grid managers in the demo. */
export const CREW_COUNT = 80;
export const MANAGER_COUNT = 300;

/** The real inputs the generator needs (see seed/sources.ts). */
export interface DatasetSources {
  districts: ReadonlyArray<DistrictMeta & { geometry: number[][][][] }>;
  substations: ReadonlyArray<{ voltageKv: number | null; districtId: number; lngLat: [number, number] }>;
  stations: ReadonlyArray<{ kind: string; lngLat: [number, number] }>;
}

/** Everything generated before customers are materialised. */
export interface DatasetPlan {
  seed: number;
  count: number;
  nowMs: number;
  /** Finest (res 10) cells of the service area: children of the res-9 cover whose centre is in a district. */
  cells: Tessellation;
  /** Res-9 parent index of each finest cell, and the res-9 cells. */
  res9: H3Cell[];
  res9Of: Int32Array;
  cellLngLat: Float64Array;
  fields: Fields;
  plan: CustomerPlan;
  crews: CrewSeed[];
  managers: ManagerSeed[];
  /** Capacity proxy per substation (0-based index), kW. */
  substationCapacityKw: Float64Array;
  /** Old-town weight per district id. */
  districtOldTown: Float64Array;
}

/** Capacity proxy of a substation by voltage, kVA (typical transformer banks). */
function capacityKva(v: number | null): number {
  if (v === null) return 80_000;
  if (v <= 35) return 30_000;
  if (v <= 110) return 150_000;
  if (v <= 220) return 720_000;
  return 2_000_000;
}

/**
 * Plans the dataset: tessellation (res 9, refined to res 10), fields, customer plan, crews, managers.
 * Deterministic in (sources, seed, count, now). O(cells · substations) dominated by the feeding rule.
 * @throws RangeError for a bad count or reference time.
 */
export function planDataset(src: DatasetSources, opts: { seed: number; customers: number; now?: string }): DatasetPlan {
  const nowMs = Date.parse(opts.now ?? DEFAULT_REFERENCE_NOW);
  if (!Number.isFinite(nowMs)) throw new RangeError(`now must be an ISO timestamp, got ${opts.now}`);
  const shapes = src.districts.map((d) => ({ id: d.id, polygons: d.geometry }));
  const base = tessellate(shapes, BASE_RES);
  // res-10 children of the res-9 cover whose centres lie inside the districts
  const { centres: cellLngLat, ...cells } = refineWithin(base, FINEST_RES, shapes);
  const { parents: res9, childParent: res9Of } = parentsOf(cells.cells, BASE_RES);
  const maxId = Math.max(...src.districts.map((d) => d.id));
  const centres: Array<[number, number] | undefined> = new Array(maxId + 1);
  const areaKm2 = new Float64Array(maxId + 1);
  // approximate district areas (regular hexagon of the average edge) only set kernel widths
  const e = edgeLengthM(BASE_RES) / 1000;
  for (let i = 0; i < base.cells.length; i++) areaKm2[base.district[i]] += 1.5 * Math.sqrt(3) * e * e;
  for (const d of src.districts) centres[d.id] = d.centre;
  const fields = computeFields({ seed: opts.seed, cellLngLat, cellDistrict: cells.district, districtCentres: centres, districtAreaKm2: areaKm2, stations: src.stations });
  const plan = planCustomers({
    seed: opts.seed,
    count: opts.customers,
    cellLngLat,
    cellDistrict: cells.district,
    fields,
    districts: src.districts,
    substations: src.substations,
  });
  // served load estimate per substation (median loads) to place crew depots at busy substations
  const served = new Float64Array(src.substations.length);
  const districtCustomers = new Float64Array(maxId + 1);
  for (let c = 0; c < cells.cells.length; c++) {
    const k = plan.cellSubstation[c];
    const n = plan.firstId[c + 1] - plan.firstId[c];
    districtCustomers[cells.district[c]] += n;
    if (k >= 0) served[k] += 6 * plan.perCell[c * 3] + 25 * plan.perCell[c * 3 + 1] + 160 * plan.perCell[c * 3 + 2];
  }
  const crews = generateCrews({
    seed: opts.seed,
    count: CREW_COUNT,
    districts: src.districts,
    districtCustomers,
    substations: src.substations.map((s, k) => ({ districtId: s.districtId, lngLat: s.lngLat, servedKw: served[k] })),
  });
  const cum = new Float64Array(cells.cells.length);
  for (let c = 0; c < cells.cells.length; c++) cum[c] = plan.firstId[c + 1];
  const managers = generateManagers(opts.seed, MANAGER_COUNT, cum, cellLngLat);
  const substationCapacityKw = Float64Array.from(src.substations, (s) => capacityKva(s.voltageKv) * 0.9);
  const districtOldTown = new Float64Array(maxId + 1);
  for (const d of src.districts) districtOldTown[d.id] = d.oldTown;
  return { seed: opts.seed, count: opts.customers, nowMs, cells, res9, res9Of, cellLngLat, fields, plan, crews, managers, substationCapacityKw, districtOldTown };
}

/**
 * Generates the fault history for a plan, given the exact contracted load per finest cell.
 * O(F · (log cells + crews)).
 */
export function planFaults(p: DatasetPlan, cellLoadKw: Float64Array): FaultSet {
  return generateFaults({
    seed: p.seed,
    nowMs: p.nowMs,
    plan: p.plan,
    fields: p.fields,
    cellDistrict: p.cells.district,
    cellLoadKw,
    districtOldTown: p.districtOldTown,
    substationCapacityKw: p.substationCapacityKw,
    crews: p.crews,
  });
}

/**
 * Exact per-cell weights at resolutions 10 … 7 without a database: materialises the customers chunk by chunk
 * (no strings), generates the faults, and rolls everything up. Returned levels go from res 10 to res 7; feed
 * one of them to `buildCellGraph` for the partitioner. Also returns the finest cells' boundaries.
 * O(customers + faults + cells).
 */
export function generateCellWeights(src: DatasetSources, opts: { seed: number; customers: number; now?: string }): { plan: DatasetPlan; levels: CellLevel[]; boundaries: Boundaries } {
  const p = planDataset(src, opts);
  const n = p.cells.cells.length;
  const customers = new Float64Array(n);
  const loadKw = new Float64Array(n);
  const chunk = allocChunk(Math.max(1, maxCellRun(p.plan.firstId, 200_000)));
  for (let from = 0; from < n; ) {
    const to = nextCut(p.plan.firstId, from, 200_000);
    emitCustomers(p.plan, p.cellLngLat, from, to, JITTER_M, chunk);
    for (let i = 0; i < chunk.n; i++) {
      customers[chunk.cell[i]]++;
      loadKw[chunk.cell[i]] += chunk.loadKw[i];
    }
    from = to;
  }
  const faults = planFaults(p, loadKw);
  const faultCount = new Float64Array(n);
  for (let j = 0; j < faults.n; j++) if (faults.status[j] !== 3) faultCount[faults.cell[j]]++;
  const boundaries = finestBoundaries(p);
  const levels = buildHierarchy(
    { res: FINEST_RES, cells: p.cells.cells, district: p.cells.district, customers, loadKw, faults: faultCount, areaKm2: boundaries.areaKm2 },
    COARSEST_RES,
  );
  return { plan: p, levels, boundaries };
}

/**
 * The end (exclusive) of a run of cells starting at `from` holding at most `budget` customers (at least one
 * cell). O(cells in the run).
 */
export function nextCut(firstId: Int32Array, from: number, budget: number): number {
  const n = firstId.length - 1;
  let to = from + 1;
  while (to < n && firstId[to + 1] - firstId[from] <= budget) to++;
  return to;
}

/** The largest number of customers `nextCut` can put in one run with this budget. */
export function maxCellRun(firstId: Int32Array, budget: number): number {
  let maxCell = 0;
  for (let c = 0; c + 1 < firstId.length; c++) maxCell = Math.max(maxCell, firstId[c + 1] - firstId[c]);
  return Math.max(budget, maxCell);
}

/**
 * Boundaries and areas of the finest cells, translated from one exact reference per res-8 parent
 * (see geo/cells/boundaries.ts; vertices within a few centimetres of h3-js's). O(cells).
 */
export function finestBoundaries(p: DatasetPlan): Boundaries {
  return cellBoundaries(p.cells.cells, p.cellLngLat, FINEST_RES - 2);
}
