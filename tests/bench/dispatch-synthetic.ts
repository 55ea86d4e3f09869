// A Guangzhou-like dispatch case for the benchmark: 200 open faults and 80 crews over the central
// districts, with a synthetic travel-time matrix (road distance = 1.35 × straight line, 20 km/h in
// the core and 35 km/h outside, a minute to park, ±10 % noise, closed under shortest paths).
// Real road times from geo/routing replace the matrix later. Seeded: the same case every run.
import { mulberry32, randomInt, gaussian } from '../../geo/random.ts';
import type { DispatchCrew, DispatchJob, DispatchProblem, Priority } from '../../geo/dispatch/model.ts';

const CENTER = [113.32, 23.13]; // Tianhe / Yuexiu
const KM_PER_DEG_LNG = 102.3;
const KM_PER_DEG_LAT = 111.0;

/** The case: `faults` faults, `crews` crews, 10 depots; plan clock in seconds of the day, now 09:30. */
export function guangzhouLikeCase(seed = 2026, faults = 200, crews = 80): { problem: DispatchProblem; coords: [number, number][] } {
  const rng = mulberry32(seed);
  const depots = 10;
  const coords: [number, number][] = [];
  const point = (spreadKm: number): [number, number] => {
    const dx = gaussian(rng) * spreadKm;
    const dy = gaussian(rng) * spreadKm;
    return [CENTER[0] + dx / KM_PER_DEG_LNG, CENTER[1] + dy / KM_PER_DEG_LAT];
  };
  for (let i = 0; i < faults; i++) coords.push(point(rng() < 0.6 ? 4 : 10));
  for (let i = 0; i < depots; i++) coords.push(point(8));
  for (let i = 0; i < crews; i++) coords.push(point(9));
  const n = coords.length;
  const km = (a: number, b: number): number =>
    Math.hypot((coords[a][0] - coords[b][0]) * KM_PER_DEG_LNG, (coords[a][1] - coords[b][1]) * KM_PER_DEG_LAT);
  const fromCenter = (a: number): number =>
    Math.hypot((coords[a][0] - CENTER[0]) * KM_PER_DEG_LNG, (coords[a][1] - CENTER[1]) * KM_PER_DEG_LAT);
  const durations = new Int32Array(n * n);
  const distances = new Int32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      const road = km(i, j) * 1.35;
      const core = fromCenter(i) < 6 && fromCenter(j) < 6;
      const speed = core ? 20 : 35; // km/h
      const noise = 1 + (rng() - 0.5) * 0.2;
      durations[i * n + j] = Math.round(((road / speed) * 3600 + 60) * noise);
      distances[i * n + j] = Math.round(road * 1000 * noise);
    }
  }
  // shortest-path closure so the matrix behaves like a road network's (triangle inequality)
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      const ik = durations[i * n + k];
      const dik = distances[i * n + k];
      for (let j = 0; j < n; j++) {
        if (ik + durations[k * n + j] < durations[i * n + j]) durations[i * n + j] = ik + durations[k * n + j];
        if (dik + distances[k * n + j] < distances[i * n + j]) distances[i * n + j] = dik + distances[k * n + j];
      }
    }
  }
  const now = 9.5 * 3600;
  const jobs: DispatchJob[] = [];
  for (let i = 0; i < faults; i++) {
    const u = rng();
    const priority: Priority = u < 0.08 ? 'P1' : u < 0.3 ? 'P2' : u < 0.75 ? 'P3' : 'P4';
    const age = priority === 'P1' ? 30 * 60 * rng() : priority === 'P2' ? 90 * 60 * rng() : 4 * 3600 * rng();
    const s = rng();
    const skills = s < 0.15 ? ['hv'] : s < 0.25 ? ['cable'] : s < 0.55 ? ['meter'] : [];
    const job: DispatchJob = {
      id: `F${String(i + 1).padStart(3, '0')}`,
      location: i,
      serviceSeconds: priority === 'P1' ? 1800 + randomInt(rng, 1800) : 1200 + randomInt(rng, 4200),
      priority,
      reportedAt: Math.round(now - age),
      skills,
      demand: skills[0] === 'meter' ? 1 : 0,
    };
    if (priority === 'P4' && rng() < 0.4) {
      const from = (13 + randomInt(rng, 4)) * 3600; // an afternoon appointment, 2 h wide
      job.timeWindow = [from, from + 7200];
    }
    jobs.push(job);
  }
  const crewList: DispatchCrew[] = [];
  for (let v = 0; v < crews; v++) {
    const depot = faults + (v % depots);
    const late = v % 4 === 3;
    const skills = ['lv'];
    if (rng() < 0.3) skills.push('hv');
    if (rng() < 0.3) skills.push('cable');
    if (rng() < 0.6) skills.push('meter');
    const crew: DispatchCrew = {
      id: `C${String(v + 1).padStart(2, '0')}`,
      start: faults + depots + v,
      end: depot,
      shift: late ? [12 * 3600, 22 * 3600] : [8 * 3600, 18 * 3600],
      skills,
      capacity: 6,
    };
    if (!late && rng() < 0.2) {
      crew.current = { jobId: `W${v + 1}`, location: faults + depots + v, busyUntil: now + 600 + randomInt(rng, 3000) };
    }
    crewList.push(crew);
  }
  return { problem: { now, jobs, crews: crewList, matrix: { size: n, durations, distances } }, coords };
}
