/**
 * What the Plan view's end-to-end tests share: reading the view's cells through its test hook, waiting for a
 * plan to be open and drawn or for the unsaved-cells count, and picking grids on the H3 cells.
 */
import * as h3 from 'h3-js';
import type { Page } from 'playwright-core';
import type {} from '../../client/src/views/plan/test-hook.ts'; // declares window.__gridopsPlan

export interface CellsView {
  h3: string[];
  assignment: number[];
  customers: number[];
  load: number[];
  /** the server's extra edges joining islands, flat pairs of cell indices. */
  ferries: number[];
}

/** The plan's cells and live assignment as the view holds them. */
export function cellsOf(page: Page): Promise<CellsView> {
  return page.evaluate(() => {
    const s = window.__gridopsPlan!.store.get();
    return { h3: s.cells!.h3, assignment: Array.from(s.assignment!), customers: s.cells!.customers, load: s.cells!.load, ferries: s.cells!.ferries };
  });
}

/** Waits until the plan `planId` is open, its worker ready and the map has drawn it. */
export async function waitForPlan(page: Page, planId: number): Promise<void> {
  await page.waitForFunction(
    (id) => {
      const h = window.__gridopsPlan;
      if (!h) return false;
      const s = h.store.get();
      return s.planId === id && s.loading === 'idle' && s.snapshot !== null && s.renderedAt !== null;
    },
    planId,
    { timeout: 120_000, polling: 200 },
  );
}

/** Waits for the toolbar's unsaved-cells count. */
export async function waitPending(page: Page, n: number, timeoutMs = 30_000): Promise<void> {
  await page.locator(`[data-testid=pending][data-pending="${n}"]`).waitFor({ timeout: timeoutMs });
}

/** The six cells around `c`. */
export const neighboursOf = (c: string): string[] => h3.gridDisk(c, 1).filter((x) => x !== c);

/** The pair of touching grids with the longest shared boundary, leaving out the grids in `exclude`. */
export function touchingGrids(view: CellsView, exclude: number[] = []): [number, number] {
  const grid = new Map(view.h3.map((c, i) => [c, view.assignment[i]]));
  const shared = new Map<string, number>();
  for (const [c, g] of grid) {
    if (exclude.includes(g)) continue;
    for (const n of neighboursOf(c)) {
      const h = grid.get(n);
      if (h === undefined || h === g || exclude.includes(h)) continue;
      const key = `${g},${h}`;
      shared.set(key, (shared.get(key) ?? 0) + 1);
    }
  }
  const best = [...shared].sort((x, y) => y[1] - x[1])[0];
  if (!best) throw new Error('no touching grids');
  const [a, b] = best[0].split(',').map(Number);
  return [a, b];
}
