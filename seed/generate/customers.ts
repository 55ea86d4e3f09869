/**
 * Synthetic customers (electricity accounts), pure: typed arrays in, typed arrays out, no database.
 *
 * 1. `districtTargets` turns the 2020 census population of each district into residential accounts (population /
 *    household size) plus commercial and industrial accounts (per-district ratios), scaled to the requested total
 *    with largest-remainder rounding, so totals are exact.
 * 2. `planCustomers` spreads each (district, type) total over the district's finest cells in proportion to a
 *    density weight (stations, district centre, urban core, mountain thinning, texture; commercial accounts
 *    concentrate more on stations and centres, industrial ones in industrial estates) by systematic sampling,
 *    and picks each cell's feeding substation.
 * 3. `emitCustomers` materialises any range of cells: ids are contiguous per cell, positions jittered inside
 *    the cell, contracted load drawn per type. Every cell has its own RNG stream, so chunks can be generated
 *    independently and the result does not depend on the chunk size.
 */
import { mulberry32, gaussian } from '../../geo/random.ts';
import type { Fields } from './density.ts';
import { hash3 } from './noise.ts';
import { KM_PER_DEG_LAT, KM_PER_DEG_LNG, xKm, yKm } from './projection.ts';

/** Customer types in the order of the `customer_type` enum; index = type code. */
export const CUSTOMER_TYPES = ['residential', 'commercial', 'industrial'] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];
export const RESIDENTIAL = 0;
export const COMMERCIAL = 1;
export const INDUSTRIAL = 2;

/**
 * Contracted load model per type: lognormal with median `median` kW and log-sd `sigma`, clipped to
 * [min, max] and rounded to `step` kW. Household contracts in Guangzhou are typically 4–10 kW; shops and
 * offices tens of kW; factories hundreds.
 */
export const LOAD_MODEL: ReadonlyArray<{ median: number; sigma: number; min: number; max: number; step: number }> = [
  { median: 6, sigma: 0.35, min: 2, max: 20, step: 0.5 },
  { median: 25, sigma: 0.9, min: 3, max: 1000, step: 1 },
  { median: 160, sigma: 0.9, min: 30, max: 10000, step: 5 },
];

/** What the generator needs to know about a district. */
export interface DistrictInput {
  id: number;
  population: number;
  householdSize: number;
  commercialPerResidential: number;
  industrialPerResidential: number;
}

/** A substation as the feeding rule sees it. */
export interface SubstationInput {
  /** Highest voltage, kV, or null. */
  voltageKv: number | null;
  lngLat: readonly [number, number];
}

/**
 * Accounts per (district, type) for a total of `count`: `out[districtId * 3 + type]`. Residential accounts are
 * population / household size; commercial and industrial follow the per-district ratios; all are scaled to
 * `count` with largest-remainder rounding (the sum is exactly `count`). O(districts).
 * @throws RangeError when `count` is not a positive integer or the districts have no population.
 */
export function districtTargets(count: number, districts: readonly DistrictInput[]): Int32Array {
  if (!Number.isInteger(count) || count <= 0) throw new RangeError(`count must be a positive integer, got ${count}`);
  const maxId = Math.max(...districts.map((d) => d.id));
  const raw = new Float64Array((maxId + 1) * 3);
  let total = 0;
  for (const d of districts) {
    const res = d.population / d.householdSize;
    raw[d.id * 3] = res;
    raw[d.id * 3 + 1] = res * d.commercialPerResidential;
    raw[d.id * 3 + 2] = res * d.industrialPerResidential;
    total += res * (1 + d.commercialPerResidential + d.industrialPerResidential);
  }
  if (!(total > 0)) throw new RangeError('districts must have a positive population');
  const out = new Int32Array(raw.length);
  const rem: Array<[number, number]> = [];
  let assigned = 0;
  for (let k = 0; k < raw.length; k++) {
    const exact = (raw[k] * count) / total;
    out[k] = Math.floor(exact);
    assigned += out[k];
    rem.push([exact - out[k], k]);
  }
  rem.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let j = 0; assigned < count; j++, assigned++) out[rem[j % rem.length][1]]++;
  return out;
}

/** Inputs of `planCustomers`. */
export interface PlanInput {
  seed: number;
  count: number;
  /** Finest cells' centres, stride 2 `[lng, lat]`. */
  cellLngLat: Float64Array;
  cellDistrict: Int16Array;
  fields: Fields;
  districts: readonly DistrictInput[];
  substations: readonly SubstationInput[];
}

/** Where the customers go, per finest cell. */
export interface CustomerPlan {
  seed: number;
  count: number;
  /** Customers per cell and type, stride 3: `perCell[c * 3 + type]`. */
  perCell: Int32Array;
  /** Customer ids of cell c are `firstId[c] + 1 … firstId[c + 1]` (ids are 1-based); length cells + 1. */
  firstId: Int32Array;
  /** Index (0-based) into the substations of the one feeding cell c, or -1 for cells without customers. */
  cellSubstation: Int16Array;
  /** The district totals used, `[districtId * 3 + type]`. */
  targets: Int32Array;
}

/** Per-type cell weight; see the module comment. */
function typeWeight(f: Fields, i: number, type: number): number {
  const tex = f.texture[i];
  if (tex === 0) return 0;
  const kernels = f.station[i] + 1.0 * f.centre[i] + 1.2 * f.core[i];
  switch (type) {
    case RESIDENTIAL:
      return tex * (0.12 * f.open[i] + Math.sqrt(f.open[i]) * kernels);
    case COMMERCIAL:
      return tex * tex * (0.03 * f.open[i] + Math.sqrt(f.open[i]) * (1.8 * f.station[i] + 1.2 * f.centre[i] + 1.0 * f.core[i]));
    default:
      return tex * f.industry[i] * f.open[i] * (1 - 0.85 * f.core[i]) * (1 - 0.5 * f.centre[i]);
  }
}

/** Capacity factor of the weighted-distance feeding rule: bigger substations serve wider areas. */
function feedFactor(voltageKv: number | null): number {
  if (voltageKv === null) return 0.9; // mostly small distribution substations without tags
  if (voltageKv <= 35) return 0.5;
  if (voltageKv <= 110) return 1.0;
  return 1.25; // 220 kV
}

/**
 * Plans the customers: per-cell counts by type (systematic sampling of each district's weights, so every
 * district/type total is met exactly) and each cell's feeding substation: the one minimising
 * distance / capacity factor among substations up to 220 kV (500/800 kV ones are transmission hubs that feed
 * no customers directly). O(cells · (types + substations)).
 * @throws RangeError when inputs disagree in length or a district has no cell with weight.
 */
export function planCustomers(input: PlanInput): CustomerPlan {
  const n = input.cellDistrict.length;
  if (input.cellLngLat.length !== 2 * n) throw new RangeError(`cellLngLat has length ${input.cellLngLat.length}, expected ${2 * n}`);
  const targets = districtTargets(input.count, input.districts);
  const perCell = new Int32Array(n * 3);
  // cells of each district, in cell order
  const byDistrict = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const d = input.cellDistrict[i];
    let list = byDistrict.get(d);
    if (!list) byDistrict.set(d, (list = []));
    list.push(i);
  }
  for (const d of input.districts) {
    const cells = byDistrict.get(d.id) ?? [];
    for (let type = 0; type < 3; type++) {
      const want = targets[d.id * 3 + type];
      if (want === 0) continue;
      let total = 0;
      for (const i of cells) total += typeWeight(input.fields, i, type);
      if (!(total > 0)) throw new RangeError(`district ${d.id} has no cell with weight for type ${type}`);
      // systematic sampling: one uniform offset, then evenly spaced points along the cumulative weight
      const u0 = hash3(d.id, type, input.seed);
      let acc = 0;
      let prev = 0;
      let last = -1;
      for (const i of cells) {
        const w = typeWeight(input.fields, i, type);
        if (w === 0) continue;
        acc += w;
        const k = Math.min(want, Math.floor((acc / total) * want + u0));
        perCell[i * 3 + type] += k - prev;
        prev = k;
        last = i;
      }
      perCell[last * 3 + type] += want - prev; // floating-point slack at the end
    }
  }
  const firstId = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) firstId[i + 1] = firstId[i] + perCell[i * 3] + perCell[i * 3 + 1] + perCell[i * 3 + 2];

  // feeding substation per populated cell (weighted nearest)
  const subs: Array<{ k: number; x: number; y: number; f2: number }> = [];
  input.substations.forEach((s, k) => {
    if (s.voltageKv !== null && s.voltageKv > 220) return;
    const f = feedFactor(s.voltageKv);
    subs.push({ k, x: xKm(s.lngLat[0]), y: yKm(s.lngLat[1]), f2: f * f });
  });
  const sx = Float64Array.from(subs, (s) => s.x);
  const sy = Float64Array.from(subs, (s) => s.y);
  const sf = Float64Array.from(subs, (s) => 1 / s.f2);
  const cellSubstation = new Int16Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    if (firstId[i + 1] === firstId[i]) continue;
    const x = input.fields.x[i];
    const y = input.fields.y[i];
    let best = -1;
    let bestScore = Infinity;
    for (let j = 0; j < sx.length; j++) {
      const dx = x - sx[j];
      const dy = y - sy[j];
      const score = (dx * dx + dy * dy) * sf[j];
      if (score < bestScore) {
        bestScore = score;
        best = j;
      }
    }
    cellSubstation[i] = best >= 0 ? subs[best].k : -1;
  }
  return { seed: input.seed, count: input.count, perCell, firstId, cellSubstation, targets };
}

/** A run of generated customers (columns; `n` rows are valid). */
export interface CustomerChunk {
  n: number;
  /** 1-based customer id. */
  id: Int32Array;
  /** Index into CUSTOMER_TYPES. */
  type: Uint8Array;
  /** Contracted load, kW. */
  loadKw: Float32Array;
  /** WGS84 degrees. */
  lng: Float64Array;
  lat: Float64Array;
  /** Finest cell index. */
  cell: Int32Array;
}

/** Allocates a chunk able to hold `capacity` customers. */
export function allocChunk(capacity: number): CustomerChunk {
  return {
    n: 0,
    id: new Int32Array(capacity),
    type: new Uint8Array(capacity),
    loadKw: new Float32Array(capacity),
    lng: new Float64Array(capacity),
    lat: new Float64Array(capacity),
    cell: new Int32Array(capacity),
  };
}

/** Draws a contracted load (kW) for a type from `LOAD_MODEL`. O(1). */
export function drawLoadKw(rng: () => number, type: number): number {
  const m = LOAD_MODEL[type];
  const v = Math.min(m.max, Math.max(m.min, m.median * Math.exp(m.sigma * gaussian(rng))));
  return Math.round(v / m.step) * m.step;
}

/**
 * Materialises the customers of cells `[from, to)` into `out` (reused; must hold
 * `firstId[to] − firstId[from]` rows). Positions are uniform in a disk of radius `jitterM` metres around the
 * cell centre (keep it below the cell's inscribed radius so points stay in their cell).
 * O(customers in the range).
 * @throws RangeError when `out` is too small.
 */
export function emitCustomers(
  plan: CustomerPlan,
  cellLngLat: Float64Array,
  from: number,
  to: number,
  jitterM: number,
  out: CustomerChunk,
): CustomerChunk {
  const need = plan.firstId[to] - plan.firstId[from];
  if (out.id.length < need) throw new RangeError(`out holds ${out.id.length} customers, need ${need}`);
  const rx = jitterM / 1000 / KM_PER_DEG_LNG;
  const ry = jitterM / 1000 / KM_PER_DEG_LAT;
  let k = 0;
  for (let c = from; c < to; c++) {
    let id = plan.firstId[c];
    if (plan.firstId[c + 1] === id) continue;
    const rng = mulberry32(Math.floor(hash3(c, 0x5eed, plan.seed) * 4294967296));
    const lng0 = cellLngLat[2 * c];
    const lat0 = cellLngLat[2 * c + 1];
    for (let type = 0; type < 3; type++) {
      for (let j = plan.perCell[c * 3 + type]; j > 0; j--) {
        const r = Math.sqrt(rng());
        const a = 2 * Math.PI * rng();
        out.id[k] = ++id;
        out.type[k] = type;
        out.loadKw[k] = drawLoadKw(rng, type);
        out.lng[k] = lng0 + rx * r * Math.cos(a);
        out.lat[k] = lat0 + ry * r * Math.sin(a);
        out.cell[k] = c;
        k++;
      }
    }
  }
  out.n = k;
  return out;
}
