/**
 * The KPI cards and columns: which KPIs, their unit, which direction is better, and which series charts them.
 * Shared by the Territory view and the dashboard; formulas in docs/kpis.md.
 */
import type { TFunction } from 'i18next';
import { formatNumber } from '../../i18n/index.ts';
import type { KpiPoint, Kpis } from '../../api/kpis.ts';

export type KpiKey =
  | 'resolutionRate'
  | 'responseMeanMin'
  | 'responseP90Min'
  | 'resolutionMeanMin'
  | 'resolutionP90Min'
  | 'satisfaction'
  | 'complaintsPer1000'
  | 'repeatFaults'
  | 'workOrders';

export type KpiUnit = 'pct' | 'min' | 'score' | 'per1000' | 'count';

export interface KpiDef {
  key: KpiKey;
  unit: KpiUnit;
  /** 'higher' when a larger value is better (resolution rate, satisfaction); null when neither (volume). */
  better: 'higher' | 'lower' | null;
  /** The series column charted on the card, when the API sends one. */
  series: Exclude<keyof KpiPoint, 'date'> | null;
}

/** In card and column order. */
export const KPI_DEFS: readonly KpiDef[] = [
  { key: 'resolutionRate', unit: 'pct', better: 'higher', series: 'resolutionRate' },
  { key: 'responseMeanMin', unit: 'min', better: 'lower', series: 'responseMeanMin' },
  { key: 'responseP90Min', unit: 'min', better: 'lower', series: null },
  { key: 'resolutionMeanMin', unit: 'min', better: 'lower', series: 'resolutionMeanMin' },
  { key: 'resolutionP90Min', unit: 'min', better: 'lower', series: null },
  { key: 'satisfaction', unit: 'score', better: 'higher', series: 'satisfaction' },
  { key: 'complaintsPer1000', unit: 'per1000', better: 'lower', series: 'complaintsPer1000' },
  { key: 'repeatFaults', unit: 'count', better: 'lower', series: null },
  { key: 'workOrders', unit: 'count', better: null, series: 'workOrders' },
];

/** The definition of `key`. @throws Error for an unknown key */
export function kpiDef(key: KpiKey): KpiDef {
  const d = KPI_DEFS.find((x) => x.key === key);
  if (!d) throw new Error(`unknown KPI ${String(key)}`);
  return d;
}

/** Value of `key` in a KPI set (null when undefined). */
export function kpiValue(k: Kpis, key: KpiKey): number | null {
  const v = k[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Digits shown for a unit. */
function digitsOf(unit: KpiUnit): number {
  return unit === 'score' ? 2 : unit === 'count' ? 0 : 1;
}

/** A value in display units (rates 0–1 become percent). */
export function displayValue(unit: KpiUnit, v: number): number {
  return unit === 'pct' ? v * 100 : v;
}

/** Formats a KPI value with its unit for the current language; `—` for null. */
export function formatKpi(t: TFunction, unit: KpiUnit, v: number | null): string {
  if (v === null) return t('territory.noData');
  return t(`territory.units.${unit}`, { value: formatNumber(displayValue(unit, v), digitsOf(unit)) });
}

/** A change between two values, signed and in display units (percentage points for rates). */
export interface KpiChange {
  /** current − reference, display units */
  delta: number;
  /** 1 better, -1 worse, 0 same or no direction */
  sense: -1 | 0 | 1;
}

/** Change of `cur` against `ref`; null when either is undefined. */
export function kpiChange(def: KpiDef, cur: number | null, ref: number | null): KpiChange | null {
  if (cur === null || ref === null) return null;
  const delta = displayValue(def.unit, cur) - displayValue(def.unit, ref);
  const eps = 1e-9;
  let sense: -1 | 0 | 1 = 0;
  if (def.better && Math.abs(delta) > eps) sense = (delta > 0) === (def.better === 'higher') ? 1 : -1;
  return { delta, sense };
}

/** `+1.2` / `−0.5` for a change, with the unit's digits. */
export function formatDelta(def: KpiDef, delta: number): string {
  const digits = digitsOf(def.unit);
  // a change that rounds to zero is shown as ±0, not as −0
  const rounded = Math.round(delta * 10 ** digits) / 10 ** digits;
  const s = formatNumber(Math.abs(rounded), digits);
  return `${rounded > 0 ? '+' : rounded < 0 ? '−' : '±'}${s}${def.unit === 'pct' ? ' pp' : ''}`;
}
