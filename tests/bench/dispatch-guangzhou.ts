// The Guangzhou dispatch case on the demo data with real road travel times: 200 open faults drawn
// from the demo generator's fault history (locations, kinds, priorities), the 80 demo crews (depots,
// skills, day/night shifts; 20 of the day crews busy with a job under way), and a travel-time matrix
// from geo/routing on the demo road network. Seeded: the same case every run for a routing file.
// Modelled the way server/services/dispatch.ts builds its problem: a job's skill is its fault kind,
// a crew's skills are the kinds it can take (KIND_SKILLS), time on site is SERVICE_SECONDS per kind,
// pairs the road network cannot connect cost UNREACHABLE.
import { mulberry32, randomInt } from '../../geo/random.ts';
import type { DispatchCrew, DispatchJob, DispatchProblem, Priority } from '../../geo/dispatch/model.ts';
import type { LngLat, Router } from '../../geo/routing/index.ts';
import { JITTER_M, maxCellRun, nextCut, planDataset, planFaults } from '../../seed/generate/dataset.ts';
import { allocChunk, emitCustomers } from '../../seed/generate/customers.ts';
import { FAULT_KINDS } from '../../seed/generate/faults.ts';
import { KM_PER_DEG_LAT, KM_PER_DEG_LNG } from '../../seed/generate/projection.ts';
import { loadSources } from '../../seed/sources.ts';
import { KIND_SKILLS, SERVICE_SECONDS } from '../../server/services/dispatch.ts';

/** Same as server/services/dispatch.ts (not exported there): cost of a pair the road network cannot connect. */
const UNREACHABLE = 10_000_000;
const PRIORITY_NAMES: Priority[] = ['P1', 'P2', 'P3', 'P4'];

/** The kinds a crew with `skills` can take; copy of `capabilities` in server/services/dispatch.ts (not exported). */
function capabilities(skills: readonly string[]): string[] {
  return Object.keys(KIND_SKILLS).filter((k) => KIND_SKILLS[k].some((s) => skills.includes(s)));
}

export interface RoadCaseReport {
  customers: number;
  historyFaults: number;
  points: number;
  /** points farther than the snap limit from any road (their rows and columns are unreachable) */
  snapFailures: number;
  /** ordered pairs (i ≠ j) without a road path, snap failures included */
  unreachablePairs: number;
  crewsOnShift: number;
  crewsUnderWay: number;
  generateMs: number;
  matrixMs: number;
}

/**
 * The case: `faults` open faults and the demo's 80 crews; plan clock = seconds of the local day, now 09:30.
 * Matrix points: faults 0..F−1, then one depot per crew, then the positions of the crews under way.
 */
export function guangzhouRoadCase(router: Router, opts: { seed?: number; faults?: number; customers?: number; underWay?: number } = {}): { problem: DispatchProblem; coords: LngLat[]; report: RoadCaseReport } {
  const seed = opts.seed ?? 1;
  const faultCount = opts.faults ?? 200;
  const customers = opts.customers ?? 1_000_000;
  const underWay = opts.underWay ?? 20;
  const t0 = performance.now();
  // the demo dataset without a database (seed/generate/dataset.ts generateCellWeights, faults kept)
  const p = planDataset(loadSources(), { seed, customers });
  const nCells = p.cells.cells.length;
  const loadKw = new Float64Array(nCells);
  const chunk = allocChunk(Math.max(1, maxCellRun(p.plan.firstId, 200_000)));
  for (let from = 0; from < nCells; ) {
    const to = nextCut(p.plan.firstId, from, 200_000);
    emitCustomers(p.plan, p.cellLngLat, from, to, JITTER_M, chunk);
    for (let i = 0; i < chunk.n; i++) loadKw[chunk.cell[i]] += chunk.loadKw[i];
    from = to;
  }
  const history = planFaults(p, loadKw);
  const generateMs = performance.now() - t0;

  const rng = mulberry32(seed ^ 0xd15a7c);
  const coords: LngLat[] = [];
  const now = 9.5 * 3600;
  const jobs: DispatchJob[] = [];
  // faults: a seeded sample of the history's (not cancelled) faults, each at its cell centre ± JITTER_M
  const picked = new Set<number>();
  while (jobs.length < faultCount) {
    const j = randomInt(rng, history.n);
    if (picked.has(j) || history.status[j] === 3) continue;
    picked.add(j);
    const c = history.cell[j];
    const r = (JITTER_M / 1000) * Math.sqrt(rng());
    const a = 2 * Math.PI * rng();
    coords.push([p.cellLngLat[2 * c] + (r * Math.cos(a)) / KM_PER_DEG_LNG, p.cellLngLat[2 * c + 1] + (r * Math.sin(a)) / KM_PER_DEG_LAT]);
    const kind = FAULT_KINDS[history.kind[j]];
    const priority = PRIORITY_NAMES[history.priority[j] - 1];
    // open for a while: P1 up to 30 min, P2 up to 90 min, others up to 4 h (as the synthetic case)
    const age = priority === 'P1' ? 30 * 60 * rng() : priority === 'P2' ? 90 * 60 * rng() : 4 * 3600 * rng();
    jobs.push({
      id: `F${String(jobs.length + 1).padStart(3, '0')}`,
      location: jobs.length,
      serviceSeconds: SERVICE_SECONDS[kind] ?? 3600,
      priority,
      reportedAt: Math.round(now - age),
      skills: [kind],
    });
  }
  // crews: depots as generated; shifts in plan-clock seconds (night 20:00–08:00 ends tomorrow)
  for (const c of p.crews) coords.push([c.depot[0], c.depot[1]]);
  const dayCrews = p.crews.map((c, k) => ({ c, k })).filter(({ c }) => c.shiftStartMin <= now / 60 && now / 60 < c.shiftEndMin);
  const busy = new Set<number>();
  while (busy.size < Math.min(underWay, dayCrews.length)) busy.add(dayCrews[randomInt(rng, dayCrews.length)].k);
  const busyPos = new Map<number, number>();
  for (const k of [...busy].sort((a, b) => a - b)) {
    // on a job 0.5–2.5 km from the depot
    const r = 0.5 + 2 * rng();
    const a = 2 * Math.PI * rng();
    const d = p.crews[k].depot;
    busyPos.set(k, coords.length);
    coords.push([d[0] + (r * Math.cos(a)) / KM_PER_DEG_LNG, d[1] + (r * Math.sin(a)) / KM_PER_DEG_LAT]);
  }
  const crews: DispatchCrew[] = p.crews.map((c, k) => {
    const depot = faultCount + k;
    const end = c.shiftEndMin > c.shiftStartMin ? c.shiftEndMin : c.shiftEndMin + 24 * 60;
    const crew: DispatchCrew = {
      id: c.code,
      start: busyPos.get(k) ?? depot,
      end: depot,
      shift: [c.shiftStartMin * 60, end * 60],
      skills: capabilities(c.skills),
    };
    const at = busyPos.get(k);
    if (at !== undefined) crew.current = { jobId: `W${c.code}`, location: at, busyUntil: now + 600 + randomInt(rng, 3000) };
    return crew;
  });

  // road travel times: snap every point (failures stay unreachable), one matrix call over the rest
  const t1 = performance.now();
  const n = coords.length;
  const ok: number[] = [];
  for (let i = 0; i < n; i++) {
    try {
      router.snap(coords[i][0], coords[i][1]);
      ok.push(i);
    } catch {
      // too far from a road: its row and column stay UNREACHABLE
    }
  }
  const pts = ok.map((i) => coords[i]);
  const m = router.matrix(pts, pts);
  const durations = new Int32Array(n * n).fill(UNREACHABLE);
  const distances = new Int32Array(n * n).fill(UNREACHABLE);
  for (let i = 0; i < n; i++) {
    durations[i * n + i] = 0;
    distances[i * n + i] = 0;
  }
  ok.forEach((i, a) => {
    ok.forEach((j, b) => {
      const d = m.durations[a][b];
      const l = m.distances[a][b];
      if (i === j || d === null || l === null) return;
      durations[i * n + j] = Math.round(d);
      distances[i * n + j] = Math.round(l);
    });
  });
  let unreachablePairs = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j && durations[i * n + j] >= UNREACHABLE) unreachablePairs++;
  const matrixMs = performance.now() - t1;
  return {
    problem: { now, jobs, crews, matrix: { size: n, durations, distances } },
    coords,
    report: {
      customers,
      historyFaults: history.n,
      points: n,
      snapFailures: n - ok.length,
      unreachablePairs,
      crewsOnShift: dayCrews.length,
      crewsUnderWay: busy.size,
      generateMs: Math.round(generateMs),
      matrixMs: Math.round(matrixMs),
    },
  };
}
