/**
 * Issue 8 end to end: a customer reports a fault on the public page (phone-sized) and gets a ticket; the
 * dispatcher, already watching the Dispatch view, sees the order appear live (SSE), asks for a suggestion and
 * accepts it for that order; the crew goes en route (its road route drawn, crew status en route), arrives, and the
 * fault is resolved; the follow-up (回访) is recorded with a satisfaction score; the customer's ticket page shows
 * the steps reached. An illegal transition is refused with 409 (shown in the drawer, and from the API). A manager
 * has no Dispatch view and the dispatch API answers 403.
 *
 * The simulator is paused while the customer reports and the dispatcher accepts (so it does not dispatch the order
 * itself), then run at ×60: it drives the crew (en route along its road route, on site, resolved after the repair
 * time) through the same API as people. It is paused again before its own follow-up call, and the dispatcher records
 * the follow-up in the order drawer. The simulator is left running at the end.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { openApp, PASSWORD, SCREENSHOT_DIR, signIn, useBrowser } from './browser.ts';
import type {} from '../../client/src/views/dispatch/test-hook.ts'; // declares window.__gridopsDispatch
import type {} from '../../client/src/views/report/test-hook.ts'; // declares window.__gridopsReport

const env = useBrowser();

/** The road network is built in the background at start; proposals answer 503 until it is ready. */
const TEST_TIMEOUT_MS = 900_000;
const NETWORK_READY_TIMEOUT_MS = 600_000;
/** Live updates arrive through SSE, batched every 200 ms; allow for a loaded machine. */
const LIVE_TIMEOUT_MS = 30_000;

// near Beijing Road, Yuexiu: in the dense road grid
const FAULT: [number, number] = [113.268, 23.126];

/** Signs in over HTTP (outside the browser) and returns the session cookie. */
async function apiCookie(base: string, username: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

/** Waits until routing stops answering 503 (the optimizer needs road travel times). */
async function waitForRouting(base: string, cookie: string): Promise<void> {
  const url = `${base}/api/route?from=${FAULT.join(',')}&to=113.322,23.12`;
  const deadline = Date.now() + NETWORK_READY_TIMEOUT_MS;
  for (;;) {
    const res = await fetch(url, { headers: { cookie } });
    await res.arrayBuffer();
    if (res.status !== 503) {
      expect(res.status).toBe(200);
      return;
    }
    if (Date.now() > deadline) throw new Error(`routing still answers 503 after ${NETWORK_READY_TIMEOUT_MS / 1000} s`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** A phone-sized page at `hash` with its console errors collected (no login). */
async function openPublic(browser: Browser, hash: string): Promise<{ page: Page; close(): Promise<void>; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, locale: 'zh-CN', hasTouch: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => errors.push(`page error: ${err.stack ?? err.message}`));
  await page.goto(`${inject('baseUrl')}${hash}`);
  return { page, close: () => context.close(), errors };
}

/** Waits until the Dispatch view has loaded its orders and crews and its map is ready. */
async function waitForDispatch(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const g = window.__gridopsDispatch;
    return !!g && g.store.get().status === 'ready' && g.map.loaded() && g.map.getLayer('dispatch-fault-points') !== undefined;
  }, null, { timeout: 120_000, polling: 250 });
}

/** The order as the Dispatch view's store holds it (null when absent). */
function orderInStore(page: Page, id: number) {
  return page.evaluate((i) => window.__gridopsDispatch!.store.get().orders.get(i) ?? null, id);
}

/** Clicks a transition button in the drawer and waits until the store holds the new state. */
async function transition(page: Page, id: number, to: string): Promise<void> {
  const response = page.waitForResponse((r) => r.url().endsWith(`/api/work-orders/${id}/transitions`) && r.request().method() === 'POST', { timeout: 60_000 });
  await page.locator(`[data-testid=transition][data-to=${to}]`).click();
  expect((await response).status()).toBe(200);
  await page.waitForFunction(({ i, s }) => window.__gridopsDispatch!.store.get().orders.get(i)?.state === s, { i: id, s: to }, { timeout: LIVE_TIMEOUT_MS });
  await page.locator(`[data-testid=order-drawer][data-state=${to}]`).waitFor({ timeout: LIVE_TIMEOUT_MS });
}

/** Pauses/resumes the simulator or sets its speed, over HTTP. */
async function simulator(base: string, cookie: string, patch: { running?: boolean; speed?: number }): Promise<void> {
  const res = await fetch(`${base}/api/simulator`, { method: 'POST', headers: { cookie, 'Content-Type': 'application/json' }, body: JSON.stringify(patch) });
  expect(res.status).toBe(200);
  await res.arrayBuffer();
}

/**
 * Every off-shift crew reports itself available (POST /api/crews/:id/position, as a vehicle tracker would). The seed
 * sets crew statuses for midnight and nothing changes them as shifts start, so during the day the crews on shift are
 * still marked off shift and no proposal can use them; the optimizer itself still keeps to each crew's shift.
 */
async function crewsReportOnShift(base: string, cookie: string): Promise<void> {
  const res = await fetch(`${base}/api/crews`, { headers: { cookie } });
  expect(res.status).toBe(200);
  const crews = ((await res.json()) as { items: { id: number; lng: number; lat: number; status: string }[] }).items;
  for (const c of crews.filter((x) => x.status === 'off_shift')) {
    const r = await fetch(`${base}/api/crews/${c.id}/position`, {
      method: 'POST',
      headers: { cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ lng: c.lng, lat: c.lat, status: 'available' }),
    });
    expect(r.status).toBe(200);
    await r.arrayBuffer();
  }
}

/** Time the simulator at ×60 may need to bring the crew on site and finish the repair (it may first finish an order it already had). */
const SIMULATED_REPAIR_TIMEOUT_MS = 480_000;

describe('dispatch', () => {
  // whatever happens, leave the demo's simulator running for the other tests and the next run
  afterAll(async () => {
    const base = new URL(inject('baseUrl')).origin;
    await simulator(base, await apiCookie(base, 'dispatcher'), { running: true, speed: 10 });
  });

  it('takes a customer report through suggestion, dispatch, repair and follow-up', async () => {
    const base = new URL(inject('baseUrl')).origin;
    const cookie = await apiCookie(base, 'dispatcher');
    await waitForRouting(base, cookie);
    await simulator(base, cookie, { running: false });
    await crewsReportOnShift(base, cookie);

    // the dispatcher watches the Dispatch view
    const { page, context, errors } = await openApp(env.browser, { expectFailedLoads: /\/api\/work-orders\/\d+\/transitions$/ });
    await signIn(page, 'dispatcher');
    expect(await page.locator('.topbar-views a[data-view=dispatch]').count()).toBe(1);
    await page.locator('.topbar-views a[data-view=dispatch]').click();
    await waitForDispatch(page);
    await page.locator('[data-testid=live][data-state=open]').waitFor({ timeout: LIVE_TIMEOUT_MS });
    const crewsShown = await page.evaluate(async () => {
      const src = window.__gridopsDispatch!.map.getSource('dispatch-crews') as unknown as { getData(): Promise<GeoJSON.FeatureCollection> };
      return (await src.getData()).features.length;
    });
    expect(crewsShown).toBeGreaterThan(0);

    // the customer reports a fault on the public page, phone-sized: finds a place, then taps the exact spot
    const customer = await openPublic(env.browser, '#/report');
    const cp = customer.page;
    await cp.locator('[data-testid=report-form]').waitFor({ timeout: 30_000 });
    await cp.waitForFunction(() => window.__gridopsReport?.map.loaded() === true, null, { timeout: 60_000 });
    await cp.locator('[data-testid=report-address]').fill('越秀');
    await cp.locator('[data-testid=report-address-search]').click();
    await cp.locator('[data-testid=report-place]').first().waitFor({ timeout: 30_000 });
    expect((await cp.locator('[data-testid=report-place]').first().textContent())!).toContain('越秀');
    await cp.locator('[data-testid=report-place]').first().click();
    await cp.waitForFunction(() => !window.__gridopsReport!.map.isMoving(), null, { timeout: 30_000 });
    await cp.evaluate((p) => window.__gridopsReport!.map.jumpTo({ center: p, zoom: 15 }), FAULT);
    // without a login the map still has its offline basemap: the districts and the road network (public endpoints)
    await cp.waitForFunction(
      () => {
        const m = window.__gridopsReport!.map;
        return m.querySourceFeatures('districts').length > 0 && m.querySourceFeatures('roads', { sourceLayer: 'roads' }).length > 0;
      },
      null,
      { timeout: 60_000, polling: 250 },
    );
    const spot = await cp.evaluate((p) => {
      const q = window.__gridopsReport!.map.project(p);
      return { x: Math.round(q.x), y: Math.round(q.y) };
    }, FAULT);
    await cp.locator('[data-testid=report-map]').click({ position: spot });
    // the form checks the phone before sending
    await cp.locator('[data-testid=report-phone]').fill('12345');
    await cp.locator('[data-testid=report-description]').fill('整栋楼停电，楼道灯也不亮');
    await cp.locator('[data-testid=report-submit]').click();
    expect(await cp.locator('.report-field-error').first().textContent()).toContain('电话');
    await cp.locator('[data-testid=report-phone]').fill('13800138000');
    expect(await cp.locator('.report-field-error').count()).toBe(0);
    await cp.screenshot({ path: `${SCREENSHOT_DIR}/report.png`, fullPage: true });
    const posted = cp.waitForResponse((r) => r.url().endsWith('/api/reports') && r.request().method() === 'POST', { timeout: 60_000 });
    await cp.locator('[data-testid=report-submit]').click();
    const postRes = await posted;
    expect(postRes.status()).toBe(201);
    const receipt = (await postRes.json()) as { ticket: string; workOrderId: number };
    const sent = JSON.parse(postRes.request().postData() ?? '{}') as { lng: number; lat: number };
    expect(Math.abs(sent.lng - FAULT[0])).toBeLessThan(0.0005);
    expect(Math.abs(sent.lat - FAULT[1])).toBeLessThan(0.0005);
    expect(await cp.locator('[data-testid=report-ticket]').textContent()).toBe(receipt.ticket);
    const id = receipt.workOrderId;

    // … and the dispatcher sees it appear live: in the store, on the map and in the queue
    await page.waitForFunction((i) => window.__gridopsDispatch!.store.get().orders.get(i)?.state === 'received', id, { timeout: LIVE_TIMEOUT_MS });
    const wo = (await orderInStore(page, id))!;
    expect(wo.ticket).toBe(receipt.ticket);
    expect(wo.source).toBe('report');
    await page.waitForFunction(
      async (i) => {
        const src = window.__gridopsDispatch!.map.getSource('dispatch-faults') as unknown as { getData(): Promise<GeoJSON.FeatureCollection> };
        return (await src.getData()).features.some((f) => f.properties?.id === i);
      },
      id,
      { timeout: LIVE_TIMEOUT_MS, polling: 500 },
    );
    // only received P1/P2 orders of its grid: ours is in the queue, with an SLA countdown
    if (wo.gridId !== null && (await page.locator(`[data-testid=filter-grid] option[value="${wo.gridId}"]`).count()) === 1) {
      await page.locator('[data-testid=filter-grid]').selectOption(String(wo.gridId));
    }
    await page.locator('[data-testid=filter-status]').selectOption('received');
    await page.locator('[data-testid=filter-p3]').uncheck();
    await page.locator('[data-testid=filter-p4]').uncheck();
    const item = page.locator(`[data-testid=queue-item][data-order-id="${id}"]`);
    await item.waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(['ok', 'amber', 'red']).toContain(await item.locator('[data-testid=sla]').getAttribute('data-level'));

    // suggestion: the optimizer's proposal, with our order in it, drawn on the map; accept ours
    const proposed = page.waitForResponse((r) => r.url().endsWith('/api/dispatch/proposals'), { timeout: 120_000 });
    await page.locator('[data-testid=suggest]').click();
    expect((await proposed).status()).toBe(201);
    await page.locator('[data-testid=proposal]').waitFor({ timeout: 30_000 });
    const why = await page.evaluate((i) => {
      const p = window.__gridopsDispatch!.store.get().proposal!;
      return { assigned: p.assignments.some((a) => a.workOrderId === i), unassigned: p.unassigned.find((u) => u.workOrderId === i) ?? null, summary: p.summary };
    }, id);
    expect(why, JSON.stringify(why)).toMatchObject({ assigned: true });
    const mine = page.locator(`[data-testid=proposal-item][data-order-id="${id}"]`);
    await mine.waitFor({ timeout: 30_000 });
    const crewId = Number(await mine.getAttribute('data-crew-id'));
    expect(crewId).toBeGreaterThan(0);
    const proposalLines = await page.evaluate(async () => {
      const src = window.__gridopsDispatch!.map.getSource('dispatch-proposal') as unknown as { getData(): Promise<GeoJSON.FeatureCollection> };
      return (await src.getData()).features.length;
    });
    expect(proposalLines).toBeGreaterThan(0);
    await page.evaluate(([lng, lat]) => window.__gridopsDispatch!.map.jumpTo({ center: [lng, lat], zoom: 13 }), FAULT);
    await page.mouse.move(5, 790);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/dispatch.png` });
    const applied = page.waitForResponse((r) => r.url().endsWith('/api/dispatch/apply'), { timeout: 60_000 });
    await mine.locator('[data-testid=proposal-accept-one]').click();
    expect((await applied).status()).toBe(200);
    await page.waitForFunction(({ i, c }) => {
      const o = window.__gridopsDispatch!.store.get().orders.get(i);
      return o?.state === 'assigned' && o.crewId === c;
    }, { i: id, c: crewId }, { timeout: LIVE_TIMEOUT_MS });

    // the order drawer: history so far, then the crew sets off: status en route, its road route on the map
    await page.locator('[data-testid=filter-status]').selectOption('assigned');
    await page.locator(`[data-testid=queue-item][data-order-id="${id}"]`).click();
    await page.locator(`[data-testid=order-drawer][data-order-id="${id}"][data-state=assigned]`).waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await page.locator('[data-testid=drawer-history] li').evaluateAll((li) => li.map((l) => l.getAttribute('data-to')))).toEqual(['received', 'assigned']);
    // the simulator drives the crew at ×60: it sets off (status en route, its road route drawn, ETA in the drawer) …
    await simulator(base, cookie, { running: true, speed: 60 });
    await page.locator('[data-testid=sim-toggle][aria-pressed=true]').waitFor({ timeout: LIVE_TIMEOUT_MS });
    await page.waitForFunction(
      async ({ i, c }) => {
        const g = window.__gridopsDispatch!;
        const o = g.store.get().orders.get(i);
        const crew = g.store.get().crews.get(c);
        if (o?.state !== 'en_route' || o.etaAt === null || crew?.status !== 'en_route' || (crew.route?.coordinates.length ?? 0) < 2) return false;
        const src = g.map.getSource('dispatch-crew-routes') as unknown as { getData(): Promise<GeoJSON.FeatureCollection> };
        const f = (await src.getData()).features.find((x) => x.properties?.id === c);
        return f !== undefined && f.geometry.type === 'LineString' && f.geometry.coordinates.length >= 2;
      },
      { i: id, c: crewId },
      { timeout: SIMULATED_REPAIR_TIMEOUT_MS, polling: 500 },
    );
    // (at ×60 a short drive takes seconds: the drawer may already show the arrival)
    await page.locator('[data-testid=order-drawer][data-state=en_route], [data-testid=order-drawer][data-state=on_site], [data-testid=order-drawer][data-state=resolved]').waitFor({ timeout: LIVE_TIMEOUT_MS });

    // … arrives and repairs; then the simulator is paused before its own follow-up call
    await page.waitForFunction((i) => window.__gridopsDispatch!.store.get().orders.get(i)?.state === 'resolved', id, { timeout: SIMULATED_REPAIR_TIMEOUT_MS, polling: 500 });
    await simulator(base, cookie, { running: false });
    await page.locator(`[data-testid=order-drawer][data-state=resolved]`).waitFor({ timeout: LIVE_TIMEOUT_MS });
    expect(await page.locator('[data-testid=drawer-history] li').evaluateAll((li) => li.map((l) => l.getAttribute('data-to')))).toEqual([
      'received',
      'assigned',
      'en_route',
      'on_site',
      'resolved',
    ]);

    // the customer's ticket page shows the repair
    await cp.goto(`${inject('baseUrl')}#/report/${encodeURIComponent(receipt.ticket)}`);
    await cp.locator('[data-testid=ticket-status][data-state=resolved]').waitFor({ timeout: 30_000 });
    expect(await cp.locator('[data-testid=ticket-state] strong').textContent()).toBe('已修复');
    expect(await cp.locator('[data-testid=ticket-timeline] li[data-done=true]').evaluateAll((li) => li.map((l) => l.getAttribute('data-step')))).toEqual([
      'received',
      'assigned',
      'en_route',
      'on_site',
      'resolved',
    ]);
    await cp.screenshot({ path: `${SCREENSHOT_DIR}/report-status.png`, fullPage: true });

    // follow-up (回访): satisfaction 4, no complaint
    await page.locator('[data-testid=followup-satisfaction]').selectOption('4');
    await transition(page, id, 'follow_up');
    expect(await page.locator('[data-testid=drawer-satisfaction]').textContent()).toContain('4 / 5');
    const stored = (await orderInStore(page, id))!;
    expect(stored.satisfaction).toBe(4);
    expect(stored.complaint).toBe(false);

    // an illegal transition is refused: follow-up → en route, in the drawer and straight from the API
    await page.locator('.drawer-other summary').click();
    await page.locator('[data-testid=other-state]').selectOption('en_route');
    await page.locator('[data-testid=other-submit]').click();
    const refusal = await page.locator('[data-testid=drawer-error]').textContent({ timeout: 30_000 });
    expect(refusal).toContain('409');
    expect(refusal).toContain('已归档');
    const direct = await page.evaluate(async (i) => {
      const res = await fetch(`/api/work-orders/${i}/transitions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ to: 'en_route' }) });
      return { status: res.status, body: (await res.json()) as { error: { code: string; allowed?: string[] } } };
    }, id);
    expect(direct.status).toBe(409);
    expect(direct.body.error.code).toBe('illegal_transition');
    expect(direct.body.error.allowed).toEqual(['closed']);
    expect((await orderInStore(page, id))!.state).toBe('follow_up');

    await cp.reload();
    await cp.locator('[data-testid=ticket-status][data-state=follow_up]').waitFor({ timeout: 30_000 });
    expect(customer.errors).toEqual([]);
    await customer.close();
    expect(errors).toEqual([]);
    await context.close();
  }, TEST_TIMEOUT_MS);

  it('has no Dispatch view for a grid manager, and the dispatch API refuses them (403)', async () => {
    const { page, context, errors } = await openApp(env.browser, { expectFailedLoads: /\/api\/(dispatch\/proposals|work-orders|crews)/ });
    await signIn(page, 'manager1');
    expect(await page.locator('.topbar-views a[data-view=dispatch]').count()).toBe(0);
    await page.goto(`${inject('baseUrl')}#/dispatch`);
    await page.locator('header.topbar').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid=dispatch-view]').count()).toBe(0);
    const statuses = await page.evaluate(async () => {
      const post = await fetch('/api/dispatch/proposals', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      const list = await fetch('/api/work-orders');
      const crews = await fetch('/api/crews');
      return [post.status, list.status, crews.status];
    });
    expect(statuses).toEqual([403, 403, 403]);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});
