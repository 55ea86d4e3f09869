/**
 * `npm run bench:planner`: the Plan view's editing and rendering costs.
 *
 * 1. Worker code path, in Node: the same `PlanSession` the Plan view's Web Worker runs (client/src/workers/
 *    plan-editor.ts, geo/partition's incremental editor) over a res 9 patch of central Guangzhou (≈ 50,000
 *    cells, seeded weights, 300 grids grown from seeded centres). A 200-cell brush stroke (dabs of 2 rings
 *    along a grid boundary, one undo step) plus the grid figures and plan metrics: target ≤ 16 ms. Also undo.
 * 2. Headless Chromium: time from opening a res 9 plan (`#/plan/<id>`, navigation start) until the map has
 *    drawn every cell, outline and label (the view's `renderedAt`). Starts the real server with the 20,000-
 *    customer demo like the e2e tests (or uses `--url` and `--plan`), creates the res 9 plan over the API.
 *    `--skip-browser` runs part 1 only.
 *
 * Writes bench-results/planner.json and bench-results/planner.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import * as h3 from 'h3-js';
import { chromium } from 'playwright-core';
import { mulberry32 } from '../../geo/random.ts';
import { PlanSession } from '../../client/src/workers/plan-editor.ts';
import type {} from '../../client/src/views/plan/test-hook.ts';

const { values: args } = parseArgs({
  options: {
    url: { type: 'string' },
    plan: { type: 'string' },
    'skip-browser': { type: 'boolean', default: false },
    strokes: { type: 'string', default: '40' },
  },
});

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (x: number, d = 2): number => Math.round(x * 10 ** d) / 10 ** d;

/** A res 9 patch of central Guangzhou with seeded weights and 300 grids (nearest of 300 seeded centres). */
function syntheticPlan(): ConstructorParameters<typeof PlanSession>[0] {
  const RES = 9;
  const cells = h3.gridDisk(h3.latLngToCell(23.13, 113.3, RES), 128).sort();
  const n = cells.length;
  const rng = mulberry32(9);
  const customers = Array.from({ length: n }, () => Math.floor(rng() ** 3 * 60));
  const load = customers.map((c) => c * (2 + rng() * 4));
  const faults = customers.map((c) => (rng() < c / 200 ? 1 : 0));
  const total = customers.reduce((a, b) => a + b, 0);
  const workload = customers.map((c) => (c * n) / total);
  const K = 300;
  const centres = Array.from({ length: K }, () => h3.cellToLatLng(cells[Math.floor(rng() * n)]));
  const grid = cells.map((c) => {
    const [lat, lng] = h3.cellToLatLng(c);
    let best = 0;
    let bestD = Infinity;
    centres.forEach(([la, ln], g) => {
      const d = (la - lat) ** 2 + (ln - lng) ** 2;
      if (d < bestD) {
        bestD = d;
        best = g;
      }
    });
    return best;
  });
  // grids that ended up empty (two centres on one cell) keep a cell so every idx exists
  const used = new Set(grid);
  let spare = 0;
  for (let g = 0; g < K; g++) if (!used.has(g)) grid[spare++] = g;
  return { resolution: RES, h3: cells, grid, customers, load, faults, workload, regions: null, ferries: [], k: K, locked: Array.from({ length: K }, () => false), tolerancePct: 10 };
}

interface EditorBench {
  cells: number;
  grids: number;
  setupMs: number;
  strokes: number;
  cellsPerStroke: { mean: number; min: number };
  strokeMs: { p50: number; p95: number; max: number; mean: number };
  undoMs: { p50: number; p95: number; max: number };
  metricsMs: { p50: number; p95: number };
}

/** Part 1: brush strokes of 200 cells in the worker's editor code. */
function benchEditor(strokes: number): EditorBench {
  const input = syntheticPlan();
  const t0 = performance.now();
  const s = new PlanSession(input);
  s.snapshot();
  const setupMs = performance.now() - t0;
  const rng = mulberry32(42);
  const times: number[] = [];
  const undos: number[] = [];
  const metrics: number[] = [];
  const moved: number[] = [];
  const { offsets, targets } = s.graph;
  const WARMUP = 5;
  for (let i = 0; i < strokes + WARMUP; i++) {
    // a boundary cell of a random grid and the neighbouring grid across it
    let u = -1;
    let to = -1;
    while (to < 0) {
      u = Math.floor(rng() * s.n);
      for (let j = offsets[u]; j < offsets[u + 1]; j++) if (s.assignment[targets[j]] !== s.assignment[u]) to = s.assignment[targets[j]];
    }
    // the stroke: 2-ring dabs (19 cells) along the grid's edge, each at the cell outside `to` nearest the last
    // dab (the planner pushing the boundary out), until 200 cells have moved; only the editor's work is timed
    let spent = 0;
    let n = 0;
    let last = u;
    const tried = new Set<number>();
    s.beginStroke();
    for (let dab = 0; dab < 60 && n < 200; dab++) {
      let best = -1;
      let bestD = Infinity;
      const lx = s.centroids[2 * last];
      const ly = s.centroids[2 * last + 1];
      for (let v = 0; v < s.n; v++) {
        if (s.assignment[v] === to || tried.has(v)) continue;
        let touches = false;
        for (let j = offsets[v]; j < offsets[v + 1] && !touches; j++) touches = s.assignment[targets[j]] === to;
        if (!touches) continue;
        const d = (s.centroids[2 * v] - lx) ** 2 + (s.centroids[2 * v + 1] - ly) ** 2;
        if (d < bestD) {
          bestD = d;
          best = v;
        }
      }
      if (best < 0) break;
      last = best;
      tried.add(best);
      const t1 = performance.now();
      n += s.paint(s.brushUnits(s.centroids[2 * best], s.centroids[2 * best + 1], 2), to).change.units.length;
      spent += performance.now() - t1;
    }
    const start = performance.now() - spent;
    s.endStroke();
    const m0 = performance.now();
    s.snapshot();
    const end = performance.now();
    if (i < WARMUP) {
      s.undo();
      continue;
    }
    times.push(end - start);
    metrics.push(end - m0);
    moved.push(n);
    const u0 = performance.now();
    s.undo();
    s.snapshot();
    undos.push(performance.now() - u0);
  }
  const st = [...times].sort((a, b) => a - b);
  const su = [...undos].sort((a, b) => a - b);
  const sm = [...metrics].sort((a, b) => a - b);
  return {
    cells: s.n,
    grids: s.k,
    setupMs: round(setupMs, 0),
    strokes,
    cellsPerStroke: { mean: round(moved.reduce((a, b) => a + b, 0) / moved.length, 1), min: Math.min(...moved) },
    strokeMs: { p50: round(pct(st, 50)), p95: round(pct(st, 95)), max: round(st[st.length - 1]), mean: round(st.reduce((a, b) => a + b, 0) / st.length) },
    undoMs: { p50: round(pct(su, 50)), p95: round(pct(su, 95)), max: round(su[su.length - 1]) },
    metricsMs: { p50: round(pct(sm, 50)), p95: round(pct(sm, 95)) },
  };
}

interface BrowserBench {
  planId: number;
  cells: number;
  grids: number;
  /** ms from navigation start to the first full render, per run. */
  runs: number[];
  median: number;
  /** of which: fetching plan and cells, and the worker's init (ms, median). */
  openToReadyMs: number;
}

/** Starts the e2e server (20,000-customer demo) unless `--url` is given; resolves to its URL and a stop function. */
async function server(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (args.url) return { url: args.url, stop: async () => {} };
  const { default: setup } = await import('../e2e/global-setup.ts');
  let url = '';
  const stop = await setup({ provide: (_k: string, v: string) => (url = v) } as never);
  return { url, stop };
}

async function login(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: 'gridops' }) });
  if (res.status !== 200) throw new Error(`login answered ${res.status}`);
  return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
}

/** Creates a res 9 plan over the API (fewer grids when a tolerance cannot be met); resolves to its id. */
async function createRes9Plan(url: string, cookie: string): Promise<number> {
  for (const grids of [100, 40, 15]) {
    const r = await fetch(`${url}/api/plans`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', cookie },
      body: JSON.stringify({ name: `bench r9 ${grids}`, resolution: 9, grids, weights: { customers: 1, load: 0, faults: 0 }, tolerancePct: 15, timeBudgetMs: 8000 }),
    });
    if (r.status !== 202) throw new Error(`POST /api/plans answered ${r.status}: ${await r.text()}`);
    const { jobId } = (await r.json()) as { jobId: string };
    for (;;) {
      await new Promise((res) => setTimeout(res, 500));
      const job = (await (await fetch(`${url}/api/jobs/${jobId}`, { headers: { cookie } })).json()) as { status: string; planId?: number; error?: string };
      if (job.status === 'done') return job.planId!;
      if (job.status !== 'running') {
        process.stderr.write(`res 9 plan with ${grids} grids: ${job.error}\n`);
        break;
      }
    }
  }
  throw new Error('no res 9 plan could be made');
}

/** Part 2: navigation to first full render of a res 9 plan in headless Chromium, `runs` times. */
async function benchBrowser(runs: number): Promise<BrowserBench> {
  const { url, stop } = await server();
  try {
    const cookie = await login(url, 'planner');
    const planId = args.plan ? Number(args.plan) : await createRes9Plan(url, cookie);
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--no-sandbox'] });
    try {
      const times: number[] = [];
      const ready: number[] = [];
      let cells = 0;
      let grids = 0;
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
      const origin = new URL(url);
      await context.addCookies(cookie.split('; ').map((kv) => ({ name: kv.split('=')[0], value: kv.slice(kv.indexOf('=') + 1), domain: origin.hostname, path: '/' })));
      for (let i = 0; i < runs; i++) {
        const page = await context.newPage();
        await page.goto(`${url}/#/plan/${planId}`);
        await page.waitForFunction(() => window.__gridopsPlan?.store.get().renderedAt != null, null, { timeout: 300_000, polling: 50 });
        const r = await page.evaluate(() => {
          const h = window.__gridopsPlan!;
          const s = h.store.get();
          return { renderedAt: s.renderedAt!, openedAt: h.openedAt(), cells: s.cells!.h3.length, grids: s.plan!.grids.length };
        });
        times.push(round(r.renderedAt, 0));
        ready.push(r.renderedAt - r.openedAt);
        cells = r.cells;
        grids = r.grids;
        await page.close();
      }
      await context.close();
      const sorted = [...times].sort((a, b) => a - b);
      const sr = [...ready].sort((a, b) => a - b);
      return { planId, cells, grids, runs: times, median: pct(sorted, 50), openToReadyMs: round(pct(sr, 50), 0) };
    } finally {
      await browser.close();
    }
  } finally {
    await stop();
  }
}

const load0 = loadavg()[0];
const editor = benchEditor(Number(args.strokes));
process.stdout.write(`editor: ${editor.cells} cells, ${editor.grids} grids; 200-cell stroke + metrics p50 ${editor.strokeMs.p50} ms, p95 ${editor.strokeMs.p95} ms, max ${editor.strokeMs.max} ms\n`);
const browser = args['skip-browser'] ? null : await benchBrowser(3);
if (browser) process.stdout.write(`browser: res 9 plan ${browser.planId} (${browser.cells} cells, ${browser.grids} grids): navigation to full render median ${browser.median} ms (${browser.runs.join(', ')})\n`);
const machine = `${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, load average ${round(load0, 1)} → ${round(loadavg()[0], 1)} (1 min)`;
const result = { date: new Date().toISOString(), machine, editor, browser };
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/planner.json', JSON.stringify(result, null, 2) + '\n');
const md = [
  '# bench:planner',
  '',
  `${result.date} · ${machine}`,
  '',
  '## Worker code path (Node): 200-cell brush stroke + grid figures and metrics',
  '',
  `Res 9 patch, ${editor.cells} cells, ${editor.grids} grids, ${editor.strokes} strokes of 2-ring dabs (${editor.cellsPerStroke.mean} cells moved on average, at least ${editor.cellsPerStroke.min}). Session setup ${editor.setupMs} ms.`,
  '',
  '| | p50 | p95 | max | target |',
  '|---|---:|---:|---:|---:|',
  `| stroke + metrics (ms) | ${editor.strokeMs.p50} | ${editor.strokeMs.p95} | ${editor.strokeMs.max} | ≤ 16 |`,
  `| of which metrics (ms) | ${editor.metricsMs.p50} | ${editor.metricsMs.p95} | | |`,
  `| undo + metrics (ms) | ${editor.undoMs.p50} | ${editor.undoMs.p95} | ${editor.undoMs.max} | |`,
  '',
  '## Headless Chromium (software WebGL): open a res 9 plan → first full render',
  '',
  browser
    ? `Plan ${browser.planId}: ${browser.cells} cells, ${browser.grids} grids (20,000-customer demo). Navigation start to every cell, outline and label drawn: median **${browser.median} ms** (runs ${browser.runs.join(', ')} ms); from the view starting to open the plan: ${browser.openToReadyMs} ms.`
    : 'skipped (--skip-browser)',
  '',
].join('\n');
writeFileSync('bench-results/planner.md', md);
process.stdout.write('wrote bench-results/planner.json and bench-results/planner.md\n');
