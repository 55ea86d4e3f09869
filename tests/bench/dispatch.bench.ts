// Dispatch optimizer benchmark: Solomon VRPTW instances against best-known distances, and the
// Guangzhou case (200 open faults, the 80 demo crews, real road travel times on the demo road network)
// against a nearest-available-crew greedy baseline; the older synthetic-matrix case runs too (cheap).
//   npm run bench:dispatch -- [--dir DIR] [--solutions DIR] [--time MS] [--seed N] [--objective distance|vehicles]
//                             [--routing FILE] [--only solomon|guangzhou]
// DIR defaults to ../shared/bench/solomon (developer-only data; skipped with a note when absent).
// The routing file: --routing FILE, else the newest <GRIDOPS_DATA_DIR or .data>/routing/*.bin (the
// server's cache), else built from the demo road network into that folder (minutes; see dispatch-roads.ts).
// Writes bench-results/dispatch.json and bench-results/dispatch.md.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseSolomon, vrptwCore, vrptwDistance } from '../../geo/dispatch/solomon.ts';
import { solveCore } from '../../geo/dispatch/solve.ts';
import { checkDispatchRoutes, checkVrptw } from '../../geo/dispatch/check.ts';
import { planDispatch } from '../../geo/dispatch/plan.ts';
import { greedyDispatch } from '../../geo/dispatch/greedy.ts';
import type { DispatchPlan, DispatchProblem } from '../../geo/dispatch/model.ts';
import { guangzhouLikeCase } from './dispatch-synthetic.ts';
import { guangzhouRoadCase } from './dispatch-guangzhou.ts';
import { loadOrBuildRouter } from './dispatch-roads.ts';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const loadAtStart = loadavg()[0];
const dir = arg('dir', '../shared/bench/solomon');
const solutionsDir = arg('solutions', '');
const timeMs = Number(arg('time', '2000'));
const seed = Number(arg('seed', '1'));
const objective = arg('objective', 'distance');
if (objective !== 'distance' && objective !== 'vehicles') throw new Error(`--objective must be distance or vehicles, got ${objective}`);
const routingArg = arg('routing', '');
const only = arg('only', '');
if (only !== '' && only !== 'solomon' && only !== 'guangzhou') throw new Error(`--only must be solomon or guangzhou, got ${only}`);

/** instance → [vehicles, distance] from a best-known CSV (instance,vehicles,distance,...). */
function readBks(file: string): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/).slice(1)) {
    const p = line.split(',');
    if (p.length >= 3 && p[0]) out.set(p[0].trim().toUpperCase(), [Number(p[1]), Number(p[2])]);
  }
  return out;
}

interface SolomonRow {
  instance: string;
  customers: number;
  vehicles: number;
  distance: number;
  bksDistanceVehicles: number | null;
  bksDistance: number | null;
  gapPercent: number | null;
  bksVehicles: number | null;
  bksVehiclesDistance: number | null;
  /** Gap to the vehicles-first best-known distance (meaningful when vehicles match it). */
  gapVehiclesFirstPercent: number | null;
  seconds: number;
  iterations: number;
  valid: boolean;
  reason?: string;
  vehiclesWithinBksPlusOne: boolean | null;
}

const solomon: SolomonRow[] = [];
let solomonNote = '';
if (only === 'guangzhou') {
  solomonNote = 'Solomon part skipped (--only guangzhou).';
} else if (!existsSync(dir)) {
  solomonNote = `Solomon directory ${dir} not found: Solomon part skipped (the instances live in the developers' shared folder).`;
  console.warn(solomonNote);
} else {
  const bksDist = readBks(join(dir, 'solomon_bks_min_distance.csv'));
  const bksVeh = readBks(join(dir, 'solomon_bks.csv'));
  // every file that parses as a Solomon instance (c101.txt, C1_2_1.TXT, R101, ...); not the CSVs
  const files = readdirSync(dir)
    .filter((f) => !/\.(csv|md|json)$/i.test(f) && statSync(join(dir, f)).isFile())
    .sort();
  if (solutionsDir) mkdirSync(solutionsDir, { recursive: true });
  for (const f of files) {
    const text = readFileSync(join(dir, f), 'utf8');
    let inst;
    try {
      inst = parseSolomon(text, f.replace(/\.[^.]*$/, ''));
    } catch {
      continue; // not an instance (e.g. a README)
    }
    const name = f.replace(/\.[^.]*$/, '');
    const core = vrptwCore(inst, objective === 'vehicles' ? 1e7 : 0);
    const t0 = performance.now();
    // 150 ms of the budget stay unused: on a loaded machine the scheduler can stall us that long
    const res = solveCore(core, { seed, timeLimitMs: timeMs - 150, routeMinShare: objective === 'vehicles' ? 0.4 : 0 });
    const seconds = (performance.now() - t0) / 1000;
    const routes = res.solution.routes().filter((r) => r.length > 0).map((r) => r.map((j) => j + 1));
    const check = checkVrptw(inst, routes);
    const distance = vrptwDistance(inst, routes);
    const bd = bksDist.get(name.toUpperCase()) ?? bksDist.get(inst.name.toUpperCase());
    const bv = bksVeh.get(name.toUpperCase()) ?? bksVeh.get(inst.name.toUpperCase());
    const row: SolomonRow = {
      instance: name,
      customers: inst.x.length - 1,
      vehicles: routes.length,
      distance: Math.round(distance * 100) / 100,
      bksDistanceVehicles: bd ? bd[0] : null,
      bksDistance: bd ? bd[1] : null,
      gapPercent: bd ? Math.round((distance / bd[1] - 1) * 10000) / 100 : null,
      bksVehicles: bv ? bv[0] : null,
      bksVehiclesDistance: bv ? bv[1] : null,
      gapVehiclesFirstPercent: bv ? Math.round((distance / bv[1] - 1) * 10000) / 100 : null,
      seconds: Math.round(seconds * 100) / 100,
      iterations: res.stats.iterations,
      valid: check.valid,
      vehiclesWithinBksPlusOne: bd ? routes.length <= bd[0] + 1 : null,
    };
    if (!check.valid) row.reason = check.reason;
    solomon.push(row);
    console.log(JSON.stringify(row));
    if (solutionsDir) writeFileSync(join(solutionsDir, `${name}.txt`), routes.map((r) => r.join(' ')).join('\n') + '\n');
  }
}

// Guangzhou cases: greedy baseline and optimizer on the same problem
const routesOf = (problem: DispatchProblem, plan: DispatchPlan) =>
  plan.routes.map((r) => ({ crewId: r.crewId, jobIds: r.stops.filter((s) => !s.underWay).map((s) => s.jobId) }));
function runCase(problem: DispatchProblem) {
  let t0 = performance.now();
  const greedy = greedyDispatch(problem);
  const greedySeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  // budget for the search; compiling and explaining the plan come on top, inside the 2 s target
  const optimized = planDispatch(problem, { seed, timeLimitMs: Math.max(100, timeMs - 500) });
  const optSeconds = (performance.now() - t0) / 1000;
  const rows = [
    { method: 'nearest-available-crew greedy', plan: greedy, seconds: greedySeconds },
    { method: 'optimizer (regret + SISR + local search)', plan: optimized, seconds: optSeconds },
  ].map(({ method, plan, seconds }) => ({
    method,
    seconds: Math.round(seconds * 100) / 100,
    served: plan.summary.served,
    unserved: plan.summary.unserved,
    p1OnTime: plan.summary.p1OnTime,
    p1Total: plan.summary.p1Total,
    p1OnTimeRate: plan.summary.p1Total > 0 ? Math.round((plan.summary.p1OnTime / plan.summary.p1Total) * 1000) / 1000 : null,
    weightedResponseMinutes: Math.round((plan.summary.weightedResponseSeconds / 60) * 10) / 10,
    travelKm: Math.round(plan.summary.travelMeters / 100) / 10,
    valid: checkDispatchRoutes(problem, routesOf(problem, plan)).valid,
  }));
  for (const r of rows) console.log(JSON.stringify(r));
  // upper bound on P1 on time: P1s that some crew with the skills could reach in time if sent straight there
  const n = problem.matrix.size;
  let p1Reachable = 0;
  for (const j of problem.jobs) {
    if (j.priority !== 'P1') continue;
    const due = j.reportedAt + 45 * 60;
    const ok = problem.crews.some((c) => {
      if (!(j.skills ?? []).every((s) => (c.skills ?? []).includes(s))) return false;
      const from = c.current ? c.current.location : c.start;
      const ready = Math.max(problem.now, c.shift[0], c.current ? c.current.busyUntil : -Infinity);
      return ready + problem.matrix.durations[from * n + j.location] <= due;
    });
    if (ok) p1Reachable++;
  }
  return { rows, p1ReachableOnTimeBound: p1Reachable };
}

let roadCase: (ReturnType<typeof runCase> & { note: string; routing: string; report: ReturnType<typeof guangzhouRoadCase>['report']; loadAverage: number }) | undefined;
let syntheticCase: (ReturnType<typeof runCase> & { note: string }) | undefined;
if (only !== 'solomon') {
  const src = await loadOrBuildRouter(routingArg, seed);
  console.log(`routing: ${src.how}`);
  const { problem, report } = guangzhouRoadCase(src.router, { seed });
  console.log(JSON.stringify(report));
  const loadNow = loadavg()[0];
  roadCase = {
    note: `${problem.jobs.length} open faults sampled (seeded) from the demo generator's fault history of ${report.historyFaults} faults (${report.customers.toLocaleString('en')} customers, seed ${seed}): location (cell centre ± 50 m), kind, priority; time on site per kind as the server (SERVICE_SECONDS); reported up to 30 min (P1), 90 min (P2), 4 h (P3/P4) before now = 09:30. The ${problem.crews.length} demo crews with their depots, skills and shifts (${report.crewsOnShift} on the day shift 08:00–20:00, the others on nights from 20:00), ${report.crewsUnderWay} day crews busy with a job under way 0.5–2.5 km from their depot; skills → fault kinds as server/services/dispatch.ts. Travel times and distances: geo/routing matrix (free flow) on the demo road network over ${report.points} points, ${report.snapFailures} too far from a road (unreachable), ${report.unreachablePairs} unreachable ordered pairs; matrix in ${report.matrixMs} ms, demo data generated in ${report.generateMs} ms`,
    routing: src.how,
    report,
    loadAverage: Math.round(loadNow * 10) / 10,
    ...runCase(problem),
  };
  syntheticCase = {
    note: '200 faults, 80 crews (20 with a job under way), 10 depots; synthetic travel-time matrix (road = 1.35 × straight line, 20 km/h core / 35 km/h outside)',
    ...runCase(guangzhouLikeCase().problem),
  };
}

const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}; load average ${loadAtStart.toFixed(1)} at start (a shared machine: timings are noisy, and runs end on the time budget, so results vary between runs)`;
const withGap = solomon.filter((r) => r.gapPercent !== null);
const gaps = withGap.map((r) => r.gapPercent as number).sort((a, b) => a - b);
const summary = {
  instances: solomon.length,
  meanGapPercent: gaps.length ? Math.round((gaps.reduce((a, b) => a + b, 0) / gaps.length) * 100) / 100 : null,
  medianGapPercent: gaps.length ? gaps[Math.floor((gaps.length - 1) / 2)] : null,
  maxSeconds: solomon.length ? Math.max(...solomon.map((r) => r.seconds)) : null,
  allValid: solomon.every((r) => r.valid),
  allVehiclesWithinBksPlusOne: withGap.every((r) => r.vehiclesWithinBksPlusOne),
};
const result = {
  date: new Date().toISOString(),
  machine,
  settings: { dir, timeMs, seed, objective, routing: routingArg || undefined, only: only || undefined },
  solomon: { rows: solomon, summary, note: solomonNote || undefined },
  guangzhou: roadCase ?? { note: 'skipped (--only solomon)' },
  guangzhouSynthetic: syntheticCase ?? { note: 'skipped (--only solomon)' },
};
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/dispatch.json', JSON.stringify(result, null, 2) + '\n');
const md: string[] = [
  '# Dispatch benchmark',
  '',
  `${result.date} · ${machine}`,
  '',
  `## Solomon VRPTW (objective: ${objective}; ${timeMs} ms per instance, seed ${seed})`,
  '',
];
if (solomonNote) md.push(solomonNote, '');
else {
  md.push('| instance | n | vehicles | distance | best-known (distance-only) | gap % | best-known (vehicles-first) | gap % | seconds | valid |', '|---|---|---|---|---|---|---|---|---|---|');
  for (const r of solomon) {
    md.push(`| ${r.instance} | ${r.customers} | ${r.vehicles} | ${r.distance.toFixed(2)} | ${r.bksDistance ?? '–'} (${r.bksDistanceVehicles ?? '–'} veh) | ${r.gapPercent ?? '–'} | ${r.bksVehiclesDistance ?? '–'} (${r.bksVehicles ?? '–'} veh) | ${r.gapVehiclesFirstPercent ?? '–'} | ${r.seconds} | ${r.valid ? 'yes' : `NO: ${r.reason}`} |`);
  }
  md.push('', `Mean gap ${summary.meanGapPercent ?? 'n/a'} %, median ${summary.medianGapPercent ?? 'n/a'} %, slowest ${summary.maxSeconds} s, all valid: ${summary.allValid}, vehicles ≤ best-known-distance solution's + 1 everywhere: ${summary.allVehiclesWithinBksPlusOne}.`, '');
}
const caseTable = (c: { rows: ReturnType<typeof runCase>['rows']; p1ReachableOnTimeBound: number }) => {
  md.push('| method | seconds | served | P1 on time | weighted response (min) | travel (km) | valid |', '|---|---|---|---|---|---|---|');
  for (const r of c.rows) md.push(`| ${r.method} | ${r.seconds} | ${r.served}/${r.served + r.unserved} | ${r.p1OnTime}/${r.p1Total} | ${r.weightedResponseMinutes} | ${r.travelKm} | ${r.valid ? 'yes' : 'NO'} |`);
  md.push('', `P1 faults some skilled crew could reach within 45 min if sent straight there (upper bound on P1 on time): ${c.p1ReachableOnTimeBound}.`);
};
md.push('## Guangzhou case: demo data, real road travel times', '');
if (!roadCase || !syntheticCase) md.push('Skipped (--only solomon).', '');
else {
  md.push(roadCase.note + '.', '', `Routing file: ${roadCase.routing}. Load average ${roadCase.loadAverage} when the case started.`, '');
  caseTable(roadCase);
  md.push('', '## Guangzhou-like case: synthetic travel-time matrix', '', syntheticCase.note + '.', '');
  caseTable(syntheticCase);
}
md.push('', 'Weighted response: mean of (service start − report time) with weights P1 8, P2 4, P3 2, P4 1, over served faults. Optimizer budget: the time limit minus 500 ms for the search, compiling and explaining the plan on top.', '');
writeFileSync('bench-results/dispatch.md', md.join('\n'));
console.log(md.join('\n'));
