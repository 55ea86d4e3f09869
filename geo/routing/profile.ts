/**
 * Time-of-day speed profile. A day is split into named periods (e.g. `peak` = 07:00–09:30 and
 * 17:00–19:30 local time); outside every period the free-flow speeds apply. Each period scales the
 * free-flow speed of every road class by a factor (0.55 = peak traffic runs at 55 % of free flow).
 *
 * Approach: one set of integer edge weights and one contraction hierarchy per period (period 0 is
 * free flow). Queries pick the hierarchy of the departure time. Speeds are assumed constant along a
 * trip (a trip that starts at 09:20 is costed with peak speeds throughout) — good enough for crew
 * dispatch over < 1 h trips, and exact shortest paths within a period. Each period's hierarchy is
 * built independently, so preprocessing time and memory grow linearly with the number of periods.
 */
import { ROAD_CLASSES, type RoadClass } from './classes.ts';
import type { RoadNetwork } from './network.ts';
import { check } from '../errors.ts';

export interface SpeedPeriod {
  name: string;
  /** local-time windows [startHour, endHour), hours as decimals (9.5 = 09:30) */
  windows: [number, number][];
  /** speed factor by class, in (0, 2]; classes not listed keep factor 1 */
  factors: Partial<Record<RoadClass, number>>;
}

export interface SpeedProfile {
  /** local time = UTC + this many minutes (Guangzhou: 480, no daylight saving) */
  utcOffsetMin: number;
  periods: SpeedPeriod[];
}

/** Guangzhou default: morning and evening peaks slow arterials most, local streets least. */
export const DEFAULT_SPEED_PROFILE: SpeedProfile = {
  utcOffsetMin: 480,
  periods: [{
    name: 'peak',
    windows: [[7, 9.5], [17, 19.5]],
    factors: {
      motorway: 0.6, motorway_link: 0.6, trunk: 0.55, trunk_link: 0.6, primary: 0.55, primary_link: 0.6,
      secondary: 0.6, secondary_link: 0.65, tertiary: 0.7, tertiary_link: 0.7, unclassified: 0.8,
      residential: 0.85, living_street: 0.9, service: 0.9,
    },
  }],
};

/** Weight unit: integer deciseconds (0.1 s). Costs in the `roads` table are these values / 10. */
export const WEIGHT_PER_SECOND = 10;

/** Validates a profile; throws GeoError('invalid_input') naming the bad field. O(periods). */
export function validateProfile(p: SpeedProfile): void {
  check(Number.isFinite(p.utcOffsetMin) && Math.abs(p.utcOffsetMin) <= 14 * 60, 'profile.utcOffsetMin', `bad offset ${p.utcOffsetMin}`);
  p.periods.forEach((per, i) => {
    check(per.name.length > 0 && per.name !== 'free', `profile.periods[${i}].name`, `bad name ${per.name}`);
    for (const [a, b] of per.windows) {
      check(a >= 0 && b <= 24 && a < b, `profile.periods[${i}].windows`, `bad window [${a}, ${b}]`);
    }
    for (const [k, f] of Object.entries(per.factors)) {
      check(ROAD_CLASSES.includes(k as RoadClass), `profile.periods[${i}].factors`, `unknown class ${k}`);
      check(typeof f === 'number' && f > 0 && f <= 2, `profile.periods[${i}].factors.${k}`, `bad factor ${f}`);
    }
  });
}

/** Period index for a departure time: 0 = free flow, i + 1 = `profile.periods[i]`. O(windows). */
export function periodAt(profile: SpeedProfile, depart: Date): number {
  const ms = depart.getTime();
  check(Number.isFinite(ms), 'depart', 'invalid date');
  const minutes = (((ms / 60000 + profile.utcOffsetMin) % 1440) + 1440) % 1440;
  const h = minutes / 60;
  for (let i = 0; i < profile.periods.length; i++) {
    for (const [a, b] of profile.periods[i].windows) if (h >= a && h < b) return i + 1;
  }
  return 0;
}

/** Speed factor per class code for a period index (0 = free flow → all 1). O(classes). */
export function classFactors(profile: SpeedProfile, period: number): Float64Array {
  const f = new Float64Array(ROAD_CLASSES.length).fill(1);
  if (period === 0) return f;
  const per = profile.periods[period - 1];
  ROAD_CLASSES.forEach((c, i) => {
    f[i] = per.factors[c] ?? 1;
  });
  return f;
}

/**
 * Integer travel time of every edge in deciseconds (≥ 1), the same in both directions:
 * round(length_m / (speed_kmh · factor / 3.6) · 10). O(edges).
 */
export function edgeWeights(net: RoadNetwork, factors: Float64Array): Int32Array {
  const w = new Int32Array(net.edgeCount);
  for (let e = 0; e < net.edgeCount; e++) {
    const mps = (net.edgeSpeed[e] * factors[net.edgeClass[e]]) / 3.6;
    w[e] = Math.max(1, Math.round((net.edgeLength[e] / mps) * WEIGHT_PER_SECOND));
  }
  return w;
}
