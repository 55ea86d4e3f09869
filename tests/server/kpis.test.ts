/**
 * KPIs on the hand-made fixture, each number checked against an independent computation in JavaScript over the
 * fixture's own rows (tests/server/territory-fixture.ts): one grid (period, previous period, city, series),
 * the dashboard, before/after, CSV = JSON, the HTML report, bad dates, and the views following a work-order change.
 */
import { describe, expect, it } from 'vitest';
import { refreshKpis, scheduleKpiRefresh } from '../../server/services/territory.ts';
import { api } from './helpers.ts';
import { EFFECTIVE_FROM, useTerritoryApp } from './territory-fixture.ts';

const env = useTerritoryApp(['planner', 'manager1']);

type Kpi = Record<string, number | null>;

// ---- the reference: plain JavaScript over the fixture ----
const DAY = 86_400_000;
const shanghaiDay = (d: Date): string => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
const addDays = (s: string, n: number): string => new Date(Date.parse(`${s}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
const mean = (xs: number[]): number | null => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
/** PostgreSQL's percentile_cont: linear interpolation between the two nearest ranks. */
function percentileCont(xs: number[], p: number): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const pos = p * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

function reference(cells: readonly string[], from: string, to: string): Kpi {
  const set = new Set(cells);
  const inDays = (d: Date): boolean => shanghaiDay(d) >= from && shanghaiDay(d) <= to;
  const orders = env.fx.orders.filter((o) => o.state !== 'cancelled' && set.has(o.h3) && inDays(o.receivedAt));
  const minutes = (a: Date, b: Date | null): number[] => (b ? [(b.getTime() - a.getTime()) / 60_000] : []);
  const response = orders.flatMap((o) => minutes(o.receivedAt, o.onSiteAt));
  const resolution = orders.flatMap((o) => minutes(o.receivedAt, o.resolvedAt));
  const scores = orders.flatMap((o) => (o.satisfaction === null ? [] : [o.satisfaction]));
  const live = env.fx.faults.filter((f) => f.status !== 'cancelled');
  const faults = live.filter((f) => set.has(f.h3) && inDays(f.reportedAt));
  const repeats = faults.filter((f) =>
    live.some((g) => {
      const earlier = g.reportedAt.getTime() < f.reportedAt.getTime() || (g.reportedAt.getTime() === f.reportedAt.getTime() && g.id < f.id);
      return earlier && (g.customerId === f.customerId || g.h3 === f.h3) && f.reportedAt.getTime() - g.reportedAt.getTime() <= 30 * DAY;
    }),
  );
  const customers = env.fx.customers.filter((c) => set.has(c.h3)).length;
  const resolved = orders.filter((o) => o.resolvedAt !== null).length;
  const complaints = orders.filter((o) => o.complaint).length;
  return {
    workOrders: orders.length,
    resolved,
    resolutionRate: orders.length ? resolved / orders.length : null,
    responseMeanMin: mean(response),
    responseP90Min: percentileCont(response, 0.9),
    resolutionMeanMin: mean(resolution),
    resolutionP90Min: percentileCont(resolution, 0.9),
    satisfaction: mean(scores),
    followUps: scores.length,
    complaints,
    complaintsPer1000: customers ? (complaints * 1000) / customers : null,
    faults: faults.length,
    repeatFaults: repeats.length,
    repeatRate: faults.length ? repeats.length / faults.length : null,
    customers,
  };
}

function expectKpi(actual: Kpi, expected: Kpi): void {
  for (const [k, v] of Object.entries(expected)) {
    if (v === null) expect(actual[k], k).toBeNull();
    else expect(actual[k], k).toBeCloseTo(v, 6);
  }
}

const get = async <T>(path: string, cookie = env.cookies.planner): Promise<{ status: number; body: T; headers: Headers }> => {
  const r = await api(env.app.url, 'GET', path, { cookie });
  return { status: r.status, body: r.body as T, headers: r.headers };
};

interface GridKpis {
  grid: { id: number; name: string };
  from: string;
  to: string;
  kpis: Kpi;
  previous: Kpi;
  city: Kpi;
  series: Array<{ date: string; workOrders: number; resolutionRate: number | null; responseMeanMin: number | null; satisfaction: number | null; complaintsPer1000: number | null }>;
  bucket: string;
}

describe('GET /api/grids/:id/kpis', () => {
  it('defaults to the 30 days before the reference now; grid, previous period and city match the reference', async () => {
    const r = await get<GridKpis>(`/api/grids/${env.fx.gridA}/kpis`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ grid: { id: env.fx.gridA, name: '网格 A' }, from: '2026-10-29', to: '2026-11-27', bucket: 'day' });
    expect(r.body.kpis.workOrders).toBeGreaterThan(10); // the fixture is dense enough to mean something
    expectKpi(r.body.kpis, reference(env.fx.cellsA, '2026-10-29', '2026-11-27'));
    expectKpi(r.body.previous, reference(env.fx.cellsA, '2026-09-29', '2026-10-28'));
    expectKpi(r.body.city, reference([...env.fx.cellsA, ...env.fx.cellsB], '2026-10-29', '2026-11-27'));
    expect(r.body.kpis.repeatFaults).toBeGreaterThan(0);
    // a daily series over every day of the period
    expect(r.body.series).toHaveLength(30);
    expect(r.body.series[0].date).toBe('2026-10-29');
    for (const s of r.body.series) {
      const k = reference(env.fx.cellsA, s.date, s.date);
      expect(s.workOrders, s.date).toBe(k.workOrders);
      for (const f of ['resolutionRate', 'responseMeanMin', 'satisfaction'] as const) {
        if (k[f] === null) expect(s[f]).toBeNull();
        else expect(s[f]).toBeCloseTo(k[f]!, 6);
      }
      expect(s.complaintsPer1000).toBeCloseTo(((k.complaints ?? 0) * 1000) / k.customers!, 6);
    }
  });

  it('a long period has a weekly series (Monday buckets) adding up to the period', async () => {
    const r = await get<GridKpis>(`/api/grids/${env.fx.gridB}/kpis?from=2026-06-01&to=2026-11-27`);
    expect(r.status).toBe(200);
    expect(r.body.bucket).toBe('week');
    expectKpi(r.body.kpis, reference(env.fx.cellsB, '2026-06-01', '2026-11-27'));
    expectKpi(r.body.previous, reference(env.fx.cellsB, addDays('2026-06-01', -180), '2026-05-31'));
    expect(r.body.series[0].date).toBe('2026-06-01'); // a Monday
    expect(r.body.series.reduce((s, x) => s + x.workOrders, 0)).toBe(r.body.kpis.workOrders);
    const wk = r.body.series[3];
    expect(wk.workOrders).toBe(reference(env.fx.cellsB, wk.date, addDays(wk.date, 6)).workOrders);
  });

  it('a period without orders gives zero counts and null rates', async () => {
    const r = await get<GridKpis>(`/api/grids/${env.fx.gridA}/kpis?from=2020-01-01&to=2020-01-31`);
    expect(r.status).toBe(200);
    expect(r.body.kpis).toMatchObject({ workOrders: 0, resolutionRate: null, responseMeanMin: null, responseP90Min: null, satisfaction: null, repeatRate: null, complaintsPer1000: 0 });
  });

  it('bad dates are 400 naming the field', async () => {
    for (const [q, field] of [['from=2026-02-30', 'from'], ['to=2026-13-01', 'to'], ['from=yesterday', 'from'], ['from=2026-11-10&to=2026-11-01', 'to'], ['from=2000-01-01&to=2026-01-01', 'to']] as const) {
      const r = await get<{ error: { code: string; fields: Record<string, string> } }>(`/api/grids/${env.fx.gridA}/kpis?${q}`);
      expect(r.status, q).toBe(400);
      expect(Object.keys(r.body.error.fields), q).toContain(field);
    }
  });
});

interface Dashboard {
  planId: number;
  from: string;
  to: string;
  now: string;
  city: Kpi;
  items: Array<Kpi & { gridId: number; idx: number; name: string; managerName: string | null }>;
}

describe('GET /api/kpis (dashboard), CSV, before/after, report', () => {
  it('every grid and the city match the reference', async () => {
    const r = await get<Dashboard>('/api/kpis?from=2026-09-01&to=2026-11-27');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ planId: env.fx.planId, from: '2026-09-01', to: '2026-11-27', now: '2026-11-27T16:00:00.000Z' });
    expect(r.body.items.map((i) => [i.gridId, i.idx, i.managerName])).toEqual([[env.fx.gridA, 0, 'Test manager 1'], [env.fx.gridB, 1, 'Test manager 2']]);
    expectKpi(r.body.items[0], reference(env.fx.cellsA, '2026-09-01', '2026-11-27'));
    expectKpi(r.body.items[1], reference(env.fx.cellsB, '2026-09-01', '2026-11-27'));
    expectKpi(r.body.city, reference([...env.fx.cellsA, ...env.fx.cellsB], '2026-09-01', '2026-11-27'));
    // orders outside every grid count nowhere
    const outside = env.fx.orders.filter((o) => env.fx.cellsOut.includes(o.h3) && o.state !== 'cancelled').length;
    expect(outside).toBeGreaterThan(0);
  });

  it('the CSV has the same numbers as the JSON (quoted names, empty for null)', async () => {
    const json = await get<Dashboard>('/api/kpis?from=2026-10-01&to=2026-10-31');
    const csv = await api(env.app.url, 'GET', '/api/kpis/export.csv?from=2026-10-01&to=2026-10-31', { cookie: env.cookies.planner });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (csv.body as string).trimEnd().split('\r\n');
    expect(lines[0]).toBe('grid_id,grid,manager,work_orders,resolved,resolution_rate,response_mean_min,response_p90_min,resolution_mean_min,resolution_p90_min,satisfaction,complaints,complaints_per_1000,repeat_faults');
    expect(lines).toHaveLength(3);
    // a tiny RFC 4180 reader for the check
    const parse = (line: string): string[] => {
      const out: string[] = [];
      let cur = '';
      let q = false;
      for (let i = 0; i < line.length; i++) {
        const ch = line[i];
        if (q) {
          if (ch === '"' && line[i + 1] === '"') {
            cur += '"';
            i++;
          } else if (ch === '"') q = false;
          else cur += ch;
        } else if (ch === '"') q = true;
        else if (ch === ',') {
          out.push(cur);
          cur = '';
        } else cur += ch;
      }
      out.push(cur);
      return out;
    };
    const cols = ['gridId', 'name', 'managerName', 'workOrders', 'resolved', 'resolutionRate', 'responseMeanMin', 'responseP90Min', 'resolutionMeanMin', 'resolutionP90Min', 'satisfaction', 'complaints', 'complaintsPer1000', 'repeatFaults'];
    json.body.items.forEach((item, i) => {
      const f = parse(lines[i + 1]);
      expect(f).toHaveLength(cols.length);
      cols.forEach((c, j) => {
        const v = (item as Record<string, unknown>)[c];
        if (v === null) expect(f[j], c).toBe('');
        else if (typeof v === 'number') expect(Number(f[j]), c).toBe(v);
        else expect(f[j], c).toBe(v);
      });
    });
    expect(lines[2]).toContain('"网格 B, ""东"""');
  });

  it('before/after defaults to the plan\'s effective date and 90 days', async () => {
    const r = await get<{ date: string; days: number; city: { before: Kpi; after: Kpi }; items: Array<{ gridId: number; before: Kpi; after: Kpi }> }>('/api/kpis/before-after');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ date: EFFECTIVE_FROM, days: 90 });
    const all = [...env.fx.cellsA, ...env.fx.cellsB];
    expectKpi(r.body.city.before, reference(all, addDays(EFFECTIVE_FROM, -90), addDays(EFFECTIVE_FROM, -1)));
    expectKpi(r.body.city.after, reference(all, EFFECTIVE_FROM, addDays(EFFECTIVE_FROM, 89)));
    expectKpi(r.body.items[1].after, reference(env.fx.cellsB, EFFECTIVE_FROM, addDays(EFFECTIVE_FROM, 89)));
    const custom = await get<{ date: string; days: number; city: { before: Kpi } }>('/api/kpis/before-after?date=2026-09-01&days=30');
    expectKpi(custom.body.city.before, reference(all, '2026-08-02', '2026-08-31'));
    expect((await get('/api/kpis/before-after?date=2026-02-31')).status).toBe(400);
    expect((await get('/api/kpis/before-after?days=0')).status).toBe(400);
  });

  it('the monthly report is escaped HTML with the city and every grid', async () => {
    const r = await api(env.app.url, 'GET', '/api/kpis/report.html?month=2026-10', { cookie: env.cookies.planner });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/html');
    const html = r.body as string;
    expect(html).toContain('2026-10-01 – 2026-10-31');
    expect(html).toContain('网格 B, &quot;东&quot;');
    expect(html).not.toContain('"东"');
    expect(html).toContain('网格 A');
    const bad = await get<{ error: { fields: Record<string, string> } }>('/api/kpis/report.html?month=2026-13');
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty('month');
  });

  it('the dashboard is for admins and planners only; a manager gets their own grid\'s KPIs', async () => {
    expect((await get('/api/kpis', env.cookies.manager1)).status).toBe(403);
    expect((await get(`/api/grids/${env.fx.gridA}/kpis`, env.cookies.manager1)).status).toBe(200);
  });
});

describe('refresh', () => {
  it('a changed work order shows in the KPIs after refreshKpis, and after a debounced scheduleKpiRefresh', async () => {
    const o = env.fx.orders.find((x) => env.fx.cellsA.includes(x.h3) && x.satisfaction !== null && shanghaiDay(x.receivedAt) >= '2026-10-29')!;
    const before = (await get<GridKpis>(`/api/grids/${env.fx.gridA}/kpis`)).body.kpis;
    await env.db.pool.query('UPDATE work_orders SET satisfaction = NULL, complaint = NOT complaint WHERE id = $1', [o.id]);
    const stale = (await get<GridKpis>(`/api/grids/${env.fx.gridA}/kpis`)).body.kpis;
    expect(stale.followUps).toBe(before.followUps); // materialized: unchanged until refreshed
    await refreshKpis(env.db.pool);
    const after = (await get<GridKpis>(`/api/grids/${env.fx.gridA}/kpis`)).body.kpis;
    expect(after.followUps).toBe(before.followUps! - 1);
    expect(after.complaints).toBe(before.complaints! + (o.complaint ? -1 : 1));

    await env.db.pool.query('UPDATE work_orders SET satisfaction = $2, complaint = $3 WHERE id = $1', [o.id, o.satisfaction, o.complaint]);
    let errors = 0;
    scheduleKpiRefresh(env.db.pool, 50, () => errors++);
    scheduleKpiRefresh(env.db.pool, 50, () => errors++); // debounced: one refresh
    for (let i = 0; i < 100; i++) {
      await new Promise((r) => setTimeout(r, 50));
      if ((await get<GridKpis>(`/api/grids/${env.fx.gridA}/kpis`)).body.kpis.followUps === before.followUps) break;
    }
    expect(errors).toBe(0);
    expectKpi((await get<GridKpis>(`/api/grids/${env.fx.gridA}/kpis`)).body.kpis, reference(env.fx.cellsA, '2026-10-29', '2026-11-27'));
  });
});
