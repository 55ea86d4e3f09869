/**
 * KPI dashboard (issue 9): a planner opens it, the table holds every grid of the active plan with the API's
 * numbers, sorting by satisfaction really sorts it (both ways, undefined last), the choropleth draws every grid,
 * and the exported CSV has the same numbers as `GET /api/kpis` for the same period.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, inject, it } from 'vitest';
import { MAP_TEST_TIMEOUT_MS, openApp, PASSWORD, SCREENSHOT_DIR, signIn, useBrowser } from './browser.ts';
import type { Page } from 'playwright-core';
import type {} from '../../client/src/views/dashboard/test-hook.ts'; // declares window.__gridopsDashboard

const env = useBrowser();

type Kpi = Record<string, number | null>;
interface AllKpis {
  planId: number;
  from: string;
  to: string;
  now: string;
  city: Kpi;
  items: ({ gridId: number; idx: number; name: string; managerName: string | null } & Kpi)[];
}

async function apiCookie(username: string): Promise<string> {
  const res = await fetch(`${inject('baseUrl')}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

/** RFC 4180 CSV (quoted fields, doubled quotes) into rows of fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

/** A CSV number equals the API's within the CSV's printed precision (empty = null). */
function expectSameNumber(csv: string, api: number | null | undefined, what: string): void {
  if (api === null || api === undefined) {
    expect(csv, what).toBe('');
    return;
  }
  expect(csv, what).not.toBe('');
  const decimals = csv.includes('.') ? csv.split('.')[1].length : 0;
  expect(Math.abs(Number(csv) - api), `${what}: csv ${csv}, api ${api}`).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-9);
}

/** Satisfaction values of the table's rows, top to bottom (null = undefined). */
function satisfactionColumn(page: Page): Promise<(number | null)[]> {
  return page
    .locator('[data-testid=kpi-table] tbody tr[data-grid-id] td[data-kpi=satisfaction]')
    .evaluateAll((tds) => tds.map((td) => (td.getAttribute('data-value') === '' ? null : Number(td.getAttribute('data-value')))));
}

function expectSorted(values: (number | null)[], dir: 'asc' | 'desc'): void {
  const defined = values.filter((v): v is number => v !== null);
  // undefined values come last
  expect(values.slice(0, defined.length)).toEqual(defined);
  for (let i = 1; i < defined.length; i++) {
    if (dir === 'asc') expect(defined[i]).toBeGreaterThanOrEqual(defined[i - 1]);
    else expect(defined[i]).toBeLessThanOrEqual(defined[i - 1]);
  }
}

describe('KPI dashboard as planner', () => {
  it(
    'lists every grid, sorts by satisfaction and exports a CSV with the API\'s numbers',
    async () => {
      const cookie = await apiCookie('planner');
      const { page, context, errors } = await openApp(env.browser);
      // straight to the view after sign-in (the overview's map would only load the machine)
      await page.evaluate(() => {
        window.location.hash = '#/dashboard';
      });
      await signIn(page, 'planner');
      expect(await page.locator('.topbar-views a[data-view=dashboard][aria-current=page]').count()).toBe(1);

      // wait for the 30-day preset period (the first load is the server's default period)
      const tableCard = page.locator('.dash-table');
      await tableCard.waitFor({ timeout: 120_000 });
      await page.waitForFunction(() => {
        const c = document.querySelector('.dash-table');
        const f = c?.getAttribute('data-from');
        const t = c?.getAttribute('data-to');
        return !!f && !!t && (Date.parse(t) - Date.parse(f)) / 86_400_000 === 29 && document.querySelector('[role=status]') === null;
      }, null, { timeout: 120_000 });
      const from = (await tableCard.getAttribute('data-from'))!;
      const to = (await tableCard.getAttribute('data-to'))!;

      const res = await fetch(`${inject('baseUrl')}/api/kpis?from=${from}&to=${to}`, { headers: { cookie } });
      expect(res.status).toBe(200);
      const api = (await res.json()) as AllKpis;
      expect(api.items.length).toBeGreaterThan(10);
      // the period ends at the dataset's reference day, not at the browser's clock
      expect(Math.abs(Date.parse(to) - Date.parse(api.now))).toBeLessThan(2 * 86_400_000);

      // the table: one row per grid, with the API's satisfaction
      const rowIds = await page.locator('[data-testid=kpi-table] tbody tr[data-grid-id]').evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-grid-id'))));
      expect([...rowIds].sort((a, b) => a - b)).toEqual(api.items.map((g) => g.gridId).sort((a, b) => a - b));
      const byId = new Map(api.items.map((g) => [g.gridId, g]));
      const shown = await satisfactionColumn(page);
      rowIds.forEach((id, i) => {
        const v = byId.get(id)!.satisfaction;
        if (v === null) expect(shown[i]).toBeNull();
        else expect(shown[i]!).toBeCloseTo(v, 9);
      });
      // initial order is the grid order, not satisfaction: the sort below has something to do
      expect(rowIds).toEqual([...api.items].sort((a, b) => a.idx - b.idx).map((g) => g.gridId));

      // sort by satisfaction: best first, then the other way
      const header = page.locator('[data-testid=kpi-table] thead button[data-sort=satisfaction]');
      const sortedAs = (dir: string) =>
        page.waitForFunction((d) => document.querySelector('[data-testid=kpi-table] thead th:has(button[data-sort=satisfaction])')?.getAttribute('aria-sort') === d, dir, { timeout: 10_000 });
      await header.click();
      await sortedAs('descending');
      const desc = await satisfactionColumn(page);
      expectSorted(desc, 'desc');
      expect(desc).not.toEqual(shown);
      await header.click();
      await sortedAs('ascending');
      expectSorted(await satisfactionColumn(page), 'asc');

      // the choropleth draws every grid of the plan
      await page.waitForFunction((n) => (window.__gridopsDashboard?.drawnGridIds.length ?? 0) === n && window.__gridopsDashboard!.map.loaded(), api.items.length, { timeout: 90_000, polling: 250 });
      await page.evaluate(() => new Promise<void>((resolve) => {
        const map = window.__gridopsDashboard!.map;
        map.once('idle', () => resolve());
        map.triggerRepaint();
      }));
      await page.screenshot({ path: `${SCREENSHOT_DIR}/dashboard.png`, fullPage: false });

      // CSV export: the download has the same numbers as the API for the same period
      const href = await page.locator('[data-testid=export-csv]').getAttribute('href');
      expect(href).toBe(`/api/kpis/export.csv?from=${from}&to=${to}`);
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.locator('[data-testid=export-csv]').click()]);
      const path = await download.path();
      const rows = parseCsv((await readFile(path)).toString('utf8').replace(/^\uFEFF/, ''));
      const head = rows[0];
      expect(head).toEqual(['grid_id', 'grid', 'manager', 'work_orders', 'resolved', 'resolution_rate', 'response_mean_min', 'response_p90_min', 'resolution_mean_min', 'resolution_p90_min', 'satisfaction', 'complaints', 'complaints_per_1000', 'repeat_faults']);
      const body = rows.slice(1);
      expect(body.length).toBe(api.items.length);
      const columns: Record<string, string> = {
        work_orders: 'workOrders',
        resolved: 'resolved',
        resolution_rate: 'resolutionRate',
        response_mean_min: 'responseMeanMin',
        response_p90_min: 'responseP90Min',
        resolution_mean_min: 'resolutionMeanMin',
        resolution_p90_min: 'resolutionP90Min',
        satisfaction: 'satisfaction',
        complaints: 'complaints',
        complaints_per_1000: 'complaintsPer1000',
        repeat_faults: 'repeatFaults',
      };
      for (const r of body) {
        const g = byId.get(Number(r[0]));
        expect(g, `grid ${r[0]} of the CSV`).toBeDefined();
        expect(r[1]).toBe(g!.name);
        for (const [col, key] of Object.entries(columns)) expectSameNumber(r[head.indexOf(col)], g![key] as number | null, `grid ${r[0]} ${col}`);
      }

      expect(errors).toEqual([]);
      await context.close();
    },
    MAP_TEST_TIMEOUT_MS,
  );
});
