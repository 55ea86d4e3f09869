/**
 * The grid-service KPIs (issue 9), computed by PostgreSQL (repositories/kpis.ts); this module only turns counts
 * into rates, picks periods and formats CSV and the monthly HTML report.
 *
 * Definitions, over the work orders RECEIVED in the period (Asia/Shanghai days, inclusive), cancelled ones
 * (duplicates) excluded, inside the grid (a work order's res-9 cell → the grid of the active plan):
 *   resolutionRate    = resolved / workOrders                      (resolved: has a resolved time)
 *   responseMeanMin   = mean (on_site − received), minutes          responseP90Min: 90th percentile (continuous)
 *   resolutionMeanMin = mean (resolved − received), minutes         resolutionP90Min: 90th percentile (continuous)
 *   satisfaction      = mean follow-up score (1–5)                 followUps: orders with a score
 *   complaintsPer1000 = complaints / customers of the grid × 1000  (not annualised: per period)
 *   repeatRate        = repeatFaults / faults, over faults REPORTED in the period (cancelled excluded), a repeat
 *                       having an earlier fault of the same customer or the same res-9 cell at most 30 days before
 * Means and percentiles are null without samples, rates null without a denominator.
 */
import type pg from 'pg';
import type { AllKpis as Dashboard, BeforeAfter, GridKpiRow as DashboardItem, GridKpis, Kpis as Kpi, KpiPoint as KpiSeriesPoint } from '../../contracts/kpis.ts';
import type { SessionUser } from '../auth/types.ts';
import { BadRequestError, NotFoundError } from '../errors.ts';
import { referenceNow } from '../repositories/grids.ts';
import { gridName, kpiAggregates, kpiSeries, planGridNames, type KpiAggregate, type KpiSource } from '../repositories/kpis.ts';
import { activePlan } from '../repositories/territory.ts';
import { ensureTerritory, gridForUser } from './territory.ts';

export type { BeforeAfter, Dashboard, DashboardItem, GridKpis, Kpi, KpiSeriesPoint };

/** Default period length, days (the 30 days before the dataset's reference now). */
export const DEFAULT_PERIOD_DAYS = 30;
/** Longest period accepted, days. */
export const MAX_PERIOD_DAYS = 3700;
/** Periods up to this many days get a daily series, longer ones weekly. */
export const DAILY_SERIES_MAX_DAYS = 62;

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

/** Days since 1970-01-01 of a YYYY-MM-DD date, or NaN when it is not a real calendar date. */
function dayNumber(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return NaN;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  return new Date(t).toISOString().slice(0, 10) === s ? t / DAY_MS : NaN;
}
const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/**
 * Checks a YYYY-MM-DD date; returns its day number.
 * @throws BadRequestError naming `field`.
 */
export function parseDay(s: string, field: string): number {
  const d = dayNumber(s);
  if (Number.isNaN(d)) throw new BadRequestError(`${field} must be a date YYYY-MM-DD, got ${JSON.stringify(s)}`, { [field]: 'not a valid date YYYY-MM-DD' });
  return d;
}

/** An inclusive period of Asia/Shanghai days. */
export interface Period {
  from: string;
  to: string;
  days: number;
}

/**
 * The period asked for: both dates, or one of them and the default length, or the DEFAULT_PERIOD_DAYS before
 * the reference now.
 * @throws BadRequestError for a bad date, to before from, or a period over MAX_PERIOD_DAYS.
 */
export function resolvePeriod(from: string | undefined, to: string | undefined, now: Date): Period {
  const lastDefault = Math.floor((now.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS) - 1; // the day before "now" in Shanghai
  let a = from === undefined ? undefined : parseDay(from, 'from');
  let b = to === undefined ? undefined : parseDay(to, 'to');
  if (a === undefined && b === undefined) b = lastDefault;
  if (a === undefined) a = b! - DEFAULT_PERIOD_DAYS + 1;
  if (b === undefined) b = a + DEFAULT_PERIOD_DAYS - 1;
  if (b < a) throw new BadRequestError(`to (${dateOf(b)}) is before from (${dateOf(a)})`, { to: 'before from' });
  if (b - a + 1 > MAX_PERIOD_DAYS) throw new BadRequestError(`the period may span at most ${MAX_PERIOD_DAYS} days`, { to: `more than ${MAX_PERIOD_DAYS} days after from` });
  return { from: dateOf(a), to: dateOf(b), days: b - a + 1 };
}

/** The period of the same length just before `p`. */
export function previousPeriod(p: Period): Period {
  const a = dayNumber(p.from);
  return { from: dateOf(a - p.days), to: dateOf(a - 1), days: p.days };
}

const ratio = (n: number, d: number): number | null => (d > 0 ? n / d : null);

/** Rates from the aggregates of one grid or the city. */
export function toKpi(a: KpiAggregate | undefined): Kpi {
  const x = a ?? { customers: 0, workOrders: 0, resolved: 0, responseMeanMin: null, responseP90Min: null, resolutionMeanMin: null, resolutionP90Min: null, satisfaction: null, followUps: 0, complaints: 0, faults: 0, repeatFaults: 0 };
  return {
    workOrders: x.workOrders,
    resolved: x.resolved,
    resolutionRate: ratio(x.resolved, x.workOrders),
    responseMeanMin: x.responseMeanMin,
    responseP90Min: x.responseP90Min,
    resolutionMeanMin: x.resolutionMeanMin,
    resolutionP90Min: x.resolutionP90Min,
    satisfaction: x.satisfaction,
    followUps: x.followUps,
    complaints: x.complaints,
    complaintsPer1000: x.customers > 0 ? (x.complaints * 1000) / x.customers : null,
    faults: x.faults,
    repeatFaults: x.repeatFaults,
    repeatRate: ratio(x.repeatFaults, x.faults),
    customers: x.customers,
  };
}

/** City KPIs by views version and period; the same for every grid's request, changing only when the views refresh. */
const cityCache = new Map<string, Kpi>();
const CITY_CACHE_MAX = 256;

/** The city's KPIs over `period`, computed once per version of the KPI views (see ensureTerritory). */
async function cityKpi(pool: pg.Pool, version: string, period: Period): Promise<Kpi> {
  const key = `${version}|${period.from}|${period.to}`;
  const hit = cityCache.get(key);
  if (hit) return hit;
  const k = toKpi((await kpiAggregates(pool, { kind: 'active' }, [period], null, 'city'))[0]);
  if (cityCache.size >= CITY_CACHE_MAX) cityCache.delete(cityCache.keys().next().value!);
  cityCache.set(key, k);
  return k;
}

/**
 * One grid's KPIs over the period, the period before, the city over the period and a daily (≤ 62 days) or weekly
 * series. Four queries run in parallel.
 * @throws NotFoundError, NotYourTerritoryError, BadRequestError (dates).
 */
export async function getGridKpis(pool: pg.Pool, user: SessionUser, gridId: number, from: string | undefined, to: string | undefined): Promise<GridKpis> {
  const [g, now, version] = await Promise.all([gridForUser(pool, user, gridId), referenceNow(pool), ensureTerritory(pool)]);
  const period = resolvePeriod(from, to, now);
  const prev = previousPeriod(period);
  const src: KpiSource = g.active ? { kind: 'active' } : { kind: 'grid', gridId };
  const bucket = period.days <= DAILY_SERIES_MAX_DAYS ? 'day' : 'week';
  const [rows, city, series, name] = await Promise.all([
    kpiAggregates(pool, src, [period, prev], [gridId], 'grid'),
    cityKpi(pool, version, period),
    kpiSeries(pool, src, gridId, period.from, period.to, bucket),
    gridName(pool, gridId),
  ]);
  const cur = rows.filter((r) => r.period === 0);
  const before = rows.filter((r) => r.period === 1);
  const customers = cur[0]?.customers ?? 0;
  return {
    grid: { id: gridId, name: name ?? '' },
    from: period.from,
    to: period.to,
    kpis: toKpi(cur[0]),
    previous: toKpi(before[0]),
    city,
    series: series.map((s) => ({
      date: s.date,
      workOrders: s.workOrders,
      resolutionRate: ratio(s.resolved, s.workOrders),
      responseMeanMin: s.responseMeanMin,
      resolutionMeanMin: s.resolutionMeanMin,
      satisfaction: s.satisfaction,
      complaintsPer1000: customers > 0 ? (s.complaints * 1000) / customers : null,
    })),
    bucket,
  };
}

async function activePlanOrThrow(pool: pg.Pool): Promise<{ id: number; effectiveFrom: string | null }> {
  const p = await activePlan(pool);
  if (!p) throw new NotFoundError('No plan is active');
  return p;
}

/** Every grid of the active plan (by idx) with its KPIs over each period (one query), and the city's (cached). */
async function allGrids(pool: pg.Pool, planId: number, version: string, periods: readonly Period[]): Promise<Array<{ city: Kpi; items: DashboardItem[] }>> {
  const [rows, names, ...cities] = await Promise.all([
    kpiAggregates(pool, { kind: 'active' }, periods, null, 'grid'),
    planGridNames(pool, planId),
    ...periods.map((p) => cityKpi(pool, version, p)),
  ]);
  return periods.map((_, i) => {
    const byGrid = new Map(rows.filter((r) => r.period === i).map((r) => [r.gridId, r]));
    return { city: cities[i], items: names.map((n) => ({ gridId: n.gridId, idx: n.idx, name: n.name, managerName: n.managerName, ...toKpi(byGrid.get(n.gridId)) })) };
  });
}

/**
 * KPIs of every grid of the active plan and of the city over the period.
 * @throws NotFoundError without an active plan; BadRequestError (dates).
 */
export async function getDashboard(pool: pg.Pool, from: string | undefined, to: string | undefined): Promise<Dashboard> {
  const [now, version] = await Promise.all([referenceNow(pool), ensureTerritory(pool)]);
  const period = resolvePeriod(from, to, now);
  const plan = await activePlanOrThrow(pool);
  const [{ city, items }] = await allGrids(pool, plan.id, version, [period]);
  return { planId: plan.id, from: period.from, to: period.to, now: now.toISOString(), city, items };
}

/**
 * KPIs of the `days` days before `date` and of the `days` days from `date` on (default: the active plan's
 * effective date), for the city and every grid of the active plan.
 * @throws NotFoundError without an active plan; BadRequestError for a bad date or none available.
 */
export async function getBeforeAfter(pool: pg.Pool, date: string | undefined, days: number): Promise<BeforeAfter> {
  const version = await ensureTerritory(pool);
  const plan = await activePlanOrThrow(pool);
  const d = date ?? plan.effectiveFrom;
  if (d === null) throw new BadRequestError('date is required: the active plan has no effective date', { date: 'required' });
  const day = parseDay(d, 'date');
  if (!Number.isInteger(days) || days < 1 || days > 366) throw new BadRequestError(`days must be 1..366, got ${days}`, { days: 'out of range' });
  const before: Period = { from: dateOf(day - days), to: dateOf(day - 1), days };
  const after: Period = { from: dateOf(day), to: dateOf(day + days - 1), days };
  const [b, a] = await allGrids(pool, plan.id, version, [before, after]);
  return {
    date: d,
    days,
    city: { before: b.city, after: a.city },
    items: b.items.map((x, i) => ({ gridId: x.gridId, name: x.name, before: stripGrid(x), after: stripGrid(a.items[i]) })),
  };
}

function stripGrid(x: DashboardItem): Kpi {
  const { gridId: _g, idx: _i, name: _n, managerName: _m, ...k } = x;
  return k;
}

/** Columns of the KPI CSV export, in order. */
export const CSV_HEADER = [
  'grid_id', 'grid', 'manager', 'work_orders', 'resolved', 'resolution_rate', 'response_mean_min', 'response_p90_min',
  'resolution_mean_min', 'resolution_p90_min', 'satisfaction', 'complaints', 'complaints_per_1000', 'repeat_faults',
] as const;

/** A CSV field: quoted when it holds a comma, quote or line break (RFC 4180); null is empty; numbers as JSON prints them. */
function csvField(v: string | number | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The dashboard as CSV (one line per grid, the same numbers as GET /api/kpis).
 * @throws as getDashboard.
 */
export async function exportDashboardCsv(pool: pg.Pool, from: string | undefined, to: string | undefined): Promise<{ filename: string; body: string }> {
  const d = await getDashboard(pool, from, to);
  const lines = [CSV_HEADER.join(',')];
  for (const r of d.items) {
    lines.push(
      [r.gridId, r.name, r.managerName, r.workOrders, r.resolved, r.resolutionRate, r.responseMeanMin, r.responseP90Min, r.resolutionMeanMin, r.resolutionP90Min, r.satisfaction, r.complaints, r.complaintsPer1000, r.repeatFaults]
        .map(csvField)
        .join(','),
    );
  }
  return { filename: `kpis-${d.from}-${d.to}.csv`, body: lines.join('\r\n') + '\r\n' };
}

/** Text safe inside HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const fmt = (v: number | null, digits: number, pct = false): string => (v === null ? '–' : pct ? `${(v * 100).toFixed(digits)} %` : v.toFixed(digits));

function kpiCells(k: Kpi): string {
  return [
    String(k.workOrders), fmt(k.resolutionRate, 1, true), fmt(k.responseMeanMin, 0), fmt(k.responseP90Min, 0), fmt(k.resolutionMeanMin, 0),
    fmt(k.resolutionP90Min, 0), fmt(k.satisfaction, 2), fmt(k.complaintsPer1000, 3), fmt(k.repeatRate, 1, true),
  ].map((c) => `<td>${escapeHtml(c)}</td>`).join('');
}
const KPI_HEADS = ['工单 work orders', '解决率 resolution rate', '响应均值 response mean (min)', '响应 P90', '解决均值 resolution mean (min)', '解决 P90', '满意度 satisfaction', '投诉/千户 complaints per 1,000', '重复故障率 repeat rate'];

/**
 * A printable HTML report of month `month` (YYYY-MM): city KPIs, every grid, the five best and worst grids by
 * resolution rate (then satisfaction), and before/after the active plan's effective date (90 days). All text escaped.
 * @throws BadRequestError for a bad month; NotFoundError without an active plan.
 */
export async function monthReportHtml(pool: pg.Pool, month: string): Promise<string> {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || +m[2] < 1 || +m[2] > 12) throw new BadRequestError(`month must be YYYY-MM, got ${JSON.stringify(month)}`, { month: 'not a valid month YYYY-MM' });
  const first = `${m[1]}-${m[2]}-01`;
  const last = dateOf(Date.UTC(+m[1], +m[2], 0) / DAY_MS);
  const d = await getDashboard(pool, first, last);
  const plan = await activePlanOrThrow(pool);
  const ba = plan.effectiveFrom ? await getBeforeAfter(pool, plan.effectiveFrom, 90) : null;
  const ranked = d.items.filter((r) => r.resolutionRate !== null).sort((a, b) => b.resolutionRate! - a.resolutionRate! || (b.satisfaction ?? 0) - (a.satisfaction ?? 0));
  const row = (label: string, k: Kpi): string => `<tr><th scope="row">${escapeHtml(label)}</th>${kpiCells(k)}</tr>`;
  const head = `<tr><th>网格 grid</th>${KPI_HEADS.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const table = (rows: string[]): string => `<table><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
  const gridLabel = (r: DashboardItem): string => `${r.name}${r.managerName ? ` (${r.managerName})` : ''}`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(`网格服务月报 KPI report ${month}`)}</title>
<style>body{font:12px/1.4 system-ui,"Noto Sans CJK SC",sans-serif;margin:24px}table{border-collapse:collapse;margin:8px 0 20px}
th,td{border:1px solid #999;padding:2px 6px;text-align:right}th[scope=row],thead th:first-child{text-align:left}
h1{font-size:18px}h2{font-size:14px;margin-top:20px}@media print{h2{break-before:auto}tr{break-inside:avoid}}</style></head>
<body>
<h1>${escapeHtml(`网格服务月报 Grid-service KPI report — ${month}`)}</h1>
<p>${escapeHtml(`${d.from} – ${d.to} (Asia/Shanghai), plan ${d.planId}, ${d.items.length} grids.`)}</p>
<h2>全市 City</h2>
${table([row('全市 city', d.city)])}
<h2>最好 Best five (resolution rate, then satisfaction)</h2>
${table(ranked.slice(0, 5).map((r) => row(gridLabel(r), r)))}
<h2>最差 Worst five</h2>
${table(ranked.slice(-5).reverse().map((r) => row(gridLabel(r), r)))}
${ba ? `<h2>${escapeHtml(`方案实施前后 Before / after ${ba.date} (${ba.days} days each)`)}</h2>
${table([row('全市 before', ba.city.before), row('全市 after', ba.city.after)])}` : ''}
<h2>全部网格 All grids</h2>
${table(d.items.map((r) => row(gridLabel(r), r)))}
</body></html>
`;
}
