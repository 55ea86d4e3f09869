/**
 * The route tool: a dispatcher switches it on, clicks two points in central Guangzhou, and the panel shows the
 * driving time, distance and roads of the same route the API gives for those points; the route is drawn on the
 * map, above the road network from the `roads` tiles, with the synthetic-network note in the attribution.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { inject } from 'vitest';
import { launchBrowser, mapIdle, openApp, PASSWORD, SCREENSHOT_DIR, signIn, waitForMap } from './browser.ts';

/** Software WebGL on a shared 2-core machine is slow, and the road network may still be building at start. */
const TEST_TIMEOUT_MS = 900_000;
const NETWORK_READY_TIMEOUT_MS = 600_000;

// Yuexiu (near Beijing Road) to Tianhe (Zhujiang New Town): both in the dense road grid
const FROM: [number, number] = [113.268, 23.126];
const TO: [number, number] = [113.322, 23.12];

interface Route {
  duration: number;
  distance: number;
  geometry: { coordinates: [number, number][] };
  roads: string[];
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Signs in over HTTP (outside the browser) and returns the session cookie. */
async function apiCookie(base: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'dispatcher', password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  expect(cookie).not.toBe('');
  return cookie;
}

/** Waits until the routing API stops answering 503 (the road network is built in the background at start). */
async function waitForRouting(base: string, cookie: string): Promise<void> {
  const url = `${base}/api/route?from=${FROM.join(',')}&to=${TO.join(',')}`;
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

/** Road names without consecutive repeats, as the panel lists them. */
function sequence(roads: string[]): string[] {
  const out: string[] = [];
  for (const r of roads) if (r && out[out.length - 1] !== r) out.push(r);
  return out;
}

describe('route tool', () => {
  it('routes between two clicked points and matches the routing API', async () => {
    const base = new URL(inject('baseUrl')).origin;
    await waitForRouting(base, await apiCookie(base));

    const { page, context, errors } = await openApp(browser);
    await signIn(page, 'dispatcher');
    await waitForMap(page);
    await page.evaluate(() => window.__gridops!.map.jumpTo({ center: [113.295, 23.123], zoom: 13 }));
    await mapIdle(page);

    // the road network is on the basemap: tiles loaded into the roads source, attribution names it synthetic
    await page.waitForFunction(() => window.__gridops!.map.querySourceFeatures('roads', { sourceLayer: 'roads' }).length > 0, null, { timeout: 120_000, polling: 500 });
    const roadClasses = await page.evaluate(() => [...new Set(window.__gridops!.map.querySourceFeatures('roads', { sourceLayer: 'roads' }).map((f) => String(f.properties.class)))]);
    expect(roadClasses.length).toBeGreaterThan(1);
    expect(await page.locator('.maplibregl-ctrl-attrib').textContent()).toContain('道路网为合成数据');

    await page.locator('[data-testid=route-tool-toggle]').click();
    expect(await page.locator('[data-testid=route-hint]').textContent()).toBe('在地图上点击起点。');
    const [a, b] = await page.evaluate(
      ({ from, to }) => {
        const map = window.__gridops!.map;
        return [map.project(from), map.project(to)].map((p) => ({ x: Math.round(p.x), y: Math.round(p.y) }));
      },
      { from: FROM, to: TO },
    );
    const mapBox = page.locator('[data-testid=map]');
    await mapBox.click({ position: a });
    expect(await page.locator('[data-testid=route-hint]').textContent()).toBe('再点击终点。');
    const response = page.waitForResponse((r) => r.url().includes('/api/route?'), { timeout: 120_000 });
    await mapBox.click({ position: b });
    const requested = new URL((await response).url());
    expect((await response).status()).toBe(200);

    // the tool asked for the clicked points (a pixel at z13 is ~20 m)
    const [fromLng, fromLat] = requested.searchParams.get('from')!.split(',').map(Number);
    const [toLng, toLat] = requested.searchParams.get('to')!.split(',').map(Number);
    for (const [got, want] of [
      [fromLng, FROM[0]],
      [fromLat, FROM[1]],
      [toLng, TO[0]],
      [toLat, TO[1]],
    ]) {
      expect(Math.abs(got - want)).toBeLessThan(0.0005);
    }

    // a direct call for the same coordinates, with the page's session cookie
    const direct = await page.evaluate(async (q) => {
      const res = await fetch(`/api/route?${q}`);
      return { status: res.status, body: (await res.json()) as Route };
    }, requested.search.slice(1));
    expect(direct.status).toBe(200);
    expect(direct.body.duration).toBeGreaterThan(0);
    expect(direct.body.distance).toBeGreaterThan(1000);

    await page.locator('[data-testid=route-duration]').waitFor({ timeout: 60_000 });
    const minutes = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 }).format(Math.max(1, Math.round(direct.body.duration / 60)));
    const km = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 1 }).format(direct.body.distance / 1000);
    expect(await page.locator('[data-testid=route-duration]').textContent()).toBe(`约 ${minutes} 分钟`);
    expect(await page.locator('[data-testid=route-distance]').textContent()).toBe(`${km} 公里`);
    expect(Number(await page.locator('[data-testid=route-duration]').getAttribute('data-seconds'))).toBe(direct.body.duration);
    expect(Number(await page.locator('[data-testid=route-distance]').getAttribute('data-meters'))).toBe(direct.body.distance);
    const names = sequence(direct.body.roads);
    expect(names.length).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=route-roads] li').allTextContents()).toEqual(names);

    // the route is on the map: its line layer over a source holding the API's geometry and both end points
    const drawn = await page.evaluate(async () => {
      const map = window.__gridops!.map;
      const src = map.getSource('route-tool') as unknown as { getData(): Promise<GeoJSON.FeatureCollection> } | undefined;
      const fc = src ? await src.getData() : null;
      const line = fc?.features.find((f) => f.geometry.type === 'LineString');
      return {
        layer: map.getLayer('route-line')?.type ?? null,
        vertices: line && line.geometry.type === 'LineString' ? line.geometry.coordinates.length : 0,
        points: fc?.features.filter((f) => f.geometry.type === 'Point').length ?? 0,
      };
    });
    expect(drawn).toEqual({ layer: 'line', vertices: direct.body.geometry.coordinates.length, points: 2 });

    // the layer panel switches the roads off and on; the screenshot shows roads and route without the density
    const roadsVisibility = () => page.evaluate(() => window.__gridops!.map.getLayoutProperty('roads-line', 'visibility') as string | undefined);
    await page.locator('input[data-layer=roads]').uncheck();
    expect(await roadsVisibility()).toBe('none');
    await page.locator('input[data-layer=roads]').check();
    expect(await roadsVisibility()).toBe('visible');
    await page.locator('input[data-layer=density]').uncheck();
    await page.mouse.move(5, 790);
    await mapIdle(page);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/route.png` });

    // clearing removes the route and waits for a new start point
    await page.locator('[data-testid=route-clear]').click();
    expect(await page.locator('[data-testid=route-hint]').textContent()).toBe('在地图上点击起点。');
    expect(await page.evaluate(() => window.__gridops!.map.getLayer('route-line') !== undefined)).toBe(false);

    expect(errors).toEqual([]);
    await context.close();
  }, TEST_TIMEOUT_MS);
});
