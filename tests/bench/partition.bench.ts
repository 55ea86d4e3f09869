/**
 * Partition benchmark (`npm run bench:partition`), three parts:
 *  1. published optima: districting graphs in networkx JSON (Validi & Buchanan 2022), k districts
 *     within ±0.5% population, contiguous, fewest cut edges; compared with the proven optimum.
 *  2. METIS side by side: Debian's `gpmetis` and ours on the Guangzhou H3 cell graph (res 8 and 9,
 *     k = 50, 300, 1000, weights customers and load as two constraints) in the same run.
 *  3. interactive speed of the editor: a unit move with metric update, rebalancing 10 neighbouring
 *     grids at res 9, a full res-9 partition into 300 grids.
 * Writes `bench-results/partition.json` (one row per run) and `bench-results/partition.md`.
 *
 * Options: --graph FILE --k K [--tolerance PCT=0.5] [--budget MS] [--assignment OUT] runs one
 * districting graph only; --only territory|metis|interactive; --budget MS (territory, default 45000);
 * --seed N.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { computePartitionMetrics } from '../../geo/metrics/partition-metrics.ts';
import { PartitionEditor } from '../../geo/partition/editor.ts';
import { partition } from '../../geo/partition/partition.ts';
import { mulberry32, randomInt } from '../../geo/random.ts';
import { readDistrictingGraph } from './partition-graph-file.ts';
import { buildGuangzhouGraph, buildSeedGraph } from './partition-guangzhou.ts';
import type { CellBenchGraph } from './partition-guangzhou.ts';
import { hasGpmetis, runGpmetis } from './partition-metis.ts';

interface Row {
  instance: string;
  k: number;
  units: number;
  solver: string;
  maxDevPct: Record<string, number>;
  cutEdges: number;
  nonContiguous: number;
  seconds: number;
  feasible: boolean;
  optimum?: number;
  note?: string;
}

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const only = opt('only');
const dataSource = opt('data') ?? 'seed';
const seed = Number(opt('seed') ?? 1);
const rows: Row[] = [];
const notes: string[] = [];
const interactive: Array<[string, string, string]> = [];
const TERRITORY_DIR = '../shared/bench/territory';

function log(s: string): void {
  process.stdout.write(s + '\n');
}

/** Part 1: one districting graph. */
function runDistricting(file: string, k: number, tolPct: number, budgetMs: number, optimum: number | undefined, assignmentOut: string | undefined): void {
  const g = readDistrictingGraph(file);
  const n = g.population.length;
  const P = g.population.reduce((a, b) => a + b, 0);
  const L = Math.ceil(((1 - tolPct / 100) * P) / k);
  const U = Math.floor(((1 + tolPct / 100) * P) / k);
  const t = performance.now();
  const r = partition(g.graph, [g.population], { k, tolerancePct: tolPct, seed, timeBudgetMs: budgetMs });
  const seconds = (performance.now() - t) / 1000;
  // independent check of the published rule: integer bounds and contiguity by recount
  const loads = new Float64Array(k);
  for (let u = 0; u < n; u++) loads[r.assignment[u]] += g.population[u];
  const popOk = Array.from(loads).every((x) => x >= L && x <= U);
  const m = computePartitionMetrics(g.graph, r.assignment, k, [g.population]);
  rows.push({
    instance: basename(file),
    k,
    units: n,
    solver: 'gridops',
    maxDevPct: { population: round(m.maxDevPct[0], 4) },
    cutEdges: m.cutEdges,
    nonContiguous: m.nonContiguous,
    seconds: round(seconds, 2),
    feasible: popOk && m.nonContiguous === 0,
    optimum,
  });
  log(`${basename(file)} k=${k}: cut ${m.cutEdges}${optimum !== undefined ? ` (optimum ${optimum})` : ''}, population ${popOk ? 'within' : 'OUTSIDE'} [${L}, ${U}], non-contiguous ${m.nonContiguous}, ${seconds.toFixed(1)} s`);
  if (assignmentOut) {
    writeFileSync(assignmentOut, g.ids.map((id, u) => `${id} ${r.assignment[u]}`).join('\n') + '\n');
    log(`assignment written to ${assignmentOut}`);
  }
}

function territory(budgetMs: number): void {
  const csv = join(TERRITORY_DIR, 'published_optima_sample.csv');
  if (!existsSync(csv)) {
    notes.push(`Published optima: \`${TERRITORY_DIR}\` is absent on this machine, part 1 skipped.`);
    log(`${TERRITORY_DIR} absent: published-optima part skipped`);
    return;
  }
  const lines = readFileSync(csv, 'utf8').trim().split('\n');
  const head = lines[0].split(',');
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const get = (key: string): string => cells[head.indexOf(key)];
    const file = join(TERRITORY_DIR, get('graph_file'));
    if (!existsSync(file)) continue;
    runDistricting(file, Number(get('k')), 0.5, budgetMs, get('status') === 'optimal' ? Number(get('upper_bound')) : undefined, undefined);
  }
}

const graphs = new Map<number, CellBenchGraph>();
function guangzhou(res: number): CellBenchGraph {
  if (!graphs.has(res)) {
    const t = performance.now();
    graphs.set(res, dataSource === 'synthetic' ? buildGuangzhouGraph(res) : buildSeedGraph(res));
    const g = graphs.get(res)!;
    log(`built ${g.name}: ${g.cells.length} cells, ${g.graph.targets.length / 2} edges, ${g.bridges} island links (${((performance.now() - t) / 1000).toFixed(1)} s)`);
  }
  return graphs.get(res)!;
}

/** Part 2: gpmetis and ours on the same graphs. */
function metisSideBySide(): void {
  if (!hasGpmetis()) {
    notes.push('METIS: `gpmetis` is not installed, part 2 ran ours only.');
  }
  for (const res of [8, 9]) {
    const g = guangzhou(res);
    const weights = [g.customers, g.loadKw];
    const n = g.cells.length;
    for (const k of [50, 300, 1000]) {
      let metisSeconds = Infinity;
      if (hasGpmetis()) {
        const m = runGpmetis(g.graph, weights, k);
        metisSeconds = m.seconds;
        const mm = computePartitionMetrics(g.graph, m.assignment, k, weights);
        rows.push(cellRow(g, k, `gpmetis ${m.version}`, mm, m.seconds, `wall ${m.wallSeconds.toFixed(2)} s incl. I/O`));
        log(`${g.name} k=${k} gpmetis: cut ${mm.cutEdges}, dev ${fmtDev(mm.maxDevPct)}, non-contiguous ${mm.nonContiguous}, ${m.seconds} s`);
        // reference runs: METIS under our contiguity rule, and its best-balanced mode (recursive bisection)
        for (const [flag, why] of [['-contig', 'reference: METIS forced contiguous, the rule ours obeys'], ['-ptype=rb', 'reference: METIS recursive bisection, its best multi-constraint balance']] as const) {
          try {
            const x = runGpmetis(g.graph, weights, k, [flag]);
            const xm = computePartitionMetrics(g.graph, x.assignment, k, weights);
            rows.push(cellRow(g, k, `gpmetis ${x.version} ${flag}`, xm, x.seconds, why));
            log(`${g.name} k=${k} gpmetis ${flag}: cut ${xm.cutEdges}, dev ${fmtDev(xm.maxDevPct)}, non-contiguous ${xm.nonContiguous}, ${x.seconds} s`);
          } catch (e) {
            notes.push(`gpmetis ${flag} on ${g.name} k=${k} failed: ${(e as Error).message.split('\n')[0]}`);
          }
        }
      }
      const t = performance.now();
      const cpu0 = process.cpuUsage();
      try {
        // an anytime budget of 3× METIS's own time (at least 2 s); 20 s without METIS
        const budget = Number.isFinite(metisSeconds) ? Math.max(2000, 3000 * metisSeconds) : 20_000;
        const r = partition(g.graph, weights, { k, seed, tolerancePct: 3, timeBudgetMs: budget, geometry: { centroids: g.centroids } });
        const seconds = (performance.now() - t) / 1000;
        const cpu = process.cpuUsage(cpu0);
        rows.push(cellRow(g, k, 'gridops', r.metrics, seconds, `${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU${Number.isFinite(metisSeconds) ? `, ${(seconds / metisSeconds).toFixed(1)}× METIS time` : ''}`));
        log(`${g.name} k=${k} gridops: cut ${r.metrics.cutEdges}, dev ${fmtDev(r.metrics.maxDevPct)}, non-contiguous ${r.metrics.nonContiguous}, ${seconds.toFixed(2)} s`);
      } catch (e) {
        rows.push({ instance: g.name, k, units: n, solver: 'gridops', maxDevPct: {}, cutEdges: -1, nonContiguous: -1, seconds: round((performance.now() - t) / 1000, 3), feasible: false, note: `refused: ${(e as Error).message}` });
        log(`${g.name} k=${k} gridops: ${(e as Error).message}`);
        // ±3% is provably out of reach (one cell outweighs a grid's share): rerun with each column's
        // tolerance relaxed to its lower bound + 3 points, the fair comparison with METIS there
        const bound = weights.map((w) => {
          const mean = w.reduce((a, b) => a + b, 0) / k;
          return Math.max(0, (Math.max(...w) / mean - 1) * 100);
        });
        const tol = bound.map((b) => Math.max(3, Math.ceil(b) + 3));
        if (tol.every((x) => x < 100)) {
          const t2 = performance.now();
          const c2 = process.cpuUsage();
          const budget = Number.isFinite(metisSeconds) ? Math.max(2000, 3000 * metisSeconds) : 20_000;
          const r = partition(g.graph, weights, { k, seed, tolerancePct: tol, timeBudgetMs: budget, geometry: { centroids: g.centroids } });
          const seconds = (performance.now() - t2) / 1000;
          const cpu = process.cpuUsage(c2);
          const row = cellRow(g, k, `gridops (tolerance ${tol.map((x) => `±${x}%`).join(' / ')})`, r.metrics, seconds, `relaxed run: lower bound ${bound.map((x) => `${x.toFixed(1)}%`).join(' / ')}; ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU${Number.isFinite(metisSeconds) ? `, ${(seconds / metisSeconds).toFixed(1)}× METIS time` : ''}`);
          row.feasible = r.feasible;
          rows.push(row);
          log(`${g.name} k=${k} gridops relaxed to ${tol.join('/')}%: cut ${r.metrics.cutEdges}, dev ${fmtDev(r.metrics.maxDevPct)}, non-contiguous ${r.metrics.nonContiguous}, ${seconds.toFixed(2)} s`);
        }
      }
    }
  }
}

/**
 * Part 2b: one weight (customers) on the same graphs, the single-constraint case both solvers are
 * built for: METIS defaults against ours with the same ±3%.
 */
function metisSingleWeight(): void {
  for (const res of [8, 9]) {
    const g = guangzhou(res);
    const both = [g.customers, g.loadKw];
    for (const k of [50, 300]) {
      let metisSeconds = Infinity;
      if (hasGpmetis()) {
        const m = runGpmetis(g.graph, [g.customers], k);
        metisSeconds = m.seconds;
        const mm = computePartitionMetrics(g.graph, m.assignment, k, both);
        rows.push(singleRow(cellRow(g, k, `gpmetis ${m.version}, customers only`, mm, m.seconds, `wall ${m.wallSeconds.toFixed(2)} s incl. I/O`), mm));
        log(`${g.name} k=${k} gpmetis customers only: cut ${mm.cutEdges}, dev ${fmtDev(mm.maxDevPct)}, non-contiguous ${mm.nonContiguous}, ${m.seconds} s`);
      }
      const t = performance.now();
      const budget = Number.isFinite(metisSeconds) ? Math.max(2000, 3000 * metisSeconds) : 20_000;
      try {
        const r = partition(g.graph, [g.customers], { k, seed, tolerancePct: 3, timeBudgetMs: budget });
        const seconds = (performance.now() - t) / 1000;
        const mm = computePartitionMetrics(g.graph, r.assignment, k, both);
        rows.push(singleRow(cellRow(g, k, 'gridops, customers only', mm, seconds, Number.isFinite(metisSeconds) ? `${(seconds / metisSeconds).toFixed(1)}× METIS time` : undefined), mm));
        log(`${g.name} k=${k} gridops customers only: cut ${mm.cutEdges}, dev ${fmtDev(mm.maxDevPct)}, ${seconds.toFixed(2)} s`);
      } catch (e) {
        rows.push({ instance: g.name, k, units: g.cells.length, solver: 'gridops, customers only', maxDevPct: {}, cutEdges: -1, nonContiguous: -1, seconds: round((performance.now() - t) / 1000, 3), feasible: false, note: `refused: ${(e as Error).message}` });
      }
    }
  }
}

/** A customers-only row: feasible on customers alone (load is shown for information). */
function singleRow(row: Row, m: { maxDevPct: number[]; nonContiguous: number }): Row {
  row.feasible = m.nonContiguous === 0 && m.maxDevPct[0] <= 3 + 1e-9;
  return row;
}

function cellRow(g: CellBenchGraph, k: number, solver: string, m: { maxDevPct: number[]; cutEdges: number; nonContiguous: number }, seconds: number, note?: string): Row {
  return {
    instance: g.name,
    k,
    units: g.cells.length,
    solver,
    maxDevPct: { customers: round(m.maxDevPct[0], 2), load: round(m.maxDevPct[1], 2) },
    cutEdges: m.cutEdges,
    nonContiguous: m.nonContiguous,
    seconds: round(seconds, 3),
    feasible: m.nonContiguous === 0 && m.maxDevPct[0] <= 3 + 1e-9 && m.maxDevPct[1] <= 3 + 1e-9,
    note,
  };
}

/** Part 3: editor speed on res 9. */
function interactiveSpeed(): void {
  const g = guangzhou(9);
  const weights = [g.customers, g.loadKw];
  const n = g.cells.length;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const r = partition(g.graph, weights, { k: 300, seed, tolerancePct: 3, timeBudgetMs: 20_000, geometry: { centroids: g.centroids } });
  const full = (performance.now() - t0) / 1000;
  const fullCpu = process.cpuUsage(cpu0);
  // the same with one weight (customers), the case the planner's default plan uses
  const tc1 = performance.now();
  const r1 = partition(g.graph, [g.customers], { k: 300, seed, tolerancePct: 3, timeBudgetMs: 20_000 });
  const full1 = (performance.now() - tc1) / 1000;
  interactive.push(['full res 9 partition into 300 grids, customers only (20 s budget)', `${full1.toFixed(2)} s wall; customers dev ${r1.metrics.maxDevPct[0].toFixed(2)}%, cut ${r1.metrics.cutEdges}, non-contiguous ${r1.metrics.nonContiguous}, feasible ${r1.feasible ? 'yes' : 'no'}`, full1 <= 5 ? 'yes (≤ 5 s)' : 'NO (target ≤ 5 s)']);
  interactive.push(['full res 9 partition into 300 grids, customers + load (20 s budget)', `${full.toFixed(2)} s wall, ${((fullCpu.user + fullCpu.system) / 1e6).toFixed(2)} s CPU; customers/load dev ${fmtDev(r.metrics.maxDevPct)}, cut ${r.metrics.cutEdges}, non-contiguous ${r.metrics.nonContiguous}`, full <= 5 ? 'yes (≤ 5 s)' : 'NO (target ≤ 5 s)']);
  const areas = new Float64Array(n).fill(0.1053);
  const ed = new PartitionEditor({ graph: g.graph, weights, k: 300, assignment: r.assignment, geometry: { areas, centroids: g.centroids } });
  ed.metrics();
  // boundary moves (a unit to the grid of a neighbour in another grid), each followed by a metrics
  // read; the first 500 warm the JIT and are not timed
  const rng = mulberry32(seed);
  const times: number[] = [];
  for (let i = 0; i < 5500; i++) {
    let u = -1;
    let to = -1;
    while (to < 0) {
      u = randomInt(rng, n);
      for (let j = g.graph.offsets[u]; j < g.graph.offsets[u + 1]; j++) {
        const b = ed.gridOf(g.graph.targets[j]);
        if (b !== ed.gridOf(u)) to = b;
      }
    }
    const t = performance.now();
    ed.move(u, to);
    ed.metrics();
    if (i >= 500) times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  const p = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  interactive.push(['unit move + metric update (res 9, k=300)', `median ${p(0.5).toFixed(3)} ms, mean ${mean(times).toFixed(3)} ms, p99 ${p(0.99).toFixed(3)} ms, max ${times[times.length - 1].toFixed(3)} ms (${times.length} moves)`, p(0.99) <= 1 ? 'yes (p99 ≤ 1 ms)' : p(0.5) <= 1 ? 'median yes, p99 NO (target ≤ 1 ms)' : 'NO (target ≤ 1 ms)']);
  // rebalance 10 neighbouring grids after a planner dumped units into the middle one
  const ed2 = new PartitionEditor({ graph: g.graph, weights, k: 300, assignment: r.assignment });
  const centre = r.assignment[Math.floor(n / 2)];
  const grids = nearGrids(g, r.assignment, centre, 10);
  let pushed = 0;
  for (let pass = 0; pass < 20 && pushed < 150; pass++) {
    for (let u = 0; u < n && pushed < 150; u++) {
      const gu = ed2.gridOf(u);
      if (gu === centre || !grids.includes(gu)) continue;
      for (let i = g.graph.offsets[u]; i < g.graph.offsets[u + 1]; i++) {
        if (ed2.gridOf(g.graph.targets[i]) === centre && !ed2.wouldSplit(u)) {
          ed2.move(u, centre);
          pushed++;
          break;
        }
      }
    }
  }
  const before = grids.map((x) => ed2.gridStats(x).loads[0]);
  const t1 = performance.now();
  const cpu1 = process.cpuUsage();
  const moves = ed2.rebalance(grids, { tolerancePct: 3 });
  const reb = performance.now() - t1;
  const rebCpu = process.cpuUsage(cpu1);
  const after = grids.map((x) => ed2.gridStats(x).loads[0]);
  const dev = (xs: number[]): number => {
    const m = mean(xs);
    return Math.max(...xs.map((x) => Math.abs(x - m) / m)) * 100;
  };
  interactive.push([`rebalance 10 neighbouring grids (res 9, ${pushed} units pushed into one first)`, `${reb.toFixed(0)} ms wall, ${((rebCpu.user + rebCpu.system) / 1000).toFixed(0)} ms CPU, ${moves.length} units moved, customers dev ${dev(before).toFixed(1)}% → ${dev(after).toFixed(1)}%`, reb <= 200 ? 'yes (≤ 200 ms)' : 'NO (target ≤ 200 ms)']);
  for (const row of interactive) log(row.join(': '));
}

/** The `count` grids closest to `centre` in the grid adjacency graph (BFS order). */
function nearGrids(g: CellBenchGraph, part: Int32Array, centre: number, count: number): number[] {
  const adj = new Map<number, Set<number>>();
  for (let u = 0; u < part.length; u++) {
    for (let i = g.graph.offsets[u]; i < g.graph.offsets[u + 1]; i++) {
      const b = part[g.graph.targets[i]];
      if (b === part[u]) continue;
      if (!adj.has(part[u])) adj.set(part[u], new Set());
      adj.get(part[u])!.add(b);
    }
  }
  const out = [centre];
  for (let i = 0; i < out.length && out.length < count; i++) {
    for (const b of [...(adj.get(out[i]) ?? [])].sort((x, y) => x - y)) {
      if (!out.includes(b) && out.length < count) out.push(b);
    }
  }
  return out;
}

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
}
function round(x: number, d: number): number {
  const f = 10 ** d;
  return Math.round(x * f) / f;
}
function fmtDev(d: number[]): string {
  return d.map((x) => `${x.toFixed(2)}%`).join(' / ');
}

function writeResults(): void {
  mkdirSync('bench-results', { recursive: true });
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}`;
  writeFileSync('bench-results/partition.json', JSON.stringify(rows, null, 1) + '\n');
  const load = loadavg().map((x) => x.toFixed(1)).join(' / ');
  const md: string[] = [`# Partition benchmark`, '', `Machine: ${machine}; load average ${load} (1 / 5 / 15 min) at the end, on ${cpus().length} cores. Seed ${seed}. ${new Date().toISOString()}.`, ''];
  const terr = rows.filter((r) => r.maxDevPct.population !== undefined);
  if (terr.length > 0) {
    md.push('## Published optima (±0.5% population, contiguous, fewest cut edges)', '', '| instance | units | k | cut edges | optimum | population dev | non-contiguous | feasible | seconds |', '|---|---|---|---|---|---|---|---|---|');
    for (const r of terr) md.push(`| ${r.instance} | ${r.units} | ${r.k} | ${r.cutEdges} | ${r.optimum ?? '–'} | ${r.maxDevPct.population.toFixed(3)}% | ${r.nonContiguous} | ${r.feasible ? 'yes' : 'no'} | ${r.seconds} |`);
    md.push('');
  }
  const isSingle = (r: Row): boolean => r.solver.endsWith('customers only');
  const single = rows.filter((r) => r.maxDevPct.population === undefined && isSingle(r));
  const cells = rows.filter((r) => r.maxDevPct.population === undefined && !isSingle(r));
  if (cells.length > 0) {
    const g = [...graphs.values()][0];
    md.push('## METIS side by side (Guangzhou H3, weights customers + load, ±3%)', '');
    md.push(`Graph: H3 cells of the 11 districts, weights customers and contracted load (kW, rounded) per cell, from ${g?.source ?? '?'}; islands joined to the mainland by their nearest cell (${[...graphs.values()].map((x) => `${x.name}: ${x.bridges} links`).join(', ')}). When a single cell holds more than a grid may (mean + 3%), ours refuses with \`GeoError('infeasible', 'tolerancePct: …')\` and the row says so. gpmetis runs with its defaults (k-way, ufactor 30); its "seconds" is its own partitioning timer, wall time with I/O in the note. Ours gets a time budget of 3× METIS's time (at least 2 s) and stops earlier when done; its seconds include everything after the graph is in memory. "dev" is the largest |grid − mean| / mean on either side; METIS's ufactor bounds only the heaviest grid, so its light grids can be far below the mean. Two reference rows per case: \`-contig\` (METIS forced to make contiguous parts, the rule ours always obeys) and \`-ptype=rb\` (recursive bisection, METIS's best multi-constraint balance on this data); the targets below compare with the default run. Ours is given the cell centroids, as the product gives them (with two weight columns it also tries straight cuts that balance both, \`geo/partition/geometric.ts\`); METIS gets the graph alone.`, '');
    md.push('| graph | units | k | solver | customers dev | load dev | cut edges | non-contiguous | seconds | note |', '|---|---|---|---|---|---|---|---|---|---|');
    for (const r of cells) {
      const refused = r.cutEdges < 0;
      md.push(`| ${r.instance} | ${r.units} | ${r.k} | ${r.solver} | ${refused ? '–' : `${r.maxDevPct.customers.toFixed(2)}%`} | ${refused ? '–' : `${r.maxDevPct.load.toFixed(2)}%`} | ${refused ? '–' : r.cutEdges} | ${refused ? '–' : r.nonContiguous} | ${r.seconds.toFixed(3)} | ${r.note ?? ''} |`);
    }
    md.push('');
    // targets
    md.push('Targets for ours: zero non-contiguous, both weights within ±3%, cut ≤ METIS + 5%, time ≤ 3× METIS.', '', '| graph | k | contiguous | balanced | cut vs METIS | time vs METIS |', '|---|---|---|---|---|---|');
    for (const r of cells.filter((x) => x.solver === 'gridops')) {
      if (r.cutEdges < 0) {
        md.push(`| ${r.instance} | ${r.k} | refused: infeasible request | – | – | – |`);
        continue;
      }
      const m = cells.find((x) => x.instance === r.instance && x.k === r.k && /^gpmetis [\d.]+$/.test(x.solver));
      const cutPct = m ? ((r.cutEdges / m.cutEdges - 1) * 100).toFixed(1) + '%' : '–';
      const timeX = m ? (r.seconds / m.seconds).toFixed(2) + '×' : '–';
      md.push(`| ${r.instance} | ${r.k} | ${r.nonContiguous === 0 ? 'yes' : 'NO'} | ${r.feasible ? 'yes' : 'NO'} | ${cutPct}${m && r.cutEdges <= 1.05 * m.cutEdges ? '' : ' (miss)'} | ${timeX}${m && r.seconds <= 3 * m.seconds ? '' : ' (miss)'} |`);
    }
    md.push('');
  }
  if (single.length > 0) {
    md.push('## One weight (customers), same graphs, ±3%', '', 'The single-constraint case: METIS defaults against ours. "load dev" is shown for information only (neither solver balances it here); "feasible" means contiguous and customers within ±3%.', '');
    md.push('| graph | units | k | solver | customers dev | load dev | cut edges | non-contiguous | seconds | feasible | note |', '|---|---|---|---|---|---|---|---|---|---|---|');
    for (const r of single) {
      const refused = r.cutEdges < 0;
      md.push(`| ${r.instance} | ${r.units} | ${r.k} | ${r.solver} | ${refused ? '–' : `${r.maxDevPct.customers.toFixed(2)}%`} | ${refused ? '–' : `${r.maxDevPct.load.toFixed(2)}%`} | ${refused ? '–' : r.cutEdges} | ${refused ? '–' : r.nonContiguous} | ${r.seconds.toFixed(3)} | ${r.feasible ? 'yes' : 'no'} | ${r.note ?? ''} |`);
    }
    md.push('');
  }
  if (interactive.length > 0) {
    md.push('## Interactive (editor)', '', '| operation | measured | target met |', '|---|---|---|');
    for (const [a, b, c] of interactive) md.push(`| ${a} | ${b} | ${c} |`);
    md.push('');
  }
  if (notes.length > 0) md.push('## Notes', '', ...notes.map((x) => `- ${x}`), '');
  writeFileSync('bench-results/partition.md', md.join('\n'));
  log('wrote bench-results/partition.json and bench-results/partition.md');
}

const graphFile = opt('graph');
if (graphFile) {
  const k = Number(opt('k'));
  if (!Number.isInteger(k) || k < 1) throw new Error('--graph needs --k K');
  runDistricting(graphFile, k, Number(opt('tolerance') ?? 0.5), Number(opt('budget') ?? 45_000), undefined, opt('assignment'));
} else {
  if (!only || only === 'territory') territory(Number(opt('budget') ?? 45_000));
  if (!only || only === 'metis') {
    metisSideBySide();
    metisSingleWeight();
  }
  if (!only || only === 'interactive') interactiveSpeed();
}
writeResults();

