/**
 * Territory view (issue 9): manager1 signs in and sees only their own grid — on the map, in the header, in its
 * KPI cards (the same numbers as the API) and in its customer list (searchable, with a history); opening another
 * manager's grid URL shows "not your territory", and every territory endpoint answers that grid with 403.
 */
import { describe, expect, inject, it } from 'vitest';
import { MAP_TEST_TIMEOUT_MS, openApp, PASSWORD, SCREENSHOT_DIR, signIn, useBrowser } from './browser.ts';
import type {} from '../../client/src/views/territory/test-hook.ts'; // declares window.__gridopsTerritory

const env = useBrowser();

interface Grid {
  id: number;
  planId: number;
  name: string;
  managerId: number | null;
  customers: number;
  bbox: [number, number, number, number];
  centroid: [number, number];
}

/** The web-mercator tile `z/x/y` holding a point. */
function tileOf([lng, lat]: [number, number], z: number): string {
  const n = 2 ** z;
  const x = Math.floor(((lng + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return `${z}/${x}/${y}`;
}

/** Signs in over HTTP (outside the browser) and returns the session cookie. */
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

async function api<T>(cookie: string, path: string): Promise<{ status: number; body: T }> {
  const res = await fetch(`${inject('baseUrl')}${path}`, { headers: { cookie } });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // tiles and CSV are not JSON
  }
  return { status: res.status, body: body as T };
}

describe('territory as manager1', () => {
  it(
    'shows only manager1\'s grid with its KPIs and customers, and refuses another grid',
    async () => {
      const managerCookie = await apiCookie('manager1');
      const plannerCookie = await apiCookie('planner');
      const me = (await api<{ user: { managerId: number } } | { managerId: number }>(managerCookie, '/api/auth/me')).body;
      const myManagerId = 'user' in me ? me.user.managerId : me.managerId;
      expect(myManagerId).toBeGreaterThan(0);

      // the API gives the manager only their own grid(s); the planner sees all of the plan's grids
      const mine = await api<{ planId: number; items: Grid[] }>(managerCookie, '/api/grids');
      expect(mine.status).toBe(200);
      expect(mine.body.items.length).toBeGreaterThanOrEqual(1);
      for (const g of mine.body.items) expect(g.managerId).toBe(myManagerId);
      const all = await api<{ planId: number; items: Grid[] }>(plannerCookie, '/api/grids');
      expect(all.body.items.length).toBeGreaterThan(mine.body.items.length);
      const own = mine.body.items[0];
      const other = all.body.items.find((g) => g.managerId !== myManagerId)!;
      expect(other).toBeDefined();

      // every endpoint of the view refuses another manager's grid
      for (const path of [
        `/api/grids/${other.id}`,
        `/api/grids/${other.id}/cells`,
        `/api/grids/${other.id}/hotspots?limit=10`,
        `/api/grids/${other.id}/customers?limit=5`,
        `/api/grids/${other.id}/work-orders?open=1`,
        `/api/grids/${other.id}/crews`,
        `/api/grids/${other.id}/kpis`,
        `/api/tiles/customers/${tileOf(other.centroid, 14)}.mvt?gridId=${other.id}`,
      ]) {
        const r = await api<{ error?: { code?: string } }>(managerCookie, path);
        expect(r.status, path).toBe(403);
        if (!path.includes('.mvt')) expect(r.body.error?.code, path).toBe('not_your_territory');
      }

      const { page, context, errors } = await openApp(env.browser, { expectFailedLoads: new RegExp(`/api/grids/${other.id}(\\?|/|$)`) });
      // straight to the view after sign-in (the overview's map would only load the machine)
      await page.evaluate(() => {
        window.location.hash = '#/territory';
      });
      await signIn(page, 'manager1');
      expect(await page.locator('.topbar-views a[data-view=territory]').count()).toBe(1);
      expect(await page.locator('.topbar-views a[data-view=dashboard]').count()).toBe(0);

      // the view opens the manager's own grid, with no picker (one grid) and the grid's numbers
      const view = page.locator('[data-testid=territory]');
      await view.waitFor({ timeout: 90_000 });
      expect(Number(await view.getAttribute('data-grid-id'))).toBe(own.id);
      expect(await page.locator('[data-testid=grid-name]').textContent()).toBe(own.name);
      expect(Number(await page.locator('[data-testid=grid-summary] [data-field=customers]').getAttribute('data-value'))).toBe(own.customers);
      if (mine.body.items.length === 1) expect(await page.locator('[data-testid=grid-picker]').count()).toBe(0);

      // the map frames that grid: its centre is inside the grid's bounding box
      await page.waitForFunction((id) => window.__gridopsTerritory?.store.get().renderedGridId === id && window.__gridopsTerritory.map.loaded(), own.id, { timeout: 90_000, polling: 250 });
      await page.evaluate(() => new Promise<void>((resolve) => {
        const map = window.__gridopsTerritory!.map;
        map.once('idle', () => resolve());
        map.triggerRepaint();
      }));
      const center = await page.evaluate(() => window.__gridopsTerritory!.map.getCenter().toArray());
      expect(center[0]).toBeGreaterThanOrEqual(own.bbox[0]);
      expect(center[0]).toBeLessThanOrEqual(own.bbox[2]);
      expect(center[1]).toBeGreaterThanOrEqual(own.bbox[1]);
      expect(center[1]).toBeLessThanOrEqual(own.bbox[3]);

      // KPI cards: the numbers of the API for the period the cards say they show
      const cards = page.locator('[data-testid=kpi-cards]');
      await cards.waitFor({ timeout: 60_000 });
      await page.waitForFunction(() => document.querySelector('[data-testid=period-range]') !== null, null, { timeout: 60_000 });
      // the default preset is 30 days; wait until the cards show that period (the first load is the server's default)
      await page.waitForFunction(() => {
        const c = document.querySelector('[data-testid=kpi-cards]');
        const f = c?.getAttribute('data-from');
        const tt = c?.getAttribute('data-to');
        return !!f && !!tt && (Date.parse(tt) - Date.parse(f)) / 86_400_000 === 29;
      }, null, { timeout: 60_000 });
      const to = (await cards.getAttribute('data-to'))!;
      /** The cards show the API's KPIs of the period they say; returns those KPIs. */
      const expectCardsMatchApi = async (): Promise<Record<string, number | null>> => {
        const from = (await cards.getAttribute('data-from'))!;
        const until = (await cards.getAttribute('data-to'))!;
        const k = await api<{ grid: { id: number }; kpis: Record<string, number | null> }>(managerCookie, `/api/grids/${own.id}/kpis?from=${from}&to=${until}`);
        expect(k.status).toBe(200);
        expect(k.body.grid.id).toBe(own.id);
        const shown = await page.locator('[data-testid=kpi-cards] .kpi-card').evaluateAll((els) => els.map((e) => [e.getAttribute('data-kpi'), e.getAttribute('data-value')] as const));
        expect(shown.map(([key]) => key)).toEqual(['resolutionRate', 'responseMeanMin', 'responseP90Min', 'resolutionMeanMin', 'resolutionP90Min', 'satisfaction', 'complaintsPer1000', 'repeatFaults', 'workOrders']);
        for (const [key, value] of shown) {
          const expected = k.body.kpis[key!];
          if (expected === null) expect(value, key!).toBe('');
          else expect(Number(value), key!).toBeCloseTo(expected, 9);
        }
        // a sparkline per KPI that has a series
        expect(await page.locator('[data-testid=kpi-cards] .sparkline').count()).toBe(6);
        return k.body.kpis;
      };
      const periodDays = (days: number) =>
        page.waitForFunction((n) => {
          const c = document.querySelector('[data-testid=kpi-cards]');
          return !!c && (Date.parse(c.getAttribute('data-to')!) - Date.parse(c.getAttribute('data-from')!)) / 86_400_000 === n - 1;
        }, days, { timeout: 60_000 });
      await expectCardsMatchApi();

      // the 7-day preset refetches a 7-day period ending on the same day
      await page.locator('[data-testid=period-picker] button[data-preset=d7]').click();
      await periodDays(7);
      expect(await cards.getAttribute('data-to')).toBe(to);
      await expectCardsMatchApi();

      // a custom year (the small e2e demo has few orders per grid in a month): real numbers, still the API's
      await page.locator('[data-testid=period-picker] button[data-preset=custom]').click();
      const yearFrom = new Date(Date.parse(`${to}T00:00:00Z`) - 364 * 86_400_000).toISOString().slice(0, 10);
      await page.locator('.period-custom input[name=from]').fill(yearFrom);
      await page.locator('.period-custom button[type=submit]').click();
      await periodDays(365);
      expect(await cards.getAttribute('data-from')).toBe(yearFrom);
      const year = await expectCardsMatchApi();
      expect(year.workOrders).toBeGreaterThan(0);
      await page.screenshot({ path: `${SCREENSHOT_DIR}/territory.png` });

      // customers: the grid's customers only, searchable, with a history
      await page.locator('[data-tab=customers]').click();
      const table = page.locator('[data-testid=customer-table]');
      await table.waitFor({ timeout: 60_000 });
      const total = Number(await page.locator('[data-testid=customer-total]').getAttribute('data-total'));
      const apiCustomers = await api<{ total: number; items: { id: number; account: string; lng: number; lat: number }[] }>(managerCookie, `/api/grids/${own.id}/customers?sort=load&limit=50&offset=0`);
      expect(total).toBe(apiCustomers.body.total);
      expect(total).toBe(own.customers);
      const ids = await table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-customer-id'))));
      expect(ids).toEqual(apiCustomers.body.items.map((c) => c.id));
      for (const c of apiCustomers.body.items) {
        expect(c.lng).toBeGreaterThanOrEqual(own.bbox[0] - 1e-6);
        expect(c.lng).toBeLessThanOrEqual(own.bbox[2] + 1e-6);
        expect(c.lat).toBeGreaterThanOrEqual(own.bbox[1] - 1e-6);
        expect(c.lat).toBeLessThanOrEqual(own.bbox[3] + 1e-6);
      }
      // search by the first customer's account: the list narrows to matching accounts
      const account = apiCustomers.body.items[0].account;
      await page.locator('.customer-search input[name=q]').fill(account);
      await page.waitForFunction((acc) => {
        const rows = [...document.querySelectorAll('[data-testid=customer-table] tbody tr')];
        return rows.length > 0 && rows.every((r) => r.querySelector('td')?.textContent?.includes(acc));
      }, account, { timeout: 30_000 });
      await table.locator('tbody tr').first().click();
      const history = page.locator('[data-testid=customer-history]');
      await history.waitFor({ timeout: 30_000 });
      await page.waitForFunction(() => document.querySelector('[data-testid=customer-history] h5') !== null, null, { timeout: 30_000 });
      const apiHistory = await api<{ faults: unknown[]; workOrders: unknown[] }>(managerCookie, `/api/customers/${apiCustomers.body.items[0].id}/history`);
      expect(apiHistory.status).toBe(200);
      expect(await history.locator('h5').first().textContent()).toContain(String(apiHistory.body.faults.length));
      expect(await history.locator('h5').nth(1).textContent()).toContain(String(apiHistory.body.workOrders.length));

      // another manager's grid: the server's 403 becomes a clear message, and nothing of that grid is shown
      await page.evaluate((id) => {
        window.location.hash = `#/territory/${id}`;
      }, other.id);
      const notice = page.locator('[data-testid=not-your-territory]');
      await notice.waitFor({ timeout: 30_000 });
      expect(await notice.locator('h2').textContent()).toBe('无权查看该网格');
      expect(await page.locator('[data-testid=territory]').count()).toBe(0);
      await page.screenshot({ path: `${SCREENSHOT_DIR}/territory-forbidden.png` });
      // and the way back
      await notice.locator('button').click();
      await view.waitFor({ timeout: 60_000 });
      expect(Number(await view.getAttribute('data-grid-id'))).toBe(own.id);

      expect(errors).toEqual([]);
      await context.close();
    },
    MAP_TEST_TIMEOUT_MS,
  );
});
