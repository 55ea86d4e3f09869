/**
 * Every role signs in, lands on the overview map of Guangzhou with the 11 districts drawn, sees its views in
 * the top bar, switches language, and signs out.
 */
import { describe, expect, it } from 'vitest';
import { colorDistance, hexToRgb, PASSWORD, MAP_TEST_TIMEOUT_MS, mapIdle, mapPixelStats, openApp, samplePixels, SCREENSHOT_DIR, signIn, waitForMap, useBrowser } from './browser.ts';

const env = useBrowser();

const BACKGROUND = hexToRgb('#eef1f4'); // BACKGROUND_COLOR of the offline style

// the top-bar views of each role, in order (dispatch only for dispatchers, the dashboard only for planners)
const ROLES = [
  { username: 'admin', role: 'admin', roleZh: '系统管理员', roleEn: 'Administrator', views: ['overview', 'plan', 'dispatch', 'territory', 'dashboard'] },
  { username: 'planner', role: 'planner', roleZh: '网格规划员', roleEn: 'Grid planner', views: ['overview', 'plan', 'territory', 'dashboard'] },
  { username: 'dispatcher', role: 'dispatcher', roleZh: '调度员', roleEn: 'Dispatcher', views: ['overview', 'plan', 'dispatch'] },
  { username: 'manager1', role: 'manager', roleZh: '网格经理', roleEn: 'Grid manager', views: ['overview', 'plan', 'territory'] },
] as const;

describe.each(ROLES)('overview as $username', ({ username, role, roleZh, roleEn, views }) => {
  it('signs in, shows the districts of Guangzhou, switches language and signs out', async () => {
    const { page, context, errors } = await openApp(env.browser);
    await signIn(page, username);

    // top bar: user, role, and the views this role may open, the overview first and current
    expect(await page.locator('[data-testid=topbar-user] strong').textContent()).toBe(username);
    expect(await page.locator('.topbar-role').getAttribute('data-role')).toBe(role);
    expect(await page.locator('.topbar-role').textContent()).toBe(roleZh);
    expect(await page.locator('.topbar-views a').evaluateAll((as) => as.map((a) => a.getAttribute('data-view')))).toEqual(views);
    expect(await page.locator('.topbar-views a[aria-current=page]').textContent()).toBe('概览');

    await waitForMap(page);

    // the districts source holds the 11 districts, with Chinese names
    const districts = await page.evaluate(async () => {
      const src = window.__gridops!.map.getSource('districts') as unknown as { getData(): Promise<GeoJSON.FeatureCollection> };
      const fc = await src.getData();
      return fc.features.map((f) => String(f.properties?.name_zh ?? ''));
    });
    expect(districts).toHaveLength(11);
    for (const name of ['越秀', '天河', '海珠', '白云', '从化']) expect(districts.some((n) => n.includes(name))).toBe(true);

    // the view is Guangzhou: its centre is inside the districts' extent
    const center = await page.evaluate(() => window.__gridops!.map.getCenter().toArray());
    expect(center[0]).toBeGreaterThan(112.95);
    expect(center[0]).toBeLessThan(114.06);
    expect(center[1]).toBeGreaterThan(22.56);
    expect(center[1]).toBeLessThan(23.94);

    await page.screenshot({ path: `${SCREENSHOT_DIR}/overview-${username}.png` });
    const stats = await mapPixelStats(page, BACKGROUND);
    expect(stats.distinctColors).toBeGreaterThan(30);
    expect(stats.nonBackgroundShare).toBeGreaterThan(0.15);

    // with only the districts layer on, inside a district is its fill and far west of the city is background
    for (const id of ['roads', 'density', 'substations', 'stations', 'customers']) await page.locator(`input[data-layer=${id}]`).uncheck();
    await mapIdle(page);
    const [inside, outside] = await page.evaluate(() => {
      const map = window.__gridops!.map;
      const a = map.project([113.55, 23.45]); // inside Conghua, away from every district label
      const b = map.project([113.0, 23.9]); // north-west of Huadu, outside Guangzhou
      return [
        [a.x, a.y],
        [b.x, b.y],
      ] as [number, number][];
    });
    const [pIn, pOut] = await samplePixels(page, [inside, outside]);
    expect(colorDistance(pOut, BACKGROUND)).toBeLessThanOrEqual(6);
    expect(colorDistance(pIn, BACKGROUND)).toBeGreaterThan(10);
    // and hiding the districts too leaves the background there
    await page.locator('input[data-layer=districts]').uncheck();
    await mapIdle(page);
    const [pInHidden] = await samplePixels(page, [inside]);
    expect(colorDistance(pInHidden, BACKGROUND)).toBeLessThanOrEqual(6);

    // language switch: labels change and the choice survives a reload
    await page.locator('.lang-switch button[data-lang=en]').click();
    expect(await page.locator('.topbar-views a[data-view=overview]').textContent()).toBe('Overview');
    expect(await page.locator('.topbar-role').textContent()).toBe(roleEn);
    expect(await page.locator('.topbar-logout').textContent()).toBe('Sign out');
    await page.reload();
    await page.locator('header.topbar').waitFor();
    expect(await page.locator('.topbar-views a[data-view=overview]').textContent()).toBe('Overview');
    expect(await page.locator('html').getAttribute('lang')).toBe('en-GB');
    await page.locator('.lang-switch button[data-lang=zh]').click();
    expect(await page.locator('.topbar-logout').textContent()).toBe('退出登录');

    // logout ends the session on the server, not only in the page
    await page.locator('.topbar-logout').click();
    await page.locator('form.login-card').waitFor();
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).status);
    expect(me).toBe(401);
    await page.reload();
    await page.locator('form.login-card').waitFor();

    expect(errors).toEqual([]);
    await context.close();
  }, MAP_TEST_TIMEOUT_MS);
});

describe('session', () => {
  it('sends the user back to the login page with a message when the session ends on the server', async () => {
    const { page, context, errors } = await openApp(env.browser, { expectFailedLoads: /\/api\/cells\?/ });
    await signIn(page, 'dispatcher', PASSWORD);
    await waitForMap(page);
    // end the session behind the page's back, then make the map fetch data (another cell resolution)
    const status = await page.evaluate(async () => (await fetch('/api/auth/logout', { method: 'POST' })).status);
    expect(status).toBeLessThan(300);
    await page.evaluate(() => window.__gridops!.map.jumpTo({ center: [113.3, 23.13], zoom: 12.5 }));
    await page.locator('[data-testid=login-error]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid=login-error]').textContent()).toBe('登录已过期，请重新登录。');
    expect(await page.locator('header.topbar').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, MAP_TEST_TIMEOUT_MS);
});
