/**
 * npm run bench:routing — the road routing engine on the synthetic demo network, with pgRouting on
 * the same edge table as the reference. Writes bench-results/routing.json and routing.md.
 *
 * Measures: network generation, circuity, CH preprocessing time and memory, routing-file size and
 * load time, 1,000 random point-to-point queries (ours) against a sample of pgr_dijkstra calls,
 * 100×100 and 500×500 matrices (ours against pgr_dijkstraCostMatrix on the same node set), and the
 * number of pairs whose cost differs from pgRouting's by more than rounding (1 ms).
 * Env: BENCH_PGR_P2P (pgr_dijkstra sample size, default 40), BENCH_DENSITY_REF (network size knob).
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { generateDemoRoadNetwork } from '../../seed/roads/demo-roads.ts';
import { buildRoutingDataParallel, copyRoads } from '../../seed/roads/load.ts';
import { buildRoutingData, deserializeRoutingData, Router, serializeRoutingData } from '../../geo/routing/router.ts';
import { measureCircuity } from '../../geo/routing/circuity.ts';
import { nodeEndpoint } from '../../geo/routing/matrix.ts';
import { INF } from '../../geo/routing/dijkstra.ts';
import { haversineM } from '../../geo/routing/network.ts';
import { mulberry32, randomInt } from '../../geo/random.ts';
import { startEmbeddedPostgres } from '../../server/db/embedded.ts';
import { migrate } from '../../server/db/migrate.ts';

const SEED = 1;
const PGR_P2P = Number(process.env.BENCH_PGR_P2P ?? 40);
const TOL_S = 0.001;
const log = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);
const pct = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const mb = (b: number) => Math.round(b / 1e5) / 10;

async function main(): Promise<void> {
  const results: Record<string, unknown> = {
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, memGB: Math.round(totalmem() / 1e9), loadavgAtStart: loadavg().map((x) => Math.round(x * 10) / 10), node: process.version },
    date: new Date().toISOString(),
  };

  // network
  let t = performance.now();
  const densityRef = process.env.BENCH_DENSITY_REF ? Number(process.env.BENCH_DENSITY_REF) : undefined;
  const { network, report } = generateDemoRoadNetwork(SEED, densityRef ? { densityRef } : {});
  const genMs = performance.now() - t;
  log(`network: ${network.nodeCount} nodes, ${network.edgeCount} edges, ${Math.round(report.lengthKm)} km in ${Math.round(genMs)} ms`);
  t = performance.now();
  const circ = measureCircuity(network, 200, mulberry32(SEED + 1));
  log(`circuity (shortest distance, 200 pairs ≥ 1 km): mean ${circ.mean.toFixed(3)}, median ${circ.median.toFixed(3)} in ${Math.round(performance.now() - t)} ms`);
  results.network = { seed: SEED, nodes: network.nodeCount, edges: network.edgeCount, lengthKm: Math.round(report.lengthKm), generateMs: Math.round(genMs), report };

  // preprocessing
  const mem0 = process.memoryUsage();
  const cpu0 = process.cpuUsage();
  t = performance.now();
  const { data, stats } = buildRoutingData(network, undefined, (m) => {
    if (/0000\//.test(m) && /[05]0000\//.test(m)) log(m);
  });
  const prepMs = performance.now() - t;
  const prepCpuMs = process.cpuUsage(cpu0).user / 1000;
  const mem1 = process.memoryUsage();
  // the same build with one worker thread per period (what the importer uses)
  t = performance.now();
  await buildRoutingDataParallel(network);
  const parMs = performance.now() - t;
  log(`preprocessing in parallel worker threads: ${Math.round(parMs)} ms wall`);
  const buf = serializeRoutingData(data);
  const file = join(mkdtempSync(join(tmpdir(), 'gridops-routing-file-')), 'routing.bin');
  writeFileSync(file, new Uint8Array(buf));
  // what the server does at start: read the file, view it, open the stored snapping index
  t = performance.now();
  const loaded = deserializeRoutingData(readFileSync(file));
  const router = new Router(loaded);
  const loadMs = performance.now() - t;
  rmSync(join(file, '..'), { recursive: true, force: true });
  log(`preprocessing: ${Math.round(prepMs)} ms wall (${Math.round(prepCpuMs)} ms CPU), periods ${stats.periodMs.map(Math.round).join(' + ')} ms; file ${mb(buf.byteLength)} MB, load + index ${Math.round(loadMs)} ms`);
  results.preprocessing = {
    periods: stats.periodMs.length, wallMs: Math.round(prepMs), parallelWallMs: Math.round(parMs), cpuMs: Math.round(prepCpuMs), periodMs: stats.periodMs.map(Math.round), arcs: stats.arcs,
    rssDeltaMB: mb(mem1.rss - mem0.rss), arrayBuffersDeltaMB: mb(mem1.arrayBuffers - mem0.arrayBuffers), fileMB: mb(buf.byteLength), loadMs: Math.round(loadMs),
  };

  // our p2p queries
  const rng = mulberry32(SEED + 2);
  const pairs: [number, number][] = Array.from({ length: 1000 }, () => [randomInt(rng, network.nodeCount), randomInt(rng, network.nodeCount)]);
  for (let i = 0; i < 50; i++) router.nodeCost(pairs[i][0], pairs[i][1]); // warm-up
  const ours: number[] = [];
  const oursMs: number[] = [];
  for (const [s, d] of pairs) {
    const a = performance.now();
    ours.push(router.nodeCost(s, d));
    oursMs.push(performance.now() - a);
  }
  // full route() with snapping, unpacking and geometry, between the same nodes' coordinates
  const routeMs: number[] = [];
  const fastestCirc: number[] = [];
  for (const [s, d] of pairs) {
    const from: [number, number] = [network.nodeCoords[2 * s], network.nodeCoords[2 * s + 1]];
    const to: [number, number] = [network.nodeCoords[2 * d], network.nodeCoords[2 * d + 1]];
    const a = performance.now();
    try {
      const r = router.route(from, to);
      routeMs.push(performance.now() - a);
      const straight = haversineM(from[0], from[1], to[0], to[1]);
      if (straight >= 1000) fastestCirc.push(r.distance / straight);
    } catch {
      routeMs.push(performance.now() - a);
    }
  }
  const fc = fastestCirc.reduce((x, y) => x + y, 0) / fastestCirc.length;
  log(`ours p2p: p50 ${pct(oursMs, 0.5).toFixed(3)} ms, p99 ${pct(oursMs, 0.99).toFixed(3)} ms; route(): p50 ${pct(routeMs, 0.5).toFixed(3)} ms; fastest-route circuity ${fc.toFixed(3)}`);
  results.circuity = { shortestDistance: circ, fastestRoute: { pairs: fastestCirc.length, mean: fc, median: pct(fastestCirc, 0.5) } };

  // our matrices (square, on the same node sets as pgRouting's cost matrix)
  const sets = [100, 500].map((n) => {
    const r2 = mulberry32(SEED + n);
    const ids = new Set<number>();
    while (ids.size < n) ids.add(randomInt(r2, network.nodeCount));
    return [...ids];
  });
  {
    // warm-up: allocate the matrix engine's scratch and let the JIT compile it
    const eps = sets[0].slice(0, 20).map(nodeEndpoint);
    router.matrixNodesInto(eps, eps, 0, new Int32Array(400), new Float64Array(400));
  }
  const oursMatrix = sets.map((ids) => {
    const eps = ids.map(nodeEndpoint);
    const cost = new Int32Array(ids.length * ids.length);
    const len = new Float64Array(ids.length * ids.length);
    const a = performance.now();
    router.matrixNodesInto(eps, eps, 0, cost, len);
    const ms = performance.now() - a;
    log(`ours matrix ${ids.length}×${ids.length}: ${Math.round(ms)} ms`);
    return { ids, cost, ms };
  });

  // pgRouting reference on a throwaway cluster
  const dir = mkdtempSync(join(tmpdir(), 'gridops-bench-routing-'));
  chmodSync(dir, 0o755); // the cluster runs as the postgres user
  const pgRes: Record<string, unknown> = {};
  try {
    const db = await startEmbeddedPostgres({ dataDir: dir, throwaway: true, log });
    const pool = new pg.Pool({ connectionString: db.url, max: 1 });
    try {
      await migrate(pool);
      const client = await pool.connect();
      try {
        await client.query('CREATE EXTENSION IF NOT EXISTS pgrouting');
        const v = await client.query('SELECT pgr_version() AS v');
        pgRes.version = v.rows[0].v;
        t = performance.now();
        await copyRoads(client, network, { ownTransaction: true });
        await client.query('ANALYZE roads');
        log(`pgRouting ${pgRes.version}: roads loaded in ${Math.round(performance.now() - t)} ms`);
        const EDGES = 'SELECT id, source, target, cost, reverse_cost FROM roads';
        // p2p sample
        const pgrMs: number[] = [];
        let p2pDiff = 0;
        let p2pCompared = 0;
        for (let i = 0; i < Math.min(PGR_P2P, pairs.length); i++) {
          const [s, d] = pairs[i];
          const a = performance.now();
          const r = await client.query('SELECT max(agg_cost) AS c FROM pgr_dijkstra($1, $2::bigint, $3::bigint, true) WHERE edge = -1', [EDGES, s + 1, d + 1]);
          pgrMs.push(performance.now() - a);
          const pc = r.rows[0].c === null ? (s === d ? 0 : null) : Number(r.rows[0].c);
          const oc = ours[i] === INF ? null : ours[i] / 10;
          p2pCompared++;
          if ((pc === null) !== (oc === null) || (pc !== null && oc !== null && Math.abs(pc - oc) > TOL_S)) p2pDiff++;
        }
        const speedup = pct(pgrMs, 0.5) / pct(oursMs, 0.5);
        log(`pgr_dijkstra (${pgrMs.length} sampled): p50 ${Math.round(pct(pgrMs, 0.5))} ms, p99 ${Math.round(pct(pgrMs, 0.99))} ms; ${p2pDiff} cost differences; speed-up ×${Math.round(speedup)}`);
        pgRes.p2p = { sampled: pgrMs.length, p50Ms: pct(pgrMs, 0.5), p99Ms: pct(pgrMs, 0.99), compared: p2pCompared, differing: p2pDiff };
        pgRes.speedupP50 = speedup;
        // matrices
        const mats: unknown[] = [];
        for (const m of oursMatrix) {
          const n = m.ids.length;
          const a = performance.now();
          let rows: { start_vid: string; end_vid: string; agg_cost: number }[] = [];
          let timedOut = false;
          try {
            await client.query(`SET statement_timeout = ${n > 100 ? 600_000 : 120_000}`);
            rows = (await client.query('SELECT start_vid, end_vid, agg_cost FROM pgr_dijkstraCostMatrix($1, $2::bigint[], true)', [EDGES, m.ids.map((x) => x + 1)])).rows;
          } catch (err) {
            timedOut = true;
            log(`pgr_dijkstraCostMatrix ${n}×${n} failed: ${(err as Error).message}`);
          }
          const ms = performance.now() - a;
          const index = new Map(m.ids.map((id, k) => [id + 1, k]));
          let diff = 0;
          let seen = 0;
          const pgrCost = new Float64Array(n * n).fill(Number.NaN);
          for (const r of rows) pgrCost[(index.get(Number(r.start_vid)) as number) * n + (index.get(Number(r.end_vid)) as number)] = Number(r.agg_cost);
          if (!timedOut) {
            for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
              if (i === j) continue;
              const oc = m.cost[i * n + j] === INF ? null : m.cost[i * n + j] / 10;
              const pc = Number.isNaN(pgrCost[i * n + j]) ? null : pgrCost[i * n + j];
              seen++;
              if ((pc === null) !== (oc === null) || (pc !== null && oc !== null && Math.abs(pc - oc) > TOL_S)) diff++;
            }
          }
          log(`pgr_dijkstraCostMatrix ${n}×${n}: ${Math.round(ms)} ms, ${rows.length} pairs; ${diff} of ${seen} pairs differ from ours`);
          mats.push({ n, oursMs: m.ms, pgrMs: timedOut ? null : ms, pairsCompared: seen, differing: timedOut ? null : diff });
        }
        pgRes.matrices = mats;
      } finally {
        client.release();
      }
    } finally {
      await pool.end();
      await db.stop();
    }
  } catch (err) {
    pgRes.error = (err as Error).message;
    log(`pgRouting reference failed: ${(err as Error).message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  results.ours = {
    p2p: { queries: oursMs.length, p50Ms: pct(oursMs, 0.5), p99Ms: pct(oursMs, 0.99), unreachable: ours.filter((x) => x === INF).length },
    route: { p50Ms: pct(routeMs, 0.5), p99Ms: pct(routeMs, 0.99) },
    matrices: oursMatrix.map((m) => ({ n: m.ids.length, ms: m.ms })),
  };
  results.pgrouting = pgRes;
  results.machine = { ...(results.machine as object), loadavgAtEnd: loadavg().map((x) => Math.round(x * 10) / 10) };
  mkdirSync('bench-results', { recursive: true });
  writeFileSync('bench-results/routing.json', JSON.stringify(results, null, 2) + '\n');
  writeFileSync('bench-results/routing.md', markdown(results));
  log('wrote bench-results/routing.json and routing.md');
}

function markdown(r: Record<string, any>): string { // eslint-disable-line @typescript-eslint/no-explicit-any
  const f = (x: number | null | undefined, d = 1) => (x === null || x === undefined ? '—' : x.toFixed(d));
  const pgr = r.pgrouting ?? {};
  const mats = (pgr.matrices ?? []) as { n: number; oursMs: number; pgrMs: number | null; pairsCompared: number; differing: number | null }[];
  const lines = [
    '# Routing benchmark (`npm run bench:routing`)',
    '',
    `Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memGB} GB, Node ${r.machine.node}; load average ${r.machine.loadavgAtStart.join('/')} at start, ${r.machine.loadavgAtEnd.join('/')} at end (the machine is shared, so wall times are inflated). ${r.date}.`,
    '',
    `Network: synthetic Guangzhou demo network (seed ${r.network.seed}) with the real Huacheng OSM extract spliced in: **${r.network.nodes.toLocaleString('en')} nodes, ${r.network.edges.toLocaleString('en')} edges**, ${r.network.lengthKm.toLocaleString('en')} km, generated in ${(r.network.generateMs / 1000).toFixed(1)} s.`,
    `Circuity (road / straight-line distance, random node pairs ≥ 1 km apart): shortest-distance paths **${f(r.circuity.shortestDistance.mean, 3)}** (median ${f(r.circuity.shortestDistance.median, 3)}, ${r.circuity.shortestDistance.pairs} pairs); fastest routes **${f(r.circuity.fastestRoute.mean, 3)}** (${r.circuity.fastestRoute.pairs} pairs).`,
    '',
    '| measure | GridOps CH | pgRouting | target |',
    '|---|---|---|---|',
    `| preprocessing (${r.preprocessing.periods} speed periods) | one thread: ${f(r.preprocessing.wallMs / 1000)} s wall, ${f(r.preprocessing.cpuMs / 1000)} s CPU; one worker per period: ${f(r.preprocessing.parallelWallMs / 1000)} s wall | none (graph read per query) | ≤ 120 s |`,
    `| memory | routing file ${r.preprocessing.fileMB} MB; RSS +${r.preprocessing.rssDeltaMB} MB while building | — | |`,
    `| load routing file (read from disk, views, stored snap index) | ${r.preprocessing.loadMs} ms | — | < 1 s |`,
    `| p2p p50 / p99 | ${f(r.ours.p2p.p50Ms, 3)} / ${f(r.ours.p2p.p99Ms, 3)} ms (1,000 queries) | ${f(pgr.p2p?.p50Ms, 0)} / ${f(pgr.p2p?.p99Ms, 0)} ms (${pgr.p2p?.sampled ?? 0} sampled \`pgr_dijkstra\` calls) | p50 ≤ 1 ms, ≥ 100× |`,
    `| p2p speed-up (p50) | ×${f(pgr.speedupP50, 0)} | | ≥ 100× |`,
    `| route() with snapping, geometry, names p50 / p99 | ${f(r.ours.route.p50Ms, 3)} / ${f(r.ours.route.p99Ms, 3)} ms | | |`,
    ...mats.map((m) => `| matrix ${m.n}×${m.n} | ${f(m.oursMs, 0)} ms | ${f(m.pgrMs, 0)} ms (\`pgr_dijkstraCostMatrix\`) | ${m.n === 500 ? '≤ 1 s' : ''} |`),
    `| pairs whose cost differs from pgRouting by > 1 ms | ${[`p2p ${pgr.p2p?.differing ?? '—'} of ${pgr.p2p?.compared ?? 0}`, ...mats.map((m) => `${m.n}×${m.n}: ${m.differing ?? '—'} of ${m.pairsCompared}`)].join('; ')} | | 0 |`,
    '',
    'Costs: free-flow travel time; the `roads` table holds the router\'s integer deciseconds / 10 as `cost`/`reverse_cost`, so both engines sum the same numbers.',
    pgr.error ? `\npgRouting reference failed: ${pgr.error}` : `pgRouting ${pgr.version}, throwaway embedded PostgreSQL cluster, same edge table. pgr_dijkstra is sampled (${pgr.p2p?.sampled} calls) because each call reads the whole edge table.`,
    '',
  ];
  return lines.join('\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
