/**
 * The live-demo simulator: an HTTP client of the GridOps API (logged in as the `simulator` dispatcher), so it can
 * do nothing a person could not. Each tick it
 * 1. reads GET /api/simulator (paused → nothing; speed turns the real time since the last tick into simulated time),
 * 2. creates faults (POST /api/work-orders, source `simulation`) following the historical model (model.ts: time of
 *    day, month, storm surge) at places drawn from the order history,
 * 3. asks for a proposal every `proposalEveryS` simulated s and applies its assignments of simulated and
 *    historical orders (POST /api/dispatch/proposals, /apply with faultIds): customer reports and orders taken
 *    by phone are left to the human dispatchers,
 * 4. drives each busy crew: assigned → en route with the road route (GET /api/route) reported with positions
 *    (POST /api/crews/:id/position) at the road travel time, → on site on arrival, → resolved after the kind's
 *    service time (SERVICE_SECONDS), then after `followUpDelayS` the follow-up call with a satisfaction score and
 *    → closed.
 * 5. puts crews on and off shift by their shift times (a crew still busy finishes its work first).
 * The real clock is injected (`now`), so tests drive ticks with a fake clock. Routing answering 503 while the road
 * network builds makes the crew wait (retried next tick); no error ends the loop.
 */
import { mulberry32, type Rng } from '../../geo/random.ts';
import type { Logger } from '../log.ts';
import type { Crew } from '../services/crews.ts';
import { SERVICE_SECONDS, currentShift } from '../services/dispatch.ts';
import type { WorkOrder } from '../services/work-orders.ts';
import { SLA_MINUTES } from '../services/work-orders.ts';
import { ApiClient, ApiError } from './api-client.ts';
import { drawFault, drawFollowUp, faultsPerHour, poisson } from './model.ts';
import type { SimulatorState } from './state.ts';

/** Options of a simulator. */
export interface SimulatorOptions {
  /** the server, e.g. `http://127.0.0.1:8080` */
  baseUrl: string;
  username: string;
  password: string;
  log: Logger;
  /** real clock, ms since the epoch (default Date.now; tests pass a fake clock) */
  now?: () => number;
  /** seed of the random draws (default 1) */
  seed?: number;
  /** customer accounts the fault rate is scaled to (default 1,000,000) */
  accounts?: number;
  /** real ms between ticks when started with `start()` (default 1000) */
  tickMs?: number;
  /** simulated seconds between proposals (default 300) */
  proposalEveryS?: number;
  /** simulated seconds from resolved to the follow-up call (default 30 min) */
  followUpDelayS?: number;
  /** least real ms between two position reports of a moving crew (default 2000; each one is an SSE event) */
  positionEveryMs?: number;
}

/** What one tick did (for tests and logs). */
export interface TickReport {
  running: boolean;
  simSeconds: number;
  created: number;
  applied: number;
  moved: number;
  transitions: number;
  waiting: number;
  /** crews put on or off shift */
  shiftChanges: number;
}

/** Longest simulated step of one tick, seconds (a stalled process does not teleport crews hours ahead). */
const MAX_STEP_S = 1800;
const EARTH_R = 6_371_008.8;

interface Drive {
  kind: 'drive';
  coords: [number, number][];
  /** cumulative metres along `coords` */
  cum: number[];
  durationS: number;
  elapsedS: number;
}
interface Service {
  kind: 'service';
  leftS: number;
}

function haversineM(a: [number, number], b: [number, number]): number {
  const r = Math.PI / 180;
  const dLat = (b[1] - a[1]) * r;
  const dLng = (b[0] - a[0]) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * r) * Math.cos(b[1] * r) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_R * Math.asin(Math.min(1, Math.sqrt(h)));
}

function bearingDeg(a: [number, number], b: [number, number]): number {
  const r = Math.PI / 180;
  const y = Math.sin((b[0] - a[0]) * r) * Math.cos(b[1] * r);
  const x = Math.cos(a[1] * r) * Math.sin(b[1] * r) - Math.sin(a[1] * r) * Math.cos(b[1] * r) * Math.cos((b[0] - a[0]) * r);
  return Math.round(((Math.atan2(y, x) / r + 360) % 360) * 10) / 10;
}

/** Position and heading at `fraction` (0..1) of the way along a drive. O(log n). */
export function along(d: Pick<Drive, 'coords' | 'cum'>, fraction: number): { at: [number, number]; headingDeg: number } {
  const total = d.cum[d.cum.length - 1];
  const target = Math.max(0, Math.min(1, fraction)) * total;
  let lo = 0;
  let hi = d.cum.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (d.cum[mid] <= target) lo = mid;
    else hi = mid;
  }
  const a = d.coords[lo];
  const b = d.coords[Math.min(hi, d.coords.length - 1)];
  const seg = d.cum[hi] - d.cum[lo];
  const t = seg > 0 ? (target - d.cum[lo]) / seg : 0;
  const at: [number, number] = [Math.round((a[0] + (b[0] - a[0]) * t) * 1e6) / 1e6, Math.round((a[1] + (b[1] - a[1]) * t) * 1e6) / 1e6];
  return { at, headingDeg: bearingDeg(a, b) };
}

function drive(coords: [number, number][], durationS: number): Drive {
  const cum = [0];
  for (let i = 1; i < coords.length; i++) cum.push(cum[i - 1] + haversineM(coords[i - 1], coords[i]));
  return { kind: 'drive', coords, cum, durationS: Math.max(1, durationS), elapsedS: 0 };
}

/** The simulator. `tick()` runs one step; `start()` ticks every `tickMs` until `stop()`. */
export class Simulator {
  private readonly api: ApiClient;
  private readonly opts: Required<Omit<SimulatorOptions, 'baseUrl' | 'username' | 'password' | 'log'>> & { log: Logger };
  private readonly rng: Rng;
  private lastTick: number | undefined;
  private sinceProposalS = Infinity;
  private places: [number, number][] | undefined;
  /** work order id → what its crew is doing */
  private readonly work = new Map<number, Drive | Service>();
  /** resolved work order id → simulated seconds until the follow-up call */
  private readonly followUps = new Map<number, number>();
  /** crew id → real time of its last position report, ms */
  private readonly reported = new Map<number, number>();
  private stopped = true;
  private loop: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  private lastWarning = '';

  constructor(opts: SimulatorOptions) {
    this.api = new ApiClient(opts.baseUrl, opts.username, opts.password);
    this.opts = {
      log: opts.log,
      now: opts.now ?? Date.now,
      seed: opts.seed ?? 1,
      accounts: opts.accounts ?? 1_000_000,
      tickMs: opts.tickMs ?? 1000,
      proposalEveryS: opts.proposalEveryS ?? 300,
      followUpDelayS: opts.followUpDelayS ?? 1800,
      positionEveryMs: opts.positionEveryMs ?? 2000,
    };
    this.rng = mulberry32(this.opts.seed);
  }

  /** Starts ticking (never throws; errors are logged and the next tick retries). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.loop = (async () => {
      while (!this.stopped) {
        try {
          await this.tick();
        } catch (err) {
          this.warn(`simulator: tick failed: ${(err as Error).message}`);
        }
        if (this.stopped) break;
        await new Promise<void>((resolve) => {
          this.wake = resolve;
          this.timer = setTimeout(resolve, this.opts.tickMs);
          this.timer.unref();
        });
      }
    })();
  }

  /** Stops ticking; resolves once the current tick has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.wake?.();
    await this.loop;
  }

  private warn(message: string): void {
    // the same warning every second (e.g. routing 503 during the network build) is logged once
    if (message === this.lastWarning) return;
    this.lastWarning = message;
    this.opts.log.warn(message);
  }

  /** One step (see the file comment). @throws ApiError when the server refuses the state read (e.g. down). */
  async tick(): Promise<TickReport> {
    const now = this.opts.now();
    const state = await this.api.call<SimulatorState>('GET', '/api/simulator');
    const realDtS = this.lastTick === undefined ? 0 : Math.max(0, (now - this.lastTick) / 1000);
    this.lastTick = now;
    const report: TickReport = { running: state.running, simSeconds: 0, created: 0, applied: 0, moved: 0, transitions: 0, waiting: 0, shiftChanges: 0 };
    if (!state.running) return report;
    const dt = Math.min(MAX_STEP_S, realDtS * state.speed);
    report.simSeconds = dt;

    report.created = await this.arrivals(Date.parse(state.simTime), dt, state.stormUntil !== null);

    const orders = (await this.api.call<{ items: WorkOrder[] }>('GET', '/api/work-orders?state=received,assigned,en_route,on_site,resolved,follow_up&limit=5000')).items;
    this.sinceProposalS += dt;
    const mine = new Set(orders.filter((o) => o.state === 'received' && (o.source === 'simulation' || o.source === 'history')).map((o) => o.faultId));
    if (this.sinceProposalS >= this.opts.proposalEveryS && mine.size > 0) {
      report.applied = await this.dispatch(mine);
      if (report.applied >= 0) this.sinceProposalS = 0;
    }
    const fresh = report.applied > 0 ? (await this.api.call<{ items: WorkOrder[] }>('GET', '/api/work-orders?state=assigned,en_route,on_site,resolved,follow_up&limit=5000')).items : orders;
    const crews = new Map((await this.api.call<{ items: Crew[] }>('GET', '/api/crews')).items.map((c) => [c.id, c]));
    await this.shifts(crews, report);
    await this.driveCrews(fresh, crews, dt, state.speed, report);
    await this.followUp(fresh, dt, report);
    return report;
  }

  /** Places faults happen: the order history's locations (most recent 2000), else around the crews. */
  private async placesToUse(): Promise<[number, number][]> {
    if (this.places && this.places.length > 0) return this.places;
    const history = (await this.api.call<{ items: WorkOrder[] }>('GET', '/api/work-orders?state=all&limit=2000')).items;
    let pts = history.map((o) => [o.lng, o.lat] as [number, number]);
    if (pts.length < 10) pts = (await this.api.call<{ items: Crew[] }>('GET', '/api/crews')).items.map((c) => [c.lng, c.lat] as [number, number]);
    this.places = pts;
    return pts;
  }

  private async arrivals(simMs: number, dt: number, storm: boolean): Promise<number> {
    const n = poisson(this.rng, (faultsPerHour(simMs, this.opts.accounts, storm) * dt) / 3600);
    if (n === 0) return 0;
    const places = await this.placesToUse();
    if (places.length === 0) return 0;
    let created = 0;
    for (let i = 0; i < n; i++) {
      const p = places[Math.floor(this.rng() * places.length)];
      // ~±150 m around a past fault
      const at: [number, number] = [p[0] + (this.rng() - 0.5) * 0.003, p[1] + (this.rng() - 0.5) * 0.003];
      const { kind, priority } = drawFault(this.rng, storm);
      try {
        await this.api.call('POST', '/api/work-orders', { lng: at[0], lat: at[1], kind, priority, source: 'simulation', description: storm ? '模拟：暴风雨' : '模拟' });
        created++;
      } catch (err) {
        this.warn(`simulator: could not create a fault: ${(err as Error).message}`);
      }
    }
    return created;
  }

  /**
   * Asks for a proposal and applies its assignments of the faults in `faultIds`; resolves to the orders
   * assigned, or -1 when routing is not ready or the proposal went stale.
   */
  private async dispatch(faultIds: Set<number>): Promise<number> {
    try {
      const p = await this.api.call<{ proposalId: number; assignments: { faultId: number }[] }>('POST', '/api/dispatch/proposals', { geometry: false });
      const chosen = p.assignments.filter((a) => faultIds.has(a.faultId)).map((a) => a.faultId);
      if (chosen.length === 0) return 0;
      const r = await this.api.call<{ applied: unknown[] }>('POST', '/api/dispatch/apply', { proposalId: p.proposalId, faultIds: chosen });
      return r.applied.length;
    } catch (err) {
      if (err instanceof ApiError && (err.status === 503 || err.status === 409)) {
        this.warn(`simulator: dispatch waits: ${err.message}`);
        return -1;
      }
      throw err;
    }
  }

  /** A move through the API; false when refused (someone else moved the order meanwhile). */
  private async move(o: WorkOrder, body: Record<string, unknown>): Promise<boolean> {
    try {
      await this.api.call('POST', `/api/work-orders/${o.id}/transitions`, body);
      return true;
    } catch (err) {
      if (err instanceof ApiError && (err.status === 409 || err.status === 404)) return false;
      throw err;
    }
  }

  /** The road route from a crew to an order; null while routing is unavailable (503). */
  private async route(from: [number, number], o: WorkOrder): Promise<Drive | null> {
    try {
      const r = await this.api.call<{ duration: number; geometry: { coordinates: [number, number][] } }>('GET', `/api/route?from=${from[0]},${from[1]}&to=${o.lng},${o.lat}`);
      const coords = r.geometry.coordinates.length >= 2 ? r.geometry.coordinates : [from, [o.lng, o.lat] as [number, number]];
      return drive(coords, r.duration);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.status === 503) {
        this.warn(`simulator: crews wait for routing: ${err.message}`);
        return null;
      }
      // off the network or no route: straight line at 25 km/h with a road factor
      const coords: [number, number][] = [from, [o.lng, o.lat]];
      return drive(coords, (haversineM(from, [o.lng, o.lat]) * 1.35) / (25 / 3.6));
    }
  }

  private async driveCrews(orders: WorkOrder[], crews: Map<number, Crew>, dt: number, speed: number, report: TickReport): Promise<void> {
    const byCrew = new Map<number, WorkOrder[]>();
    for (const o of orders) {
      if (o.crewId === null || !['assigned', 'en_route', 'on_site'].includes(o.state)) continue;
      byCrew.set(o.crewId, [...(byCrew.get(o.crewId) ?? []), o]);
    }
    const rank = (s: string): number => (s === 'on_site' ? 0 : s === 'en_route' ? 1 : 2);
    for (const [crewId, list] of byCrew) {
      const crew = crews.get(crewId);
      if (!crew || crew.status === 'off_shift') continue;
      list.sort((a, b) => rank(a.state) - rank(b.state) || (a.assignedAt ?? '').localeCompare(b.assignedAt ?? '') || a.id - b.id);
      const o = list[0];
      let w = this.work.get(o.id);
      if (o.state === 'assigned') {
        const d = await this.route([crew.lng, crew.lat], o);
        if (!d) {
          report.waiting++;
          continue;
        }
        if (!(await this.move(o, { to: 'en_route' }))) continue;
        report.transitions++;
        this.work.set(o.id, d);
        await this.api.call('POST', `/api/crews/${crewId}/position`, {
          lng: crew.lng,
          lat: crew.lat,
          route: { coordinates: d.coords, etaAt: new Date(this.opts.now() + (d.durationS / speed) * 1000).toISOString() },
        });
        continue;
      }
      if (o.state === 'en_route') {
        if (!w || w.kind !== 'drive') {
          const d = await this.route([crew.lng, crew.lat], o);
          if (!d) {
            report.waiting++;
            continue;
          }
          w = d;
          this.work.set(o.id, d);
        }
        w.elapsedS += dt;
        if (w.elapsedS >= w.durationS) {
          if (await this.move(o, { to: 'on_site' })) {
            report.transitions++;
            this.work.set(o.id, { kind: 'service', leftS: (SERVICE_SECONDS[o.kind] ?? 3600) * (0.6 + 0.8 * this.rng()) });
          }
          continue;
        }
        const now = this.opts.now();
        if (now - (this.reported.get(crewId) ?? -Infinity) < this.opts.positionEveryMs) continue;
        this.reported.set(crewId, now);
        const { at, headingDeg } = along(w, w.elapsedS / w.durationS);
        await this.api.call('POST', `/api/crews/${crewId}/position`, { lng: at[0], lat: at[1], headingDeg, status: 'en_route' });
        report.moved++;
        continue;
      }
      // on site
      if (!w || w.kind !== 'service') {
        w = { kind: 'service', leftS: (SERVICE_SECONDS[o.kind] ?? 3600) * (0.6 + 0.8 * this.rng()) };
        this.work.set(o.id, w);
      }
      w.leftS -= dt;
      if (w.leftS <= 0 && (await this.move(o, { to: 'resolved' }))) {
        report.transitions++;
        this.work.delete(o.id);
      }
    }
  }

  /** Crews whose shift began report available; free crews whose shift ended go off shift. */
  private async shifts(crews: Map<number, Crew>, report: TickReport): Promise<void> {
    const nowS = Math.floor(this.opts.now() / 1000);
    for (const c of crews.values()) {
      const on = currentShift(c.shiftStart, c.shiftEnd, nowS) !== null;
      let status: Crew['status'] | undefined;
      if (on && c.status === 'off_shift') status = 'available';
      else if (!on && c.status === 'available' && c.workOrderId === null) status = 'off_shift';
      if (!status) continue;
      const updated = await this.api.call<Crew>('POST', `/api/crews/${c.id}/position`, { lng: c.lng, lat: c.lat, status });
      crews.set(c.id, updated);
      report.shiftChanges++;
    }
  }

  private async followUp(orders: WorkOrder[], dt: number, report: TickReport): Promise<void> {
    for (const o of orders) {
      if (o.state === 'follow_up') {
        if (await this.move(o, { to: 'closed' })) report.transitions++;
        continue;
      }
      if (o.state !== 'resolved') continue;
      const left = (this.followUps.get(o.id) ?? this.opts.followUpDelayS) - dt;
      if (left > 0) {
        this.followUps.set(o.id, left);
        continue;
      }
      this.followUps.delete(o.id);
      const sla = SLA_MINUTES[String(o.priority) as keyof typeof SLA_MINUTES] * 60_000;
      const responseMs = o.onSiteAt ? Date.parse(o.onSiteAt) - Date.parse(o.receivedAt) : sla * 2;
      const { satisfaction, complaint } = drawFollowUp(this.rng, responseMs / sla);
      if (await this.move(o, { to: 'follow_up', satisfaction, complaint })) {
        report.transitions++;
        if (await this.move({ ...o, state: 'follow_up' }, { to: 'closed' })) report.transitions++;
      }
    }
  }
}
