/**
 * Repair crews (抢修班组): about 80, spread over the districts roughly by customers, each with a depot next to
 * one of the district's busiest substations, a skill set and a day or night shift. Pure.
 */
import { mulberry32, shuffleInPlace } from '../../geo/random.ts';
import { KM_PER_DEG_LAT, KM_PER_DEG_LNG } from './projection.ts';

/** Crew skills (what the `crews.skills` array holds). */
export const SKILLS = ['line', 'transformer', 'meter', 'cable'] as const;
export type Skill = (typeof SKILLS)[number];

/** A generated crew. */
export interface CrewSeed {
  id: number;
  code: string;
  name: string;
  districtId: number;
  skills: Skill[];
  /** Depot, WGS84 `[lng, lat]`. */
  depot: [number, number];
  /** Shift start/end, minutes after local midnight; end < start means the shift crosses midnight. */
  shiftStartMin: number;
  shiftEndMin: number;
}

// skill sets of the crews in each district, in order; the first three already cover every skill
const SKILL_SETS: Skill[][] = [
  ['line', 'cable'],
  ['transformer', 'line'],
  ['meter'],
  ['cable', 'transformer'],
  ['line', 'meter'],
  ['line', 'transformer', 'cable', 'meter'],
];
const DAY: [number, number] = [8 * 60, 20 * 60];
const NIGHT: [number, number] = [20 * 60, 8 * 60];

/** Inputs of `generateCrews`. */
export interface CrewInput {
  seed: number;
  count: number;
  districts: ReadonlyArray<{ id: number; nameZh: string }>;
  /** Customers per district id. */
  districtCustomers: ArrayLike<number>;
  /** Substations with the load they feed, kW. */
  substations: ReadonlyArray<{ districtId: number; lngLat: readonly [number, number]; servedKw: number }>;
}

/**
 * Generates `count` crews: at least 3 per district, the rest in proportion to customers^0.7 (largest
 * remainder); depots 100–300 m from the district's most loaded substations (round-robin); alternating day
 * (08:00–20:00) and night (20:00–08:00) shifts. O(count + substations · log).
 * @throws RangeError when `count` < 3 × districts.
 */
export function generateCrews(input: CrewInput): CrewSeed[] {
  const nd = input.districts.length;
  if (!Number.isInteger(input.count) || input.count < 3 * nd) throw new RangeError(`count must be an integer ≥ ${3 * nd}, got ${input.count}`);
  const rng = mulberry32(input.seed ^ 0xc4e3);
  const w = input.districts.map((d) => Math.pow(Math.max(0, input.districtCustomers[d.id] ?? 0), 0.7));
  const wSum = w.reduce((a, b) => a + b, 0) || 1;
  const spare = input.count - 3 * nd;
  const per = w.map((x) => 3 + Math.floor((spare * x) / wSum));
  const order = w.map((x, i) => [(spare * x) / wSum - Math.floor((spare * x) / wSum), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  let left = input.count - per.reduce((a, b) => a + b, 0);
  for (let j = 0; left > 0; j++, left--) per[order[j % nd][1]]++;

  const crews: CrewSeed[] = [];
  input.districts.forEach((d, di) => {
    const subs = input.substations.filter((s) => s.districtId === d.id).sort((a, b) => b.servedKw - a.servedKw);
    const sets = shuffleInPlace(rng, SKILL_SETS.slice(3)); // keep the covering three first, vary the rest
    const short = d.nameZh.replace(/区$/, '');
    for (let j = 0; j < per[di]; j++) {
      const base = subs.length > 0 ? subs[j % Math.min(subs.length, Math.max(3, Math.ceil(per[di] / 2)))].lngLat : ([113.3, 23.1] as const);
      const r = 0.1 + 0.2 * rng();
      const a = 2 * Math.PI * rng();
      const shift = j % 2 === 0 ? DAY : NIGHT;
      const id = crews.length + 1;
      crews.push({
        id,
        code: `C${String(id).padStart(3, '0')}`,
        name: `${short}抢修${j + 1}班`,
        districtId: d.id,
        skills: [...(j < 3 ? SKILL_SETS[j] : sets[(j - 3) % sets.length])],
        depot: [base[0] + (r * Math.cos(a)) / KM_PER_DEG_LNG, base[1] + (r * Math.sin(a)) / KM_PER_DEG_LAT],
        shiftStartMin: shift[0],
        shiftEndMin: shift[1],
      });
    }
  });
  return crews;
}

/** True when a crew's shift covers `minuteOfDay` (0..1439, local time). O(1). */
export function onShift(c: Pick<CrewSeed, 'shiftStartMin' | 'shiftEndMin'>, minuteOfDay: number): boolean {
  return c.shiftStartMin <= c.shiftEndMin
    ? minuteOfDay >= c.shiftStartMin && minuteOfDay < c.shiftEndMin
    : minuteOfDay >= c.shiftStartMin || minuteOfDay < c.shiftEndMin;
}
