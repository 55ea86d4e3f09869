/** KPI periods: presets ending at the dataset's reference day, or a custom range. Dates are `YYYY-MM-DD`. */
import type { Period } from '../../api/kpis.ts';

export type PeriodPreset = 'd7' | 'd30' | 'quarter' | 'custom';

export const PERIOD_PRESETS: readonly PeriodPreset[] = ['d7', 'd30', 'quarter', 'custom'];

const DAY_MS = 86_400_000;

/** `date` (`YYYY-MM-DD`) plus `days` (may be negative), computed in UTC so time zones do not shift it. */
export function addDays(date: string, days: number): string {
  const t = Date.parse(`${date}T00:00:00Z`);
  if (!Number.isFinite(t)) throw new Error(`addDays: invalid date ${date}`);
  return new Date(t + days * DAY_MS).toISOString().slice(0, 10);
}

/** Number of days of a preset (both ends included). */
const PRESET_DAYS: Record<Exclude<PeriodPreset, 'custom'>, number> = { d7: 7, d30: 30, quarter: 90 };

/** The period of a preset ending on `to` (inclusive). */
export function presetPeriod(preset: Exclude<PeriodPreset, 'custom'>, to: string): Period {
  return { from: addDays(to, -(PRESET_DAYS[preset] - 1)), to };
}

/** The calendar day (Asia/Shanghai) of an ISO 8601 instant, e.g. the API's `now`. */
export function shanghaiDay(iso: string): string {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) throw new Error(`shanghaiDay: invalid instant ${iso}`);
  return new Date(t + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** True for a well-formed range with `from` ≤ `to`. */
export function validPeriod(p: Partial<Period>): p is Period {
  return !!p.from && !!p.to && /^\d{4}-\d{2}-\d{2}$/.test(p.from) && /^\d{4}-\d{2}-\d{2}$/.test(p.to) && p.from <= p.to;
}
