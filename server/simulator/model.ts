/**
 * The simulator's fault model, following the demo history's (seed/generate/faults.ts): a yearly rate per
 * account, scaled by the month and the hour of the day (China Standard Time), a kind mix and a priority per
 * kind; a storm multiplies the rate and shifts the mix to line damage and outages. Pure and seeded.
 */
import type { Rng } from '../../geo/random.ts';
import { FAULTS_PER_ACCOUNT_YEAR, MONTH_FACTOR } from '../../seed/generate/faults.ts';

/** Relative fault rate by local hour 0 … 23 (the history's daily profile: late-morning and evening peaks). */
export const HOUR_FACTOR = [0.5, 0.35, 0.3, 0.25, 0.25, 0.3, 0.5, 0.8, 1.1, 1.3, 1.35, 1.3, 1.2, 1.15, 1.2, 1.25, 1.3, 1.4, 1.5, 1.6, 1.6, 1.4, 1.0, 0.7];
const HOUR_MEAN = HOUR_FACTOR.reduce((a, b) => a + b, 0) / 24;
const MONTH_MEAN = MONTH_FACTOR.reduce((a, b) => a + b, 0) / 12;

/** Fault rate multiplier during a storm. */
export const STORM_FACTOR = 8;

/** Fault kinds (the `fault_kind` enum). */
export const KINDS = ['outage', 'low_voltage', 'meter', 'line_damage', 'transformer'] as const;
export type Kind = (typeof KINDS)[number];
const KIND_MIX = [0.26, 0.17, 0.27, 0.15, 0.15];
const KIND_MIX_STORM = [0.4, 0.1, 0.05, 0.35, 0.1];
/** P1 … P4 probabilities per kind (index as KINDS). */
const PRIORITY_MIX = [
  [0.25, 0.45, 0.25, 0.05],
  [0.05, 0.3, 0.45, 0.2],
  [0.0, 0.05, 0.45, 0.5],
  [0.45, 0.35, 0.15, 0.05],
  [0.35, 0.45, 0.15, 0.05],
];

const HOUR_MS = 3_600_000;
const TZ_OFFSET_MS = 8 * HOUR_MS;

/** Expected faults per hour at simulated time `simMs` for `accounts` customer accounts. O(1). */
export function faultsPerHour(simMs: number, accounts: number, storm: boolean): number {
  const local = new Date(simMs + TZ_OFFSET_MS);
  const base = (accounts * FAULTS_PER_ACCOUNT_YEAR) / (365 * 24);
  const f = (MONTH_FACTOR[local.getUTCMonth()] / MONTH_MEAN) * (HOUR_FACTOR[local.getUTCHours()] / HOUR_MEAN);
  return base * f * (storm ? STORM_FACTOR : 1);
}

/** A Poisson draw with mean `mean` (Knuth for small means, normal approximation above 50). O(mean) / O(1). */
export function poisson(rng: Rng, mean: number): number {
  if (!(mean > 0)) return 0;
  if (mean > 50) {
    const u = Math.max(1e-12, rng());
    const v = rng();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return Math.max(0, Math.round(mean + z * Math.sqrt(mean)));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rng();
  while (p > limit) {
    k++;
    p *= rng();
  }
  return k;
}

function pick(rng: Rng, weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = rng() * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i];
    if (x < 0) return i;
  }
  return weights.length - 1;
}

/** A kind and priority drawn from the mix (the storm mix during a storm). */
export function drawFault(rng: Rng, storm: boolean): { kind: Kind; priority: 1 | 2 | 3 | 4 } {
  const k = pick(rng, storm ? KIND_MIX_STORM : KIND_MIX);
  return { kind: KINDS[k], priority: (pick(rng, PRIORITY_MIX[k]) + 1) as 1 | 2 | 3 | 4 };
}

/**
 * The follow-up call's satisfaction (1–5) and complaint flag: high when the crew arrived within the target
 * response time, lower the later it was; complaints mostly follow low scores.
 */
export function drawFollowUp(rng: Rng, lateRatio: number): { satisfaction: number; complaint: boolean } {
  const base = lateRatio <= 1 ? 4.6 : lateRatio <= 1.5 ? 3.6 : 2.4;
  const satisfaction = Math.min(5, Math.max(1, Math.round(base + (rng() - 0.5) * 1.6)));
  const complaint = rng() < (satisfaction <= 2 ? 0.3 : 0.01);
  return { satisfaction, complaint };
}
