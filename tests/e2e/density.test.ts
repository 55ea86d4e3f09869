/**
 * The density layer: H3 cells drawn and colored by the chosen metric, with a legend and a hover tooltip showing
 * the cell's numbers; customer points load from vector tiles when zoomed in.
 */
import { describe, expect, it } from 'vitest';
import { cellToLatLng } from 'h3-js';
import { MAP_TEST_TIMEOUT_MS, mapIdle, openApp, samplePixels, SCREENSHOT_DIR, signIn, waitForMap, useBrowser } from './browser.ts';

const env = useBrowser();

describe('density layer', () => {
  it('colors cells by customers, load and fault rate, and shows a cell on hover', async () => {
    const { page, context, errors } = await openApp(env.browser);
    await signIn(page, 'planner');
    await waitForMap(page);

    // zoom to the city centre: the layer switches to resolution 8
    await page.evaluate(() => window.__gridops!.map.jumpTo({ center: [113.3, 23.13], zoom: 11 }));
    await page.waitForFunction(() => {
      const c = window.__gridops!.overview.get().cells;
      return c.status === 'ready' && c.data?.res === 8;
    });
    const cells = await page.evaluate(() => {
      const c = window.__gridops!.overview.get().cells.data!;
      return { h3: c.h3, customers: c.customers, load: c.load, faults: c.faults };
    });
    expect(cells.h3.length).toBeGreaterThan(100);
    const total = cells.customers.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(10_000); // the e2e demo seeds 20,000 customers

    // only the density layer: station markers and district names would cover the pixels sampled below
    for (const id of ['districts', 'substations', 'stations']) await page.locator(`input[data-layer=${id}]`).uncheck();

    // centre the map on the busiest cell and check that this cell is what is drawn and picked there
    let best = 0;
    for (let i = 1; i < cells.customers.length; i++) if (cells.customers[i] > cells.customers[best]) best = i;
    const [lat, lng] = cellToLatLng(cells.h3[best]);
    await page.evaluate(([x, y]) => window.__gridops!.map.jumpTo({ center: [x, y], zoom: 11 }), [lng, lat]);
    await mapIdle(page);
    const point = await page.evaluate(([x, y]) => {
      const p = window.__gridops!.map.project([x, y]);
      return [p.x, p.y] as [number, number];
    }, [lng, lat]);
    const picked = await page.evaluate(([x, y]) => {
      const info = window.__gridops!.overlay.pickObject({ x, y, layerIds: ['density-cells'] });
      return info?.object ? (info.object as { index: number }).index : null;
    }, point);
    expect(picked).toBe(best);

    // the busiest cell falls in the top class: dark red at 75 % opacity over the background
    const [rgb] = await samplePixels(page, [point]);
    expect(rgb[0] - rgb[1]).toBeGreaterThan(60);
    expect(rgb[0] - rgb[2]).toBeGreaterThan(40);

    // hover: the tooltip shows this cell's numbers, formatted for Chinese
    const box = (await page.locator('[data-testid=map]').boundingBox())!;
    await page.mouse.move(box.x + point[0], box.y + point[1]);
    const tooltip = page.locator('[data-testid=map-tooltip][data-kind=cell]');
    await tooltip.waitFor({ timeout: 10_000 });
    expect(await tooltip.locator('strong').textContent()).toContain(cells.h3[best]);
    expect(await tooltip.locator('[data-field=customers]').textContent()).toBe(new Intl.NumberFormat('zh-CN').format(cells.customers[best]));
    expect(await tooltip.locator('[data-field=faults]').textContent()).toBe(new Intl.NumberFormat('zh-CN').format(cells.faults[best]));

    // metric switch changes the legend (and its class ranges)
    const legendTitle = page.locator('[data-testid=legend] h3').first();
    expect(await legendTitle.textContent()).toBe('每格用户数（户）');
    const customerClasses = await page.locator('[data-testid=legend] .legend-classes').first().textContent();
    await page.locator('input[data-metric=load]').check();
    expect(await legendTitle.textContent()).toBe('每格签约负荷（kW）');
    expect(await page.locator('[data-testid=legend] .legend-classes').first().textContent()).not.toBe(customerClasses);
    await page.locator('input[data-metric=faultRate]').check();
    expect(await legendTitle.textContent()).toBe('近 12 个月故障（次/千户）');

    // screenshot of the density map over the central districts, with every layer on
    await page.mouse.move(box.x + 5, box.y + box.height - 5);
    for (const id of ['districts', 'substations', 'stations']) await page.locator(`input[data-layer=${id}]`).check();
    await page.locator('input[data-metric=customers]').check();
    await page.evaluate(() => window.__gridops!.map.jumpTo({ center: [113.36, 23.12], zoom: 10.3 }));
    await page.waitForFunction(() => window.__gridops!.overview.get().cells.status === 'ready');
    await mapIdle(page);
    await page.screenshot({ path: `${SCREENSHOT_DIR}/density.png` });

    expect(errors).toEqual([]);
    await context.close();
  }, MAP_TEST_TIMEOUT_MS);

  it('loads customer points from vector tiles when zoomed in', async () => {
    const { page, context, errors } = await openApp(env.browser);
    await signIn(page, 'dispatcher');
    await waitForMap(page);
    const tile = page.waitForResponse((r) => /\/api\/tiles\/customers\/14\/\d+\/\d+\.mvt$/.test(r.url()) && r.status() === 200, { timeout: 60_000 });
    // Yuexiu, the densest old town: some tile around here has customers
    await page.evaluate(() => window.__gridops!.map.jumpTo({ center: [113.27, 23.13], zoom: 14 }));
    const res = await tile;
    expect((await res.body()).byteLength).toBeGreaterThan(0);
    await mapIdle(page);
    // the tiles were decoded and drawn: points can be picked on screen
    const points = await page.evaluate(() => {
      const g = window.__gridops!;
      const { width, height } = g.map.getCanvas().getBoundingClientRect();
      return g.overlay.pickObjects({ x: 0, y: 0, width, height, layerIds: ['customer-points'] }).length;
    });
    expect(points).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=map-error-customers]').count()).toBe(0);
    expect(await page.locator('[data-testid=legend]').textContent()).toContain('用户类型');
    expect(errors).toEqual([]);
    await context.close();
  }, MAP_TEST_TIMEOUT_MS);
});
