/**
 * Per-cell activity fields that shape where customers live and where faults happen: kernels around metro and
 * rail stations, district centres and the urban core, old-town hotspots, thinning toward the mountainous
 * north, and patchy texture (parks, water, villages, industrial estates). Pure: arrays in, arrays out.
 */
import KDBush from 'kdbush';
import { valueNoise, hash3 } from './noise.ts';
import { xKm, yKm } from './projection.ts';

/** A point with a kind, `[lng, lat]`. */
export interface Anchor {
  lngLat: readonly [number, number];
  kind: string;
}

/** Inputs of `computeFields`. */
export interface FieldInput {
  seed: number;
  /** Cell centres, `[lng0, lat0, lng1, lat1, …]` (stride 2). */
  cellLngLat: Float64Array;
  /** District id per cell. */
  cellDistrict: Int16Array;
  /** District centres by district id (index 0 unused). */
  districtCentres: ReadonlyArray<readonly [number, number] | undefined>;
  /** District areas by id, km² (sets the width of each centre kernel). */
  districtAreaKm2: ArrayLike<number>;
  /** Rail and metro stations. */
  stations: readonly Anchor[];
}

/** Per-cell fields, all indexed like the cells (Float32Array, dimensionless). */
export interface Fields {
  /** Local x/y in km (stride 1 each). */
  x: Float32Array;
  y: Float32Array;
  /** Sum of station kernels (subway ≈ 1 at a station). */
  station: Float32Array;
  /** District-centre kernel, 0..1. */
  centre: Float32Array;
  /** Urban-core kernel (Tianhe/Yuexiu), 0..1. */
  core: Float32Array;
  /** Old-town kernel (Xiguan, Beijing Road, Dongshan, south bank), 0..1. */
  oldTown: Float32Array;
  /** Mountain/north factor: 1 in the plain, down to ~0.1 in the north, ~0.05 on Baiyun Mountain. */
  open: Float32Array;
  /** Fine-grained patchiness, 0 for empty cells (parks, water), otherwise lognormal-ish around 1. */
  texture: Float32Array;
  /** Industrial-estate field: 1 inside estates, small elsewhere. */
  industry: Float32Array;
}

// station kernels: amplitude and σ (km) per OSM station kind
const STATION_KERNEL: Record<string, [number, number]> = {
  subway: [1.0, 0.7],
  train: [0.7, 1.0],
  tram: [0.4, 0.5],
  monorail: [0.3, 0.5],
};

// historic cores (WGS84): Beijing Road, Shangxiajiu/Xiguan, Dongshan, Nanhuaxi (Haizhu's old river bank)
const OLD_TOWN: ReadonlyArray<readonly [number, number, number]> = [
  [113.2706, 23.1265, 1.4],
  [113.2445, 23.1205, 1.4],
  [113.2975, 23.1255, 1.0],
  [113.2620, 23.1080, 1.0],
];
// Tianhe/Yuexiu boundary, centre of the modern urban core
const CORE: readonly [number, number] = [113.305, 23.135];
const CORE_SIGMA_KM = 8;
// Baiyun Mountain scenic area: almost nobody lives there
const BAIYUN_MOUNTAIN: readonly [number, number, number] = [113.3, 23.18, 2.3];

/**
 * Computes the fields for every cell. O(cells + Σ cells near each station) with a KD-tree on cell centres.
 * @throws RangeError when array lengths disagree.
 */
export function computeFields(input: FieldInput): Fields {
  const n = input.cellDistrict.length;
  if (input.cellLngLat.length !== 2 * n) throw new RangeError(`cellLngLat has length ${input.cellLngLat.length}, expected ${2 * n}`);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const idx = new KDBush(n, 64, Float32Array);
  for (let i = 0; i < n; i++) {
    x[i] = xKm(input.cellLngLat[2 * i]);
    y[i] = yKm(input.cellLngLat[2 * i + 1]);
    idx.add(x[i], y[i]);
  }
  idx.finish();

  const station = new Float32Array(n);
  const hits: number[] = [];
  for (const s of input.stations) {
    const [amp, sigma] = STATION_KERNEL[s.kind] ?? [0.3, 0.5];
    const sx = xKm(s.lngLat[0]);
    const sy = yKm(s.lngLat[1]);
    hits.length = 0;
    const k = idx.withinInto(sx, sy, 3 * sigma, hits);
    const inv = 1 / (2 * sigma * sigma);
    for (let j = 0; j < k; j++) {
      const i = hits[j];
      const dx = x[i] - sx;
      const dy = y[i] - sy;
      station[i] += amp * Math.exp(-(dx * dx + dy * dy) * inv);
    }
  }

  const centre = new Float32Array(n);
  const core = new Float32Array(n);
  const oldTown = new Float32Array(n);
  const open = new Float32Array(n);
  const texture = new Float32Array(n);
  const industry = new Float32Array(n);
  const cx = xKm(CORE[0]);
  const cy = yKm(CORE[1]);
  const mx = xKm(BAIYUN_MOUNTAIN[0]);
  const my = yKm(BAIYUN_MOUNTAIN[1]);
  const oldXY = OLD_TOWN.map(([lng, lat, s]) => [xKm(lng), yKm(lat), s] as const);
  const seed = input.seed;
  for (let i = 0; i < n; i++) {
    const d = input.cellDistrict[i];
    const c = input.districtCentres[d];
    if (c) {
      const sigma = 2.5 + Math.sqrt(input.districtAreaKm2[d] || 0) / 8;
      const dx = x[i] - xKm(c[0]);
      const dy = y[i] - yKm(c[1]);
      centre[i] = Math.exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
    }
    {
      const dx = x[i] - cx;
      const dy = y[i] - cy;
      core[i] = Math.exp(-(dx * dx + dy * dy) / (2 * CORE_SIGMA_KM * CORE_SIGMA_KM));
    }
    let ot = 0;
    for (const [ox, oy, s] of oldXY) {
      const dx = x[i] - ox;
      const dy = y[i] - oy;
      ot = Math.max(ot, Math.exp(-(dx * dx + dy * dy) / (2 * s * s)));
    }
    oldTown[i] = ot;
    // plain below 23.35°N; the Nanling foothills thin out to 10 % by 23.75°N
    const lat = input.cellLngLat[2 * i + 1];
    let o = lat <= 23.35 ? 1 : Math.max(0.1, 1 - (0.9 * (lat - 23.35)) / 0.4);
    const mdx = x[i] - mx;
    const mdy = y[i] - my;
    if (mdx * mdx + mdy * mdy < BAIYUN_MOUNTAIN[2] * BAIYUN_MOUNTAIN[2]) o *= 0.05;
    open[i] = o;
    // patchiness: a 2 km field (neighbourhoods) times a 0.6 km field (blocks); ~12 % of cells are empty
    const coarse = valueNoise(x[i], y[i], 2.0, seed ^ 0x51ed27);
    const fine = valueNoise(x[i], y[i], 0.6, seed ^ 0x2c1b3c6d);
    const empty = hash3(i, 7, seed) < 0.12;
    texture[i] = empty ? 0 : Math.exp(1.2 * (coarse - 0.5) + 1.0 * (fine - 0.5));
    // industrial estates: the top ~25 % of a 3.5 km field
    const ind = valueNoise(x[i], y[i], 3.5, seed ^ 0x6a09e667);
    industry[i] = ind > 0.62 ? 1 : 0.04;
  }
  return { x, y, station, centre, core, oldTown, open, texture, industry };
}
