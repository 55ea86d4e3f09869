/**
 * Shared E2E helpers: launches Debian's Chromium, records console errors, signs in, waits for the map, and
 * samples rendered pixels.
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import type {} from '../../client/src/views/overview/test-hook.ts'; // declares window.__gridops

export const SCREENSHOT_DIR = 'docs/screenshots';
export const PASSWORD = 'gridops';

/** Launches the system Chromium with software WebGL (no GPU on CI). */
export function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Software WebGL on a shared 2-core machine is slow: a map test may take minutes under load. */
export const MAP_TEST_TIMEOUT_MS = 240_000;

/**
 * Registers hooks that launch Chromium before the file's tests and close it after them; `browser` of the
 * returned object is set once that `beforeAll` has run.
 */
export function useBrowser(): { browser: Browser } {
  const env = {} as { browser: Browser };
  beforeAll(async () => {
    env.browser = await launchBrowser();
  });
  afterAll(async () => {
    await env.browser?.close();
  });
  return env;
}

/** A page plus everything that went wrong in it. */
export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions, minus the expected ones (see `expectedStatus`). */
  errors: string[];
}

/**
 * Failed requests the app provokes on purpose and the browser logs as "Failed to load resource": 401 from
 * `/api/auth/me` (not signed in yet) and from `/api/auth/login` (the wrong-password test).
 */
function isExpected(msg: ConsoleMessage, alsoExpected: RegExp | undefined): boolean {
  const url = msg.location().url;
  if (!/^Failed to load resource/.test(msg.text())) return false;
  if (/ 401 /.test(msg.text()) && /\/api\/auth\/(me|login)$/.test(url)) return true;
  return alsoExpected !== undefined && alsoExpected.test(url);
}

export interface OpenOptions {
  /** URLs whose failed loads a test provokes on purpose (their console errors are not reported). */
  expectFailedLoads?: RegExp;
}

/** Opens a fresh context (no cookies, no localStorage) at the app's root. */
export async function openApp(browser: Browser, opts: OpenOptions = {}): Promise<TestPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !isExpected(msg, opts.expectFailedLoads)) errors.push(`console: ${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => errors.push(`page error: ${err.stack ?? err.message}`));
  const origin = new URL(inject('baseUrl')).origin;
  page.on('request', (req) => {
    // the offline basemap must not reach out to the internet (data: and blob: URLs are in-page)
    const url = req.url();
    if (/^https?:/.test(url) && new URL(url).origin !== origin) errors.push(`external request: ${url}`);
  });
  page.on('response', (res) => {
    // a 404 for any asset (e.g. the MapLibre worker) is a broken build
    if (res.status() === 404) errors.push(`404: ${res.url()}`);
  });
  await page.goto(inject('baseUrl'));
  return { context, page, errors };
}

/** Signs in through the login form and waits for the top bar. */
export async function signIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.locator('button[type=submit]').click();
  await page.locator('header.topbar').waitFor({ timeout: 30_000 });
}

/** Waits until the overview's data sets are loaded and the map has rendered them. */
export async function waitForMap(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const g = window.__gridops;
      if (!g) return false;
      const s = g.overview.get();
      return s.districts.status === 'ready' && s.cells.status === 'ready' && s.substations.status === 'ready' && s.stations.status === 'ready' && g.map.loaded();
    },
    null,
    { timeout: 90_000, polling: 250 },
  );
  await mapIdle(page);
  // a map squeezed to nothing by a CSS mistake still "loads": insist on a real drawing surface
  const size = await page.evaluate(() => {
    const c = window.__gridops!.map.getCanvas();
    return [c.clientWidth, c.clientHeight];
  });
  if (size[0] < 300 || size[1] < 300) throw new Error(`map canvas is only ${size[0]}×${size[1]} px`);
}

/** Waits for the map (and the deck.gl layers drawn in its render loop) to finish rendering. */
export async function mapIdle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = window.__gridops!.map;
        map.once('idle', () => resolve());
        map.triggerRepaint();
      }),
  );
}

/** RGB of the rendered map at container-relative CSS pixel positions, read from a real screenshot. */
export async function samplePixels(page: Page, points: [number, number][]): Promise<[number, number, number][]> {
  const png = await page.locator('[data-testid=map]').screenshot();
  return page.evaluate(
    async ({ b64, pts }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      return pts.map(([x, y]) => {
        const d = ctx.getImageData(Math.round(x), Math.round(y), 1, 1).data;
        return [d[0], d[1], d[2]] as [number, number, number];
      });
    },
    { b64: png.toString('base64'), pts: points },
  );
}

/** Statistics of the whole map screenshot: distinct colors and the share of pixels different from `background`. */
export async function mapPixelStats(page: Page, background: [number, number, number]): Promise<{ distinctColors: number; nonBackgroundShare: number }> {
  const png = await page.locator('[data-testid=map]').screenshot();
  return page.evaluate(
    async ({ b64, bg }) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const d = ctx.getImageData(0, 0, img.width, img.height).data;
      const colors = new Set<number>();
      let other = 0;
      for (let i = 0; i < d.length; i += 4) {
        colors.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
        if (Math.abs(d[i] - bg[0]) + Math.abs(d[i + 1] - bg[1]) + Math.abs(d[i + 2] - bg[2]) > 6) other++;
      }
      return { distinctColors: colors.size, nonBackgroundShare: other / (d.length / 4) };
    },
    { b64: png.toString('base64'), bg: background },
  );
}

/** `#rrggbb` → RGB. */
export function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Manhattan distance between two colors. */
export function colorDistance(a: [number, number, number], b: [number, number, number]): number {
  return Math.abs(a[0] - b[0]) + Math.abs(a[1] - b[1]) + Math.abs(a[2] - b[2]);
}
