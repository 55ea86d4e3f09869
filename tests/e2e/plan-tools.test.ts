/**
 * The planner's tools the Plan view test (plan.test.ts) does not drive, in real Chromium on one plan created
 * through the API: compare with a copy of the plan edited on the server (the changed cells, exactly); a lasso
 * drawn with the mouse (the cells inside it move, the bars follow, the save reaches the server); a lasso
 * inside another grid (every cell refused, the split preview, confirm moves them anyway, undo); merging two
 * touching grids (one grid fewer with cells, on the server too); splitting a grid in two (an empty grid on the
 * server, the halves previewed unsaved, then saved); importing boundaries (a file the server refuses shows its
 * 400 and 422 messages, a good one is listed). Screenshots: docs/screenshots/plan-*.png.
 */
import * as h3 from 'h3-js';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAP_TEST_TIMEOUT_MS, openApp, SCREENSHOT_DIR, signIn, useBrowser, type TestPage } from './browser.ts';
import type {} from '../../client/src/views/plan/test-hook.ts'; // declares window.__gridopsPlan
import { cellsOf, neighboursOf, touchingGrids, waitForPlan, waitPending } from './plan-page.ts';
import type { CellsView } from './plan-page.ts';

const env = useBrowser();

const K = 6;
/** Answers the tests provoke on purpose: the boundary imports the server refuses (400, 422). */
const EXPECTED_FAILURES = /\/api\/boundaries$/;

interface ServerGrid {
  id: number;
  idx: number;
  name: string;
  stats: { cells: number; contiguous: boolean };
}

/** Cells per grid as the worker's figures have them. */
function unitsOf(page: Page): Promise<number[]> {
  return page.evaluate(() => Array.from(window.__gridopsPlan!.store.get().snapshot!.units));
}

/** GET `path` from the page (with its session cookie); throws on a non-2xx answer. */
function getJson<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (p) => {
    const res = await fetch(p);
    if (!res.ok) throw new Error(`GET ${p}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }, path);
}

/** POST or PATCH JSON from the page; throws on a non-2xx answer. */
function sendJson<T>(page: Page, method: 'POST' | 'PATCH', path: string, body: unknown): Promise<T> {
  return page.evaluate(
    async ({ m, p, b }) => {
      const res = await fetch(p, { method: m, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(b) });
      if (!res.ok) throw new Error(`${m} ${p}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    },
    { m: method, p: path, b: body },
  );
}

/** Opens `#/plan/<id>` afresh (a full page load) and waits until the plan is open and drawn. */
async function openPlan(page: Page, planId: number): Promise<void> {
  await page.goto(new URL(`#/plan/${planId}`, page.url()).toString());
  await page.reload();
  await waitForPlan(page, planId);
}

/** Waits for the map to finish rendering. */
function planMapIdle(page: Page): Promise<void> {
  return page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = window.__gridopsPlan!.map;
        map.once('idle', () => resolve());
        map.triggerRepaint();
      }),
  );
}

/** Saves with the toolbar button and waits until the version moved past `from` with nothing unsaved. */
async function save(page: Page): Promise<number> {
  const from = await page.evaluate(() => window.__gridopsPlan!.store.get().version);
  await page.locator('button[data-action=save]').click();
  await page.waitForFunction((v) => window.__gridopsPlan!.store.get().version > v && !window.__gridopsPlan!.store.get().saving, from, { timeout: 60_000 });
  await waitPending(page, 0, 60_000);
  await page.locator('[data-testid=plan-notice][data-key="plan.notice.saved"]').waitFor({ timeout: 10_000 });
  return page.evaluate(() => window.__gridopsPlan!.store.get().version);
}

/** Number shown by a grid's bar (`1,234.5` → 1234.5). */
async function barValue(page: Page, grid: number): Promise<number> {
  const text = (await page.locator(`[data-testid=grid-row][data-grid="${grid}"] [data-weight=customers] .bar-value`).textContent()) ?? '';
  return Number(text.replace(/[,\s]/g, ''));
}

/** Grid idx of each cell. */
const gridMap = (view: CellsView): Map<string, number> => new Map(view.h3.map((c, i) => [c, view.assignment[i]]));

/** Cells at either end of a ferry (the server's extra edges joining islands). */
function ferryCells(view: CellsView): Set<string> {
  const out = new Set<string>();
  for (const i of view.ferries) out.add(view.h3[i]);
  return out;
}

/** A cell of grid `g` whose whole `rings`-disk is in the plan and in `g`, away from ferries (nearest its grid's middle). */
function interiorCell(view: CellsView, g: number, rings: number): string {
  const grid = gridMap(view);
  const ferries = ferryCells(view);
  const own = view.h3.filter((c) => grid.get(c) === g);
  const lat0 = own.reduce((s, c) => s + h3.cellToLatLng(c)[0], 0) / own.length;
  const lng0 = own.reduce((s, c) => s + h3.cellToLatLng(c)[1], 0) / own.length;
  const d = (c: string) => {
    const [lat, lng] = h3.cellToLatLng(c);
    return (lat - lat0) ** 2 + (lng - lng0) ** 2;
  };
  const found = own.sort((x, y) => d(x) - d(y)).find((c) => h3.gridDisk(c, rings).every((x) => grid.get(x) === g && !ferries.has(x)));
  if (!found) throw new Error(`grid ${g} has no cell with a ${rings}-ring disk inside it`);
  return found;
}

/** Centres the map on a cell at `zoom` and returns the cell's position in the map container (CSS px). */
async function centreOn(page: Page, cell: string, zoom = 12.5): Promise<[number, number]> {
  const [lat, lng] = h3.cellToLatLng(cell);
  await page.evaluate(
    ({ c, z }) =>
      new Promise<void>((resolve) => {
        const map = window.__gridopsPlan!.map;
        map.once('idle', () => resolve());
        map.jumpTo({ center: c, zoom: z });
      }),
    { c: [lng, lat] as [number, number], z: zoom },
  );
  const p = await page.evaluate((c) => window.__gridopsPlan!.map.project(c), [lng, lat] as [number, number]);
  return [p.x, p.y];
}

/** Distance on screen (CSS px) between the centres of two neighbouring cells at the map's current view. */
async function cellSpacing(page: Page, cell: string): Promise<number> {
  const [p, q] = await page.evaluate((pts) => pts.map((x) => window.__gridopsPlan!.map.project(x)).map((r) => [r.x, r.y]), [centreOf(cell), centreOf(neighboursOf(cell)[0])]);
  return Math.hypot(p[0] - q[0], p[1] - q[1]);
}

/** A ring of `n` points on a circle around a container point. */
const circle = ([x, y]: [number, number], r: number, n = 16): Array<[number, number]> =>
  Array.from({ length: n }, (_, i) => [x + r * Math.cos((2 * Math.PI * i) / n), y + r * Math.sin((2 * Math.PI * i) / n)] as [number, number]);

/**
 * Draws a lasso with the mouse through container points (button down at the first, up after the last) and
 * returns the ring in `[lng, lat]` as the map places those points. Checks the map did not pan meanwhile.
 */
async function drawLasso(page: Page, ring: Array<[number, number]>): Promise<Array<[number, number]>> {
  const box = (await page.locator('[data-testid=map]').boundingBox())!;
  for (const [x, y] of ring) {
    expect(x).toBeGreaterThan(10);
    expect(y).toBeGreaterThan(130); // below the toolbars
    expect(x).toBeLessThan(box.width - 10);
    expect(y).toBeLessThan(box.height - 80);
  }
  const lngLats = await page.evaluate((pts) => pts.map((p) => window.__gridopsPlan!.map.unproject(p)).map((q) => [q.lng, q.lat] as [number, number]), ring);
  const centre = await page.evaluate(() => window.__gridopsPlan!.map.getCenter().toArray());
  await page.mouse.move(box.x + ring[0][0], box.y + ring[0][1]);
  await page.mouse.down();
  for (const [x, y] of [...ring.slice(1), ring[0]]) await page.mouse.move(box.x + x, box.y + y, { steps: 3 });
  await page.mouse.up();
  expect(await page.evaluate(() => window.__gridopsPlan!.map.getCenter().toArray())).toEqual(centre);
  return lngLats;
}

/** Even-odd point-in-polygon for `[lng, lat]`. */
function inside([x, y]: [number, number], ring: Array<[number, number]>): boolean {
  let odd = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
  }
  return odd;
}

const centreOf = (c: string): [number, number] => {
  const [lat, lng] = h3.cellToLatLng(c);
  return [lng, lat];
};

/** Cells whose grid differs between two views of the same cells. */
function changed(before: CellsView, after: CellsView): string[] {
  return before.h3.filter((_, i) => before.assignment[i] !== after.assignment[i]);
}

describe('Plan tools', () => {
  let a: TestPage;
  let planId = 0;
  let copyId = 0;

  beforeAll(async () => {
    a = await openApp(env.browser, { expectFailedLoads: EXPECTED_FAILURES });
    await signIn(a.page, 'planner');
    const { jobId } = await sendJson<{ jobId: string }>(a.page, 'POST', '/api/plans', {
      name: 'E2E 工具方案',
      resolution: 8,
      grids: K,
      weights: { customers: 1 },
      tolerancePct: 10,
      timeBudgetMs: 4000,
    });
    // the job's status until it is no longer running (polled in the page, with its session)
    const done = await a.page.evaluate(async (id) => {
      for (;;) {
        const job = (await (await fetch(`/api/jobs/${id}`)).json()) as { status: string; planId?: number; error?: string };
        if (job.status !== 'running') return job;
        await new Promise((r) => setTimeout(r, 300));
      }
    }, jobId);
    expect(done).toMatchObject({ status: 'done', planId: expect.any(Number) });
    planId = done.planId!;
    // an identical copy for the comparison, made before the view loads its plan list
    copyId = (await sendJson<{ id: number }>(a.page, 'POST', `/api/plans/${planId}/duplicate`, { name: 'E2E 工具方案 副本' })).id;
  }, MAP_TEST_TIMEOUT_MS);

  afterAll(async () => {
    await a?.context.close();
  });

  it(
    'compares with a copy edited on the server: the table and exactly the moved cells',
    async () => {
      const page = a.page;
      // move 5 cells of the copy into the next grid on the server
      const copyCells = await getJson<{ version: number; h3: string[]; grid: number[] }>(page, `/api/plans/${copyId}/cells`);
      const copy = await getJson<{ version: number; grids: ServerGrid[] }>(page, `/api/plans/${copyId}`);
      const idToId = new Map(copy.grids.map((g) => [g.idx, g.id]));
      const picks = [0, 97, 211, 347, 503].map((i) => i % copyCells.h3.length);
      const moves = picks.map((i) => ({ cell: copyCells.h3[i], grid: idToId.get((copyCells.grid[i] + 1) % K)! }));
      await sendJson(page, 'PATCH', `/api/plans/${copyId}/cells`, { version: copy.version, moves, allowSplit: true });
      const moved = moves.map((m) => m.cell).sort();

      await openPlan(page, planId);
      const picker = page.locator('[data-testid=compare-with]');
      expect(await picker.locator(`option[value="${copyId}"]`).count()).toBe(1);
      await picker.selectOption(String(copyId));
      const table = page.locator('[data-testid=compare-table]');
      await table.waitFor({ timeout: 30_000 });
      const head = await table.locator('thead th').allTextContents();
      expect(head.slice(1)).toEqual(['E2E 工具方案', 'E2E 工具方案 副本']);
      // first row: number of grids on both sides
      expect(await table.locator('tbody tr').first().locator('td').allTextContents()).toEqual([expect.any(String), String(K), String(K)]);
      const cmp = await page.evaluate(() => window.__gridopsPlan!.store.get().comparison!);
      expect(cmp.a.id).toBe(planId);
      expect(cmp.b.id).toBe(copyId);
      expect(cmp.changedCells.map((c) => c.cell).sort()).toEqual(moved);
      for (const c of cmp.changedCells) expect(c.b).toBe((c.a! + 1) % K);
      expect(await page.locator('.plan-extras').textContent()).toContain(`${moved.length} 个单元换了网格`);
      await planMapIdle(page);
      await page.screenshot({ path: `${SCREENSHOT_DIR}/plan-compare.png` });
      // clearing the comparison removes the table
      await page.locator('.plan-extras button', { hasText: '关闭对比' }).click();
      await table.waitFor({ state: 'detached', timeout: 10_000 });
      expect(a.errors).toEqual([]);
    },
    MAP_TEST_TIMEOUT_MS,
  );

  it(
    'lasso: the cells inside the drawn ring move into the selected grid, the bars follow, the save reaches the server',
    async () => {
      const page = a.page;
      await openPlan(page, planId);
      const view = await cellsOf(page);
      const [ga, gb] = touchingGrids(view);
      const grid = gridMap(view);
      const ferries = ferryCells(view);
      // a cell of ga on the border with gb whose ga neighbours touch one another in a chain, so moving it
      // alone cannot split ga (the lasso must move it)
      const chained = (cs: string[]): boolean => {
        const seen = new Set([cs[0]]);
        const stack = [cs[0]];
        while (stack.length) {
          const x = stack.pop()!;
          for (const y of cs) {
            if (seen.has(y) || !h3.areNeighborCells(x, y)) continue;
            seen.add(y);
            stack.push(y);
          }
        }
        return seen.size === cs.length;
      };
      const border = view.h3.find((c) => {
        if (grid.get(c) !== ga || ferries.has(c) || !neighboursOf(c).some((n) => grid.get(n) === gb)) return false;
        const own = neighboursOf(c).filter((n) => grid.get(n) === ga);
        return own.length >= 2 && chained(own);
      })!;
      expect(border).toBeDefined();
      await page.locator(`[data-testid=grid-row][data-grid="${gb}"]`).click();
      const before = { a: await barValue(page, ga), b: await barValue(page, gb) };
      await page.locator('button[data-tool=lasso]').click();
      const at = await centreOn(page, border);
      // about two rings of cells around the border cell
      const ring = await drawLasso(page, circle(at, 2.4 * (await cellSpacing(page, border))));
      await page.waitForFunction((n) => window.__gridopsPlan!.store.get().snapshot!.pending > n, 0, { timeout: 30_000 });
      const after = await cellsOf(page);
      const moved = changed(view, after);
      const idx = new Map(view.h3.map((c, i) => [c, i]));
      expect(moved.length).toBeGreaterThan(0);
      expect(moved).toContain(border);
      for (const c of moved) {
        expect(inside(centreOf(c), ring), c).toBe(true);
        expect(after.assignment[idx.get(c)!]).toBe(gb);
      }
      await waitPending(page, moved.length, 60_000);
      const customers = moved.reduce((s, c) => s + view.customers[idx.get(c)!], 0);
      const fromA = moved.filter((c) => grid.get(c) === ga).reduce((s, c) => s + view.customers[idx.get(c)!], 0);
      expect(await barValue(page, gb)).toBeCloseTo(before.b + customers, 0);
      expect(await barValue(page, ga)).toBeCloseTo(before.a - fromA, 0);
      await planMapIdle(page);
      await page.screenshot({ path: `${SCREENSHOT_DIR}/plan-lasso.png` });

      const version = await save(page);
      const server = await getJson<{ version: number; h3: string[]; grid: number[] }>(page, `/api/plans/${planId}/cells`);
      expect(server.version).toBe(version);
      const serverGrid = new Map(server.h3.map((c, i) => [c, server.grid[i]]));
      for (const c of moved) expect(serverGrid.get(c), c).toBe(gb);
      expect(a.errors).toEqual([]);
    },
    MAP_TEST_TIMEOUT_MS,
  );

  it(
    'a lasso inside another grid is refused cell by cell: split preview, confirm moves them anyway (grid in pieces), undo restores',
    async () => {
      const page = a.page;
      const view = await cellsOf(page);
      const [ga, gb] = touchingGrids(view);
      // cells deep inside gb, painted into ga: none touches ga, so all are refused and previewed
      const deep = interiorCell(view, gb, 3);
      await page.locator(`[data-testid=grid-row][data-grid="${ga}"]`).click();
      await page.locator('button[data-tool=lasso]').click();
      const at = await centreOn(page, deep);
      // the cell and its six neighbours (the next ring is √3 spacings away)
      const ring = await drawLasso(page, circle(at, 1.5 * (await cellSpacing(page, deep))));
      const expected = h3
        .gridDisk(deep, 2)
        .filter((c) => inside(centreOf(c), ring))
        .sort();
      expect(expected.length).toBe(7);
      const banner = page.locator('[data-testid=split-preview]');
      await banner.waitFor({ timeout: 30_000 });
      expect(await banner.textContent()).toContain(String(expected.length));
      const preview = await page.evaluate(() => window.__gridopsPlan!.store.get().splitPreview!);
      expect(preview.grid).toBe(ga);
      expect(preview.units.map((u) => view.h3[u]).sort()).toEqual(expected);
      await waitPending(page, 0, 60_000);
      expect(changed(view, await cellsOf(page))).toEqual([]);
      await planMapIdle(page);
      await page.screenshot({ path: `${SCREENSHOT_DIR}/plan-split-preview.png` });

      // confirm: the cells move, and ga is now in two pieces
      await banner.locator('button[data-action=confirm-split]').click();
      await waitPending(page, expected.length, 60_000);
      await banner.waitFor({ state: 'detached', timeout: 10_000 });
      expect(changed(view, await cellsOf(page)).sort()).toEqual(expected);
      expect(await page.evaluate((g) => window.__gridopsPlan!.store.get().snapshot!.contiguous[g], ga)).toBe(0);
      await page.locator(`[data-testid=violations] [data-violation=nonContiguous][data-grid="${ga}"]`).waitFor({ timeout: 10_000 });

      // undo takes the whole confirm back
      await page.locator('[data-testid=map]').hover({ position: { x: 5, y: 300 } });
      await page.keyboard.press('Control+z');
      await waitPending(page, 0, 60_000);
      expect((await cellsOf(page)).assignment).toEqual(view.assignment);
      expect(await page.locator(`[data-testid=violations] [data-violation=nonContiguous][data-grid="${ga}"]`).count()).toBe(0);
      expect(a.errors).toEqual([]);
    },
    MAP_TEST_TIMEOUT_MS,
  );

  it(
    'merges two touching grids: one grid fewer with cells, in the view and on the server',
    async () => {
      const page = a.page;
      await openPlan(page, planId);
      const view = await cellsOf(page);
      const [ga, gb] = touchingGrids(view);
      const units = await unitsOf(page);
      const serverBefore = await getJson<{ grids: ServerGrid[] }>(page, `/api/plans/${planId}`);
      const nonEmptyBefore = serverBefore.grids.filter((g) => g.stats.cells > 0).length;
      expect(nonEmptyBefore).toBe(K);

      await page.locator(`[data-testid=grid-row][data-grid="${ga}"]`).click();
      await page.locator('button[data-action=merge]').click();
      const banner = page.locator('[data-testid=merge-banner]');
      await banner.waitFor({ timeout: 10_000 });
      expect(await banner.locator('button[data-action=confirm-merge]').count()).toBe(0);
      // pick gb on the map
      const target = interiorCell(view, gb, 1);
      const [x, y] = await centreOn(page, target, 12);
      const box = (await page.locator('[data-testid=map]').boundingBox())!;
      await page.mouse.click(box.x + x, box.y + y);
      const confirm = banner.locator('button[data-action=confirm-merge]');
      await confirm.waitFor({ timeout: 10_000 });
      const names = await page.evaluate(() => window.__gridopsPlan!.store.get().plan!.grids.map((g) => g.name));
      expect(await banner.textContent()).toContain(`把 ${names[gb]} 并入 ${names[ga]}`);
      await confirm.click();
      await waitPending(page, units[gb], 60_000);
      const merged = await unitsOf(page);
      expect(merged[gb]).toBe(0);
      expect(merged[ga]).toBe(units[ga] + units[gb]);
      expect(merged.filter((n) => n > 0).length).toBe(K - 1);
      const after = await cellsOf(page);
      for (let i = 0; i < view.h3.length; i++) expect(after.assignment[i]).toBe(view.assignment[i] === gb ? ga : view.assignment[i]);
      expect(await page.locator(`[data-testid=grid-row][data-grid="${gb}"]`).textContent()).toContain('0 个单元');
      expect(await page.locator(`[data-testid=grid-row][data-grid="${ga}"]`).textContent()).toContain(`${units[ga] + units[gb]} 个单元`);
      await planMapIdle(page);
      await page.screenshot({ path: `${SCREENSHOT_DIR}/plan-merge.png` });

      await save(page);
      const server = await getJson<{ grids: ServerGrid[] }>(page, `/api/plans/${planId}`);
      expect(server.grids.filter((g) => g.stats.cells > 0).length).toBe(nonEmptyBefore - 1);
      expect(server.grids.find((g) => g.idx === gb)!.stats.cells).toBe(0);
      expect(server.grids.find((g) => g.idx === ga)!.stats.cells).toBe(units[ga] + units[gb]);
      const cells = await getJson<{ grid: number[] }>(page, `/api/plans/${planId}/cells`);
      expect(cells.grid.filter((g) => g === gb).length).toBe(0);
      expect(a.errors).toEqual([]);
    },
    MAP_TEST_TIMEOUT_MS,
  );

  it(
    'splits a grid in two: a new empty grid on the server, both halves previewed unsaved, then saved',
    async () => {
      const page = a.page;
      const units = await unitsOf(page);
      // the biggest grid (after the merge)
      const g = units.indexOf(Math.max(...units));
      const before = await getJson<{ version: number; grids: ServerGrid[] }>(page, `/api/plans/${planId}`);
      const rows = await page.locator('[data-testid=grid-row]').count();
      expect(rows).toBe(before.grids.length);

      await page.locator(`[data-testid=grid-row][data-grid="${g}"]`).click();
      await page.locator('button[data-action=split]').click();
      const into = before.grids[before.grids.length - 1].idx + 1;
      await page.waitForFunction(
        (i) => {
          const s = window.__gridopsPlan!.store.get();
          return s.loading === 'idle' && s.snapshot !== null && s.snapshot.k > i && s.snapshot.units[i] > 0 && s.selected === i;
        },
        into,
        { timeout: 120_000, polling: 200 },
      );
      expect(await page.locator('[data-testid=grid-row]').count()).toBe(rows + 1);
      const split = await unitsOf(page);
      expect(split[g] + split[into]).toBe(units[g]);
      expect(split[g]).toBeGreaterThan(0);
      await waitPending(page, split[into], 60_000);
      const contiguous = await page.evaluate(() => Array.from(window.__gridopsPlan!.store.get().snapshot!.contiguous));
      expect(contiguous[g]).toBe(1);
      expect(contiguous[into]).toBe(1);
      // the preview is not saved: the server has the new grid, still empty
      const mid = await getJson<{ version: number; grids: ServerGrid[] }>(page, `/api/plans/${planId}`);
      expect(mid.grids.length).toBe(before.grids.length + 1);
      expect(mid.version).toBe(before.version + 1);
      const added = mid.grids.find((x) => x.idx === into)!;
      expect(added.stats.cells).toBe(0);
      await planMapIdle(page);
      await page.screenshot({ path: `${SCREENSHOT_DIR}/plan-split.png` });

      // confirm with save: both halves on the server, each in one piece
      await save(page);
      const server = await getJson<{ grids: ServerGrid[] }>(page, `/api/plans/${planId}`);
      expect(server.grids.length).toBe(before.grids.length + 1);
      const half = server.grids.find((x) => x.idx === into)!;
      const rest = server.grids.find((x) => x.idx === g)!;
      expect(half.stats.cells).toBe(split[into]);
      expect(rest.stats.cells).toBe(split[g]);
      expect(half.stats.contiguous).toBe(true);
      expect(rest.stats.contiguous).toBe(true);
      const view = await cellsOf(page);
      const cells = await getJson<{ h3: string[]; grid: number[] }>(page, `/api/plans/${planId}/cells`);
      const serverGrid = new Map(cells.h3.map((c, i) => [c, cells.grid[i]]));
      view.h3.forEach((c, i) => expect(serverGrid.get(c)).toBe(view.assignment[i]));
      expect(a.errors).toEqual([]);
    },
    MAP_TEST_TIMEOUT_MS,
  );

  it(
    "imports boundaries: the server's 400 and 422 messages for bad files, a good file is listed",
    async () => {
      const page = a.page;
      const view = await cellsOf(page);
      const file = page.locator('[data-testid=import-file]');
      const section = page.locator('.plan-extras section').filter({ has: file });
      const message = page.locator('[data-testid=import-message]');

      /** Uploads a GeoJSON file and returns the server's answer (status, body) and the message shown. */
      const upload = async (name: string, geojson: unknown) => {
        const shown = (await message.count()) > 0 ? await message.textContent() : null;
        const answer = page.waitForResponse((r) => r.url().endsWith('/api/boundaries') && r.request().method() === 'POST', { timeout: 30_000 });
        await file.setInputFiles({ name, mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(geojson)) });
        const res = await answer;
        const body = (await res.json()) as { error?: { message: string; fields?: Record<string, string> }; id?: number; areas?: number };
        await page.waitForFunction(
          (old) => {
            const el = document.querySelector('[data-testid=import-message]');
            return el !== null && el.textContent !== old;
          },
          shown,
          { timeout: 10_000 },
        );
        return { status: res.status(), body, text: (await message.textContent()) ?? '' };
      };
      const polygon = (ring: number[][]) => ({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } });

      // a ring of three positions: 400 from the route's validation, its message and field shown
      const bad = await upload('bad.geojson', { type: 'FeatureCollection', features: [polygon([[120, 30], [120.01, 30], [120, 30.01]])] });
      expect(bad.status).toBe(400);
      expect(bad.body.error!.message.length).toBeGreaterThan(0);
      expect(bad.text).toContain('服务器拒绝了这个文件');
      expect(bad.text).toContain(bad.body.error!.message);
      for (const [field, msg] of Object.entries(bad.body.error!.fields ?? {})) expect(bad.text).toContain(`${field}: ${msg}`);
      expect(bad.text).toContain('a ring needs at least 4 positions');
      expect(await message.getAttribute('class')).toContain('plan-error');

      // a well-formed polygon far outside the service area: 422 naming the feature
      const far = await upload('far.geojson', { type: 'FeatureCollection', features: [polygon([[0, 0], [0.01, 0], [0.01, 0.01], [0, 0.01], [0, 0]])] });
      expect(far.status).toBe(422);
      expect(far.text).toContain(far.body.error!.message);
      expect(far.text).toContain('geojson.features.0: lies outside the service area');

      // not JSON at all: refused in the browser, before any request
      await file.setInputFiles({ name: 'broken.geojson', mimeType: 'application/geo+json', buffer: Buffer.from('{"type": "FeatureCollection", ') });
      await page.locator('[data-testid=import-message]', { hasText: '文件不是有效的 JSON' }).waitFor({ timeout: 10_000 });

      // two hexagons of the plan's own cells, under a name of our choosing: imported and listed
      const [g1, g2] = [...new Set(view.assignment)];
      const c1 = interiorCell(view, g1, 1);
      const c2 = interiorCell(view, g2, 1);
      const hex = (c: string) => polygon(h3.cellToBoundary(c, true));
      const setName = `E2E 边界 ${Date.now()}`;
      await section.locator('input:not([type=file])').fill(setName);
      const good = await upload('good.geojson', { type: 'FeatureCollection', features: [hex(c1), hex(c2)] });
      expect(good.status).toBe(201);
      expect(good.body.areas).toBe(2);
      expect(good.text).toBe('已导入 2 个区域');
      expect(await message.getAttribute('class')).toContain('plan-info');
      const sets = await getJson<Array<{ id: number; name: string; areas: number }>>(page, '/api/boundaries');
      expect(sets.filter((s) => s.name === setName)).toEqual([expect.objectContaining({ id: good.body.id, areas: 2 })]);
      const fc = await getJson<{ features: unknown[] }>(page, `/api/boundaries/${good.body.id}`);
      expect(fc.features.length).toBe(2);
      // the new-plan dialog offers it as hard boundaries
      await page.locator('button[data-action=new-plan]').click();
      const dialog = page.locator('[data-testid=new-plan-dialog]');
      const option = dialog.locator(`select[name=boundaries] option[value="${good.body.id}"]`);
      await option.waitFor({ state: 'attached', timeout: 30_000 });
      expect(await option.textContent()).toBe(`${setName} (2)`);
      await dialog.locator('.plan-dialog-buttons button[type=button]').click();
      await dialog.waitFor({ state: 'detached', timeout: 10_000 });
      await page.screenshot({ path: `${SCREENSHOT_DIR}/plan-import.png` });
      expect(a.errors).toEqual([]);
    },
    MAP_TEST_TIMEOUT_MS,
  );
});
