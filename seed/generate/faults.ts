/**
 * Twelve months of fault history with work orders, pure: typed arrays in, typed arrays out.
 *
 * - **When**: a day is drawn from a seasonal profile (low around the Spring Festival, rising through the rainy
 *   season to a July–August peak with the summer load, tailing off in autumn), plus three typhoons between
 *   July and September that multiply faults for two days; the hour follows a daily profile that peaks in the
 *   late morning and the evening load peak (sharper in summer, flatter on typhoon days).
 * - **What**: the kind mix shifts with the season (low voltage and transformer faults with summer load, line
 *   damage and outages on typhoon days, meter faults in winter); the priority depends on the kind.
 * - **Where**: a finest cell is drawn with weight (accounts, commercial ×3, industrial ×6) × old-town hotspot ×
 *   loading of the feeding substation (the most loaded quarter of substations get up to 2× faults); typhoon
 *   faults spread out more. The fault belongs to a customer of that cell.
 * - **Work order**: received 0–2 min after the report; dispatch and departure delays by priority; travel from the
 *   nearest on-shift crew with the right skill (road factor 1.35, urban 22 km/h, suburban 32, rural 40, slower at
 *   rush hour and in typhoons); repair time by kind; follow-up call hours later; then closed. Satisfaction
 *   (1–5) falls when arrival misses the 95598 commitment (45 min urban, 90 suburban, 120 rural) or the repair
 *   drags; complaints are rare and mostly follow low scores. 1.5 % are duplicates, cancelled after a few
 *   minutes. Every timestamp after the reference "now" is left empty, so the last hours hold open orders.
 */
import { mulberry32, gaussian } from '../../geo/random.ts';
import { onShift, type CrewSeed, type Skill } from './crews.ts';
import type { CustomerPlan } from './customers.ts';
import type { Fields } from './density.ts';
import { xKm, yKm } from './projection.ts';

/** Fault kinds in the order of the `fault_kind` enum; index = kind code. */
export const FAULT_KINDS = ['outage', 'low_voltage', 'meter', 'line_damage', 'transformer'] as const;
/** Work-order states in lifecycle order (subset used by the history); index = state code. */
export const WO_STATES = ['received', 'assigned', 'en_route', 'on_site', 'resolved', 'follow_up', 'closed', 'cancelled'] as const;
/** `faults.status` values; index = status code. */
export const FAULT_STATUSES = ['open', 'assigned', 'resolved', 'cancelled'] as const;

/** Faults per account per year. */
export const FAULTS_PER_ACCOUNT_YEAR = 0.06;
/** Relative fault frequency by calendar month (Jan … Dec). */
export const MONTH_FACTOR = [0.75, 0.7, 0.8, 0.95, 1.1, 1.2, 1.4, 1.45, 1.3, 0.95, 0.8, 0.75];
const HOUR_BASE = [0.5, 0.35, 0.3, 0.25, 0.25, 0.3, 0.5, 0.8, 1.1, 1.3, 1.35, 1.3, 1.2, 1.15, 1.2, 1.25, 1.3, 1.4, 1.5, 1.6, 1.6, 1.4, 1.0, 0.7];
const HOUR_SUMMER = HOUR_BASE.map((v, h) => v * (h >= 12 && h <= 22 ? 1.35 : 1));
const KIND_BASE = [0.26, 0.17, 0.27, 0.15, 0.15];
// priority distribution P1..P4 per kind
const PRIORITY = [
  [0.25, 0.45, 0.25, 0.05],
  [0.05, 0.3, 0.45, 0.2],
  [0.0, 0.05, 0.45, 0.5],
  [0.45, 0.35, 0.15, 0.05],
  [0.35, 0.45, 0.15, 0.05],
];
// crew skills that can take each kind
const KIND_SKILLS: Skill[][] = [['line', 'cable'], ['line', 'transformer'], ['meter'], ['line', 'cable'], ['transformer']];
const REPAIR_MEDIAN_MIN = [80, 60, 35, 150, 200];
const ASSIGN_MEDIAN_MIN = [3, 6, 12, 25];
const HOUR = 3_600_000;
const MIN = 60_000;
const DAY = 24 * HOUR;
const TZ_OFFSET = 8 * HOUR; // China Standard Time, no DST

/** Inputs of `generateFaults`. */
export interface FaultInput {
  seed: number;
  /** End of the history, ms since the epoch; the history covers the 365 days before it. */
  nowMs: number;
  plan: CustomerPlan;
  fields: Fields;
  cellDistrict: Int16Array;
  /** Contracted load per finest cell, kW. */
  cellLoadKw: Float64Array;
  /** Old-town weight (0..1) per district id. */
  districtOldTown: ArrayLike<number>;
  /** Capacity proxy per substation (0-based), kW; used for the loading hotspot. */
  substationCapacityKw: Float64Array;
  crews: readonly CrewSeed[];
}

/** Generated faults and their work orders (one each), sorted by report time; columns indexed by fault. */
export interface FaultSet {
  n: number;
  reportedAt: Float64Array;
  kind: Uint8Array;
  /** 1..4. */
  priority: Uint8Array;
  /** Index into FAULT_STATUSES. */
  status: Uint8Array;
  customerId: Int32Array;
  /** Finest cell index. */
  cell: Int32Array;
  district: Int16Array;
  /** Crew id, 0 for none. */
  crewId: Int16Array;
  /** Index into WO_STATES. */
  woState: Uint8Array;
  /** Work-order timestamps, ms since the epoch, NaN when not reached: stride 7 in WO_STATES order 0..6. */
  times: Float64Array;
  /** 1..5, 0 when not surveyed. */
  satisfaction: Uint8Array;
  complaint: Uint8Array;
  /** Typhoon days used, as ms of local midnight. */
  typhoonDays: number[];
}

function cumulative(w: ArrayLike<number>): Float64Array {
  const c = new Float64Array(w.length);
  let s = 0;
  for (let i = 0; i < w.length; i++) c[i] = s += w[i];
  return c;
}

function draw(cum: Float64Array, u: number): number {
  const x = u * cum[cum.length - 1];
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function pick(rng: () => number, p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += p[i];
  let u = rng() * s;
  for (let i = 0; i < p.length; i++) {
    u -= p[i];
    if (u < 0) return i;
  }
  return p.length - 1;
}

function lognormal(rng: () => number, median: number, sigma: number): number {
  return median * Math.exp(sigma * gaussian(rng));
}

/**
 * Generates the fault history (about FAULTS_PER_ACCOUNT_YEAR × customers faults) and one work order per fault.
 * O(F · (log cells + crews)) for F faults.
 * @throws RangeError when the plan has no customers.
 */
export function generateFaults(input: FaultInput): FaultSet {
  const { plan, fields } = input;
  const nCells = input.cellDistrict.length;
  const rng = mulberry32(input.seed ^ 0xfa017);
  const start = input.nowMs - 365 * DAY;

  // substation loading: load / capacity relative to the median; the top quarter are "heavily loaded"
  const subLoad = new Float64Array(input.substationCapacityKw.length);
  for (let c = 0; c < nCells; c++) if (plan.cellSubstation[c] >= 0) subLoad[plan.cellSubstation[c]] += input.cellLoadKw[c];
  const ratios = [...subLoad].map((l, k) => l / Math.max(1, input.substationCapacityKw[k])).filter((r) => r > 0).sort((a, b) => a - b);
  const q75 = ratios.length ? ratios[Math.floor(ratios.length * 0.75)] : 1;
  const subFactor = new Float64Array(subLoad.length);
  for (let k = 0; k < subLoad.length; k++) {
    const r = subLoad[k] / Math.max(1, input.substationCapacityKw[k]);
    subFactor[k] = r >= q75 ? Math.min(2, 1 + r / q75 / 2) : 1;
  }

  const w = new Float64Array(nCells);
  const wTyphoon = new Float64Array(nCells);
  for (let c = 0; c < nCells; c++) {
    const accounts = plan.perCell[c * 3] + 3 * plan.perCell[c * 3 + 1] + 6 * plan.perCell[c * 3 + 2];
    if (accounts === 0) continue;
    const s = plan.cellSubstation[c];
    // old town: ageing cables and crowded overhead lines; the district's own old-town weight adds a little more
    w[c] = accounts * (1 + 2 * fields.oldTown[c]) * (1 + 0.3 * (input.districtOldTown[input.cellDistrict[c]] ?? 0)) * (s >= 0 ? subFactor[s] : 1);
    wTyphoon[c] = Math.pow(w[c], 0.7);
  }
  const cum = cumulative(w);
  const cumT = cumulative(wTyphoon);
  if (!(cum[nCells - 1] > 0)) throw new RangeError('plan has no customers');

  // days: seasonal profile, Spring Festival dip, three typhoons in Jul–Sep
  const dayW = new Float64Array(365);
  const typhoon = new Uint8Array(365); // 0 none, 1 landfall day, 2 day after
  const monthOf = (d: number): number => new Date(start + d * DAY + TZ_OFFSET).getUTCMonth();
  const season: number[] = [];
  for (let d = 0; d < 365; d++) {
    const m = monthOf(d);
    const date = new Date(start + d * DAY + TZ_OFFSET);
    // Spring Festival: mid-February, a third of the city leaves
    const sf = m === 1 && date.getUTCDate() >= 14 && date.getUTCDate() <= 24 ? 0.7 : 1;
    dayW[d] = MONTH_FACTOR[m] * sf;
    if (m >= 6 && m <= 8) season.push(d);
  }
  const typhoonDays: number[] = [];
  for (let k = 0; k < 3 && season.length > 2; k++) {
    let d = season[Math.floor(rng() * (season.length - 1))];
    for (let guard = 0; guard < 20 && (typhoon[d] || typhoon[d + 1] || (d > 0 && typhoon[d - 1])); guard++) d = season[Math.floor(rng() * (season.length - 1))];
    typhoon[d] = 1;
    typhoon[d + 1] = 2;
    dayW[d] *= 4;
    dayW[d + 1] *= 2;
    typhoonDays.push(start + d * DAY);
  }
  const dayCum = cumulative(dayW);

  const total = Math.max(1, Math.round(FAULTS_PER_ACCOUNT_YEAR * plan.count));
  const reportedAt = new Float64Array(total);
  const kind = new Uint8Array(total);
  const priority = new Uint8Array(total);
  const cell = new Int32Array(total);
  const dayOf = new Int16Array(total);
  const kw = new Float64Array(5);
  for (let i = 0; i < total; i++) {
    const d = draw(dayCum, rng());
    const m = monthOf(d);
    const summer = m >= 5 && m <= 8;
    const ty = typhoon[d];
    const hourW = ty ? null : summer ? HOUR_SUMMER : HOUR_BASE;
    const h = hourW ? pick(rng, hourW) : Math.floor(rng() * 24);
    reportedAt[i] = start + d * DAY + h * HOUR + Math.floor(rng() * HOUR / 1000) * 1000;
    for (let k = 0; k < 5; k++) kw[k] = KIND_BASE[k];
    if (summer) {
      kw[0] *= 1.3;
      kw[1] *= h >= 18 && h <= 22 ? 2.4 : 1.6;
      kw[4] *= 1.5;
    }
    if (m === 11 || m <= 1) kw[2] *= 1.2;
    if (ty) {
      kw[3] *= ty === 1 ? 5 : 3;
      kw[0] *= 2.5;
    }
    const k = pick(rng, kw);
    kind[i] = k;
    priority[i] = 1 + pick(rng, PRIORITY[k]);
    cell[i] = draw(ty && (k === 0 || k === 3) ? cumT : cum, rng());
    dayOf[i] = d;
  }

  // sort by report time (stable on index) so fault ids follow time
  const order = Int32Array.from({ length: total }, (_, i) => i).sort((a, b) => reportedAt[a] - reportedAt[b] || a - b);
  const out: FaultSet = {
    n: total,
    reportedAt: new Float64Array(total),
    kind: new Uint8Array(total),
    priority: new Uint8Array(total),
    status: new Uint8Array(total),
    customerId: new Int32Array(total),
    cell: new Int32Array(total),
    district: new Int16Array(total),
    crewId: new Int16Array(total),
    woState: new Uint8Array(total),
    times: new Float64Array(total * 7).fill(NaN),
    satisfaction: new Uint8Array(total),
    complaint: new Uint8Array(total),
    typhoonDays,
  };
  const crewX = input.crews.map((c) => xKm(c.depot[0]));
  const crewY = input.crews.map((c) => yKm(c.depot[1]));
  const t = new Float64Array(7);
  for (let j = 0; j < total; j++) {
    const i = order[j];
    const c = cell[i];
    const k = kind[i];
    const p = priority[i];
    const ty = typhoon[dayOf[i]] > 0;
    const n = plan.firstId[c + 1] - plan.firstId[c];
    out.reportedAt[j] = reportedAt[i];
    out.kind[j] = k;
    out.priority[j] = p;
    out.cell[j] = c;
    out.district[j] = input.cellDistrict[c];
    out.customerId[j] = plan.firstId[c] + 1 + Math.floor(rng() * n);

    const urban = fields.core[c] > 0.35 || fields.centre[c] > 0.5;
    const rural = !urban && fields.open[c] < 0.6;
    const targetMin = urban ? 45 : rural ? 120 : 90;
    const speed = urban ? 22 : rural ? 40 : 32;
    // received within 2 min of the report, but never after "now" (a report in the last minutes is already received)
    t[0] = Math.min(reportedAt[i] + Math.floor(rng() * 120) * 1000, input.nowMs);
    t[1] = t[0] + Math.max(1, lognormal(rng, ASSIGN_MEDIAN_MIN[p - 1], 0.5)) * MIN;
    const cancelled = rng() < 0.015;
    if (cancelled) {
      // duplicate report: cancelled at what would have been the assignment
      const at = t[1];
      for (let s = 0; s < 7; s++) t[s] = NaN;
      t[0] = Math.min(reportedAt[i] + 30_000, input.nowMs);
      out.times[j * 7] = t[0];
      out.woState[j] = at <= input.nowMs ? 7 : 0;
      out.status[j] = at <= input.nowMs ? 3 : 0;
      continue;
    }
    // nearest crew with a matching skill, preferring crews on shift
    const localMin = Math.floor(((t[1] + TZ_OFFSET) % DAY) / MIN);
    const fx = fields.x[c];
    const fy = fields.y[c];
    let best = -1;
    let bestD = Infinity;
    let bestKm = 10;
    for (let q = 0; q < input.crews.length; q++) {
      const cr = input.crews[q];
      if (!cr.skills.some((s) => KIND_SKILLS[k].includes(s))) continue;
      const dx = crewX[q] - fx;
      const dy = crewY[q] - fy;
      const km = Math.sqrt(dx * dx + dy * dy);
      const score = km + (onShift(cr, localMin) ? 0 : 25); // off-shift crews are only called in when nobody is near
      if (score < bestD) {
        bestD = score;
        bestKm = km;
        best = q;
      }
    }
    const distKm = Math.max(0.3, bestKm);
    out.crewId[j] = best >= 0 ? input.crews[best].id : 0;
    t[2] = t[1] + Math.max(1, lognormal(rng, 4, 0.5)) * MIN;
    const localH = Math.floor(((t[2] + TZ_OFFSET) % DAY) / HOUR);
    const rush = (localH >= 7 && localH <= 9) || (localH >= 17 && localH <= 19) ? 1.3 : 1;
    const travelMin = ((distKm * 1.35) / speed) * 60 * rush * (ty ? 1.6 : 1) * Math.exp(0.25 * gaussian(rng));
    t[3] = t[2] + Math.max(3, travelMin) * MIN;
    t[4] = t[3] + Math.max(10, lognormal(rng, REPAIR_MEDIAN_MIN[k] * (ty ? 1.5 : 1) * (p === 1 ? 0.9 : 1), 0.55)) * MIN;
    t[5] = t[4] + Math.max(20, lognormal(rng, 6 * 60, 0.8)) * MIN;
    t[6] = t[5] + Math.max(5, lognormal(rng, 3 * 60, 1)) * MIN;

    const arrivalMin = (t[3] - t[0]) / MIN;
    const totalH = (t[4] - t[0]) / HOUR;
    const late = arrivalMin > targetMin;
    const veryLate = arrivalMin > 2 * targetMin || totalH > 8;
    const dist = veryLate ? [0.15, 0.15, 0.25, 0.25, 0.2] : late || totalH > 3 ? [0.05, 0.07, 0.18, 0.32, 0.38] : [0.01, 0.01, 0.04, 0.2, 0.74];
    const score = 1 + pick(rng, dist);
    const surveyed = rng() >= 0.07; // some customers cannot be reached at follow-up
    const complaint = rng() < 0.004 + (score <= 2 ? 0.25 : 0) + (late ? 0.03 : 0);

    let state = 0;
    for (let s = 0; s < 7; s++) {
      if (t[s] <= input.nowMs) {
        out.times[j * 7 + s] = t[s];
        state = s;
      }
    }
    out.woState[j] = state;
    out.status[j] = state === 0 ? 0 : state <= 3 ? 1 : 2;
    if (state >= 5 && surveyed) out.satisfaction[j] = score;
    out.complaint[j] = state >= 5 && complaint ? 1 : 0;
    if (state === 0) out.crewId[j] = 0;
  }
  return out;
}
