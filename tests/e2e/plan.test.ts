/**
 * The planner's Plan view in real Chromium: a planner creates a plan and watches the progress bar, paints 20
 * cells of one grid into its neighbour with the brush (both bars change by the cells' weights), undoes every
 * stroke (the numbers come back exactly) and redoes them, saves, reloads and finds the change persisted. A
 * second planner tab opened on the old version gets the conflict message naming who changed the plan, keeps
 * its edit, reloads keeping it and saves. A dispatcher sees the plan without editing tools and the server
 * answers 403 to an edit. Screenshot: docs/screenshots/plan.png.
 */
import * as h3 from 'h3-js';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { MAP_TEST_TIMEOUT_MS, mapIdle, openApp, SCREENSHOT_DIR, signIn, useBrowser } from './browser.ts';
import type {} from '../../client/src/views/plan/test-hook.ts'; // declares window.__gridopsPlan
import { cellsOf, neighboursOf, touchingGrids, waitForPlan, waitPending } from './plan-page.ts';
import type { CellsView } from './plan-page.ts';

const env = useBrowser();

const K = 6;
const PAINTED = 20;
/** PATCH answers the tests provoke on purpose (409 for the stale tab, 403 for the dispatcher). */
const EXPECTED_FAILURES = /\/api\/plans\/\d+\/cells$/;

/** Number shown by a grid's bar (`1,234.5` → 1234.5). */
async function barValue(page: Page, grid: number, weight: 'customers' | 'load'): Promise<string> {
  return (await page.locator(`[data-testid=grid-row][data-grid="${grid}"] [data-weight=${weight}] .bar-value`).textContent()) ?? '';
}
const num = (s: string): number => Number(s.replace(/[,\s]/g, ''));

/** Connected pieces of `cells` under H3 adjacency plus the ferries. */
function pieces(cells: Set<string>, ferries: Map<string, string[]>): number {
  const seen = new Set<string>();
  let n = 0;
  for (const s of cells) {
    if (seen.has(s)) continue;
    n++;
    seen.add(s);
    const stack = [s];
    while (stack.length) {
      const c = stack.pop()!;
      for (const nb of [...neighboursOf(c), ...(ferries.get(c) ?? [])]) {
        if (cells.has(nb) && !seen.has(nb)) {
          seen.add(nb);
          stack.push(nb);
        }
      }
    }
  }
  return n;
}

/**
 * `count` cells of grid `a` that can be painted into grid `b` one after the other, each touching `b` when it
 * moves and leaving `a` in no more pieces than it had (islands count through the server's ferries), grown from one spot so they fit on screen.
 */
function paintableCells(view: CellsView, a: number, b: number, count: number): string[] {
  const grid = new Map(view.h3.map((c, i) => [c, view.assignment[i]]));
  const inA = new Set(view.h3.filter((c) => grid.get(c) === a));
  const ferries = new Map<string, string[]>();
  for (let i = 0; i + 1 < view.ferries.length; i += 2) {
    const [x, y] = [view.h3[view.ferries[i]], view.h3[view.ferries[i + 1]]];
    ferries.set(x, [...(ferries.get(x) ?? []), y]);
    ferries.set(y, [...(ferries.get(y) ?? []), x]);
  }
  const out: string[] = [];
  let seed: [number, number] | null = null;
  while (out.length < count) {
    const candidates = [...inA].filter((c) => !ferries.has(c) && neighboursOf(c).some((n) => grid.get(n) === b));
    const whole = pieces(inA, ferries);
    if (seed) {
      const [lat0, lng0] = seed;
      const d = (c: string) => {
        const [lat, lng] = h3.cellToLatLng(c);
        return (lat - lat0) ** 2 + (lng - lng0) ** 2;
      };
      candidates.sort((x, y) => d(x) - d(y));
    }
    const pick = candidates.find((c) => {
      inA.delete(c);
      const ok = pieces(inA, ferries) <= whole;
      inA.add(c);
      return ok;
    });
    if (!pick) throw new Error(`only ${out.length} cells of grid ${a} can be painted into ${b}`);
    seed ??= h3.cellToLatLng(pick);
    inA.delete(pick);
    grid.set(pick, b);
    out.push(pick);
  }
  return out;
}

/** Centres the map on the cells and returns their page coordinates. */
async function screenPoints(page: Page, cells: string[]): Promise<Array<[number, number]>> {
  const lngLats = cells.map((c) => {
    const [lat, lng] = h3.cellToLatLng(c);
    return [lng, lat] as [number, number];
  });
  await page.evaluate((pts) => {
    const map = window.__gridopsPlan!.map;
    const lng = pts.reduce((s, p) => s + p[0], 0) / pts.length;
    const lat = pts.reduce((s, p) => s + p[1], 0) / pts.length;
    map.jumpTo({ center: [lng, lat], zoom: 12.5 });
  }, lngLats);
  await page.evaluate(() => new Promise<void>((resolve) => window.__gridopsPlan!.map.once('idle', () => resolve())));
  const box = (await page.locator('[data-testid=map]').boundingBox())!;
  const projected = await page.evaluate((pts) => pts.map((p) => window.__gridopsPlan!.map.project(p)).map((q) => [q.x, q.y] as [number, number]), lngLats);
  for (const [x, y] of projected) {
    expect(x).toBeGreaterThan(10);
    expect(y).toBeGreaterThan(130); // below the toolbars
    expect(x).toBeLessThan(box.width - 10);
    expect(y).toBeLessThan(box.height - 80);
  }
  return projected.map(([x, y]) => [box.x + x, box.y + y]);
}

describe('Plan view', () => {
  it(
    'creates a plan with progress, paints, undoes exactly, saves, persists; a stale tab gets the conflict and loses nothing; a dispatcher cannot edit',
    async () => {
      // a planner creates a plan and watches the progress bar
      const a = await openApp(env.browser);
      await signIn(a.page, 'planner');
      await a.page.goto(new URL('#/plan', a.page.url()).toString());
      await a.page.locator('button[data-action=new-plan]').click();
      const dialog = a.page.locator('[data-testid=new-plan-dialog]');
      await dialog.locator('input[name=name]').fill('E2E 方案');
      await dialog.locator('select[name=resolution]').selectOption('8');
      await dialog.locator('input[name=grids]').fill(String(K));
      await dialog.locator('input[name=tolerance]').fill('10');
      await dialog.locator('input[name=budget]').fill('4');
      await dialog.locator('button[data-action=start]').click();
      const bar = a.page.locator('[data-testid=plan-progress]');
      await bar.waitFor({ timeout: 30_000 });
      const seen: number[] = [];
      while (await bar.isVisible().catch(() => false)) {
        const v = await bar.getAttribute('value').catch(() => null);
        if (v !== null) seen.push(Number(v));
        await a.page.waitForTimeout(100);
      }
      expect(seen.length).toBeGreaterThan(0);
      expect(seen).toEqual([...seen].sort((x, y) => x - y));
      expect(Math.max(...seen)).toBeGreaterThan(0);
      await a.page.waitForFunction(() => /#\/plan\/\d+/.test(location.hash), null, { timeout: 60_000 });
      const planId = Number(/#\/plan\/(\d+)/.exec(a.page.url())![1]);
      await waitForPlan(a.page, planId);
      expect(await a.page.locator('[data-testid=grid-row]').count()).toBe(K);

      // a second planner tab opens the same plan now (version 1)
      const b = await openApp(env.browser, { expectFailedLoads: EXPECTED_FAILURES });
      await signIn(b.page, 'planner');
      await b.page.goto(new URL(`#/plan/${planId}`, b.page.url()).toString());
      await waitForPlan(b.page, planId);

      // paint 20 cells of grid ga into its neighbour gb with the brush, one click each
      const view = await cellsOf(a.page);
      const [ga, gb] = touchingGrids(view);
      const cells = paintableCells(view, ga, gb, PAINTED);
      const idx = new Map(view.h3.map((c, i) => [c, i]));
      const movedCustomers = cells.reduce((s, c) => s + view.customers[idx.get(c)!], 0);
      const movedLoad = cells.reduce((s, c) => s + view.load[idx.get(c)!], 0);
      await a.page.locator(`[data-testid=grid-row][data-grid="${gb}"]`).click();
      const before = { a: await barValue(a.page, ga, 'customers'), b: await barValue(a.page, gb, 'customers'), aLoad: await barValue(a.page, ga, 'load'), bLoad: await barValue(a.page, gb, 'load') };
      await a.page.locator('button[data-tool=brush]').click();
      const points = await screenPoints(a.page, cells);
      for (const [x, y] of points) await a.page.mouse.click(x, y);
      await waitPending(a.page, PAINTED);
      expect(await a.page.locator('[data-testid=split-preview]').count()).toBe(0);
      const after = { a: await barValue(a.page, ga, 'customers'), b: await barValue(a.page, gb, 'customers'), aLoad: await barValue(a.page, ga, 'load'), bLoad: await barValue(a.page, gb, 'load') };
      expect(after.a).not.toBe(before.a);
      expect(after.b).not.toBe(before.b);
      expect(num(after.a)).toBeCloseTo(num(before.a) - movedCustomers, 0);
      expect(num(after.b)).toBeCloseTo(num(before.b) + movedCustomers, 0);
      expect(num(after.bLoad)).toBeCloseTo(num(before.bLoad) + movedLoad, 0);
      const painted = await cellsOf(a.page);
      for (const c of cells) expect(painted.assignment[idx.get(c)!]).toBe(gb);

      // undo every stroke: the numbers come back exactly; redo brings the painted ones back
      await a.page.locator('[data-testid=map]').hover({ position: { x: 5, y: 300 } });
      for (let i = 0; i < PAINTED; i++) await a.page.keyboard.press('Control+z');
      await waitPending(a.page, 0);
      expect(await barValue(a.page, ga, 'customers')).toBe(before.a);
      expect(await barValue(a.page, gb, 'customers')).toBe(before.b);
      expect(await barValue(a.page, ga, 'load')).toBe(before.aLoad);
      expect(await barValue(a.page, gb, 'load')).toBe(before.bLoad);
      expect((await cellsOf(a.page)).assignment).toEqual(view.assignment);
      for (let i = 0; i < PAINTED; i++) await a.page.keyboard.press('Control+Shift+z');
      await waitPending(a.page, PAINTED);
      expect(await barValue(a.page, ga, 'customers')).toBe(after.a);
      expect(await barValue(a.page, gb, 'customers')).toBe(after.b);

      // save, then reload: the change persisted
      await a.page.locator('button[data-action=save]').click();
      await a.page.locator('[data-testid=plan-notice][data-key="plan.notice.saved"]').waitFor({ timeout: 60_000 });
      await waitPending(a.page, 0);
      expect(await a.page.evaluate(() => window.__gridopsPlan!.store.get().version)).toBe(2);
      await a.page.reload();
      await waitForPlan(a.page, planId);
      const reloaded = await cellsOf(a.page);
      for (const c of cells) expect(reloaded.assignment[idx.get(c)!]).toBe(gb);
      expect(await barValue(a.page, ga, 'customers')).toBe(after.a);
      expect(await barValue(a.page, gb, 'customers')).toBe(after.b);
      await a.page.locator(`[data-testid=grid-row][data-grid="${gb}"]`).click();
      await mapIdle(a.page).catch(() => {});
      await a.page.evaluate(() => new Promise<void>((resolve) => window.__gridopsPlan!.map.once('idle', () => resolve())));
      await a.page.screenshot({ path: `${SCREENSHOT_DIR}/plan.png` });

      // the stale tab paints one cell elsewhere and saves: conflict, naming who changed the plan; nothing lost
      const viewB = await cellsOf(b.page);
      const [gc, gd] = K >= 4 ? touchingGrids(viewB, [ga, gb]) : touchingGrids(viewB);
      const [cellB] = paintableCells(viewB, gc, gd, 1);
      await b.page.locator(`[data-testid=grid-row][data-grid="${gd}"]`).click();
      await b.page.locator('button[data-tool=brush]').click();
      const [[bx, by]] = await screenPoints(b.page, [cellB]);
      await b.page.mouse.click(bx, by);
      await waitPending(b.page, 1);
      await b.page.locator('button[data-action=save]').click();
      const conflict = b.page.locator('[data-testid=conflict]');
      await conflict.waitFor({ timeout: 30_000 });
      const text = (await conflict.textContent()) ?? '';
      expect(text).toContain('planner');
      expect(text).toContain('移动了 20 个单元');
      await waitPending(b.page, 1);
      expect((await cellsOf(b.page)).assignment[idx.get(cellB)!]).toBe(gd);
      await b.page.locator('button[data-action=reload-keep]').click();
      await b.page.waitForFunction(() => window.__gridopsPlan!.store.get().version === 2 && window.__gridopsPlan!.store.get().loading === 'idle', null, { timeout: 60_000 });
      await waitPending(b.page, 1);
      const kept = await cellsOf(b.page);
      expect(kept.assignment[idx.get(cellB)!]).toBe(gd);
      for (const c of cells) expect(kept.assignment[idx.get(c)!]).toBe(gb); // and the other tab's change is there
      await b.page.locator('button[data-action=save]').click();
      await b.page.locator('[data-testid=plan-notice][data-key="plan.notice.saved"]').waitFor({ timeout: 60_000 });
      expect(await b.page.evaluate(() => window.__gridopsPlan!.store.get().version)).toBe(3);
      // two software-WebGL maps are heavy on a small machine: close them before the third
      await Promise.all([a.context.close(), b.context.close()]);

      // a dispatcher sees the plan read-only, and the server refuses an edit
      const d = await openApp(env.browser, { expectFailedLoads: EXPECTED_FAILURES });
      await signIn(d.page, 'dispatcher');
      await d.page.goto(new URL(`#/plan/${planId}`, d.page.url()).toString());
      await waitForPlan(d.page, planId);
      expect(await d.page.locator('[data-testid=read-only]').isVisible()).toBe(true);
      for (const sel of ['[data-testid=plan-tools]', 'button[data-action=save]', 'button[data-action=new-plan]', 'button[data-tool=brush]', '[data-testid=import-file]']) {
        expect(await d.page.locator(sel).count(), sel).toBe(0);
      }
      expect(await d.page.locator('[data-testid=grid-row]').count()).toBe(K);
      const status = await d.page.evaluate(
        async ({ id, cell, grid }) => {
          const plan = (await (await fetch(`/api/plans/${id}`)).json()) as { version: number; grids: Array<{ id: number; idx: number }> };
          const res = await fetch(`/api/plans/${id}/cells`, {
            method: 'PATCH',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ version: plan.version, moves: [{ cell, grid: plan.grids.find((g) => g.idx === grid)!.id }] }),
          });
          return res.status;
        },
        { id: planId, cell: cells[0], grid: ga },
      );
      expect(status).toBe(403);

      expect(a.errors).toEqual([]);
      expect(b.errors).toEqual([]);
      expect(d.errors).toEqual([]);
      await d.context.close();
    },
    MAP_TEST_TIMEOUT_MS * 2,
  );
});
