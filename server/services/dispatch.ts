/**
 * Dispatch: proposals from the optimizer (geo/dispatch) over the open faults and the crews on shift, with road
 * travel times from the routing service; applying a proposal or a dispatcher's manual assignment in one
 * transaction; reassignment.
 *
 * Decisions:
 * - A crew is *booked* while it has an open work order (assigned, en route, on site). `crews.status` is not
 *   changed by assigning: it stays `available` until the crew reports en route (work-order lifecycle).
 * - A proposal remembers each crew's open orders; applying it requires them unchanged (else 409: the crew was
 *   booked since). A manual assignment or a reassignment requires the crew to be free. One request may give a
 *   crew several orders (its route, in the order listed); the same order twice in a request is a 409.
 * - Fault kind → skills that can take it (any one): outage line|cable, low_voltage line|transformer, meter meter,
 *   line_damage line, transformer transformer. The optimizer sees this as one capability per kind.
 * - Shifts are local (China Standard Time, UTC+8); `shift_start = shift_end` means round the clock.
 */
import { checkDispatchRoutes, planDispatch } from '../../geo/dispatch/index.ts';
import type { DispatchCrew, DispatchJob, Priority } from '../../geo/dispatch/index.ts';
import { GeoError } from '../../geo/errors.ts';
import type { LngLat, Router } from '../../geo/routing/index.ts';
import type { ApplyAnswer, Proposal, ProposalAssignment } from '../../contracts/dispatch.ts';
import type { SessionUser } from '../auth/types.ts';
import { withTransaction } from '../db/pool.ts';
import type { AppDeps } from '../deps.ts';
import { ConflictError, NotFoundError, UnavailableError, UnprocessableError } from '../errors.ts';
import { insertAudit } from '../repositories/audit.ts';
import * as repo from '../repositories/dispatch.ts';
import { Changes, KIND_SKILLS, publishChanges, pullIncident } from './work-orders.ts';

/** Skills any one of which lets a crew take a fault of the kind (defined with the work-order lifecycle). */
export { KIND_SKILLS };

/** Expected time on site per fault kind, seconds (the seed's repair medians). */
export const SERVICE_SECONDS: Record<string, number> = { outage: 80 * 60, low_voltage: 60 * 60, meter: 35 * 60, line_damage: 150 * 60, transformer: 200 * 60 };

/** How long a proposal can be applied, seconds. */
export const PROPOSAL_TTL_SECONDS = 15 * 60;
/** Optimizer budget per proposal, ms. */
export const PLAN_TIME_MS = 1500;
/** Most open faults planned at once (most urgent first). */
export const MAX_FAULTS = 400;
/** Duration/distance used for a pair the road network cannot connect: beyond any shift. */
const UNREACHABLE = 10_000_000;
const TZ_OFFSET_S = 8 * 3600;

const PRIORITY_NAMES: Priority[] = ['P1', 'P2', 'P3', 'P4'];

/** The kinds a crew with `skills` can take (the optimizer's capability names). */
function capabilities(skills: readonly string[]): string[] {
  return Object.keys(KIND_SKILLS).filter((k) => KIND_SKILLS[k].some((s) => skills.includes(s)));
}

function hmsToSeconds(t: string): number {
  const [h, m, s] = t.split(':').map(Number);
  return h * 3600 + m * 60 + Math.floor(s || 0);
}

/**
 * The current shift of a crew as unix seconds [start, end], or null when it is not on shift at `nowS`.
 * A shift whose end is before its start crosses midnight. O(1).
 */
export function currentShift(shiftStart: string, shiftEnd: string, nowS: number): [number, number] | null {
  const a = hmsToSeconds(shiftStart);
  const b = hmsToSeconds(shiftEnd);
  const local = nowS + TZ_OFFSET_S;
  const midnight = nowS - (((local % 86400) + 86400) % 86400);
  const tod = nowS - midnight;
  if (a === b) return [nowS, nowS + 86400];
  if (a < b) return tod >= a && tod < b ? [midnight + a, midnight + b] : null;
  if (tod >= a) return [midnight + a, midnight + 86400 + b];
  if (tod < b) return [midnight - 86400 + a, midnight + b];
  return null;
}

export type { ApplyAnswer, Proposal, ProposalAssignment };

/** What a proposal row's payload holds. */
interface StoredProposal {
  answer: Omit<Proposal, 'proposalId' | 'createdAt' | 'expiresAt'>;
  /** crew id → its open work orders when the proposal was made */
  crewOrders: Record<string, number[]>;
}

/** Snaps each point; resolves to the indices that lie on the road network. */
function snappable(router: { snap(lng: number, lat: number): unknown }, pts: readonly LngLat[]): boolean[] {
  return pts.map((p) => {
    try {
      router.snap(p[0], p[1]);
      return true;
    } catch (err) {
      if (err instanceof GeoError) return false;
      throw err;
    }
  });
}

/**
 * The road geometry through `points` (leg by leg, fastest route departing at `depart`), coordinates rounded to
 * 1e-6°; null when a leg has no route or a point is off the network. O(legs · CH query).
 */
function routeGeometry(router: Router, points: readonly LngLat[], depart: Date): { type: 'LineString'; coordinates: LngLat[] } | null {
  const coordinates: LngLat[] = [];
  try {
    for (let i = 0; i + 1 < points.length; i++) {
      const leg = router.route(points[i], points[i + 1], { depart }).geometry;
      for (let k = coordinates.length > 0 ? 1 : 0; k < leg.length; k++) coordinates.push([Math.round(leg[k][0] * 1e6) / 1e6, Math.round(leg[k][1] * 1e6) / 1e6]);
    }
  } catch (err) {
    if (err instanceof GeoError) return null;
    throw err;
  }
  return coordinates.length >= 2 ? { type: 'LineString', coordinates } : null;
}

/**
 * Plans the open faults (received work orders) onto the crews on shift with road travel times, stores the
 * proposal (valid PROPOSAL_TTL_SECONDS) and returns it. Crews with open orders keep them: their last open order
 * is the frozen job under way, busy until the chained travel + service times of those orders.
 * @throws UnavailableError (503) while the road network is not ready (no straight-line fallback).
 * O(matrix (F + 3C)² + PLAN_TIME_MS).
 */
export async function createProposal(deps: AppDeps, user: SessionUser, opts: { geometry?: boolean } = {}): Promise<Proposal> {
  if (!deps.roads) throw new UnavailableError('Dispatch needs road travel times, but this server has no road network.');
  const { router } = deps.roads.require();
  const nowMs = Date.now();
  const nowS = Math.floor(nowMs / 1000);
  const [faults, allCrews] = await Promise.all([repo.openFaults(deps.pool, MAX_FAULTS), repo.activeCrews(deps.pool)]);
  const onShift = allCrews.map((c) => ({ c, shift: currentShift(c.shiftStart, c.shiftEnd, nowS) })).filter((x) => x.shift !== null);
  const orders = await repo.openOrdersOfCrews(deps.pool, onShift.map((x) => x.c.id));

  // matrix points: crew positions, depots, open orders' faults, open faults
  const pts: LngLat[] = [];
  const add = (p: LngLat): number => pts.push(p) - 1;
  const crewStart = onShift.map((x) => add(x.c.position));
  const crewEnd = onShift.map((x) => add(x.c.depot));
  const orderLoc = orders.map((o) => add([o.lng, o.lat]));
  const faultLoc = faults.map((f) => add([f.lng, f.lat]));
  const ok = snappable(router, pts);
  const idx = new Int32Array(pts.length).fill(-1);
  const good: LngLat[] = [];
  pts.forEach((p, i) => {
    if (ok[i]) idx[i] = good.push(p) - 1;
  });
  const n = good.length;
  const durations = new Int32Array(n * n);
  const distances = new Int32Array(n * n);
  if (n > 0) {
    const m = router.matrix(good, good, { depart: new Date(nowMs) });
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const d = m.durations[i][j];
        const l = m.distances[i][j];
        durations[i * n + j] = i === j ? 0 : d === null ? UNREACHABLE : Math.round(d);
        distances[i * n + j] = i === j ? 0 : l === null ? UNREACHABLE : Math.round(l);
      }
    }
  }
  const dur = (a: number, b: number): number => durations[a * n + b];

  // plan clock: seconds since the earlier of two days before now and the oldest open fault (small, non-negative times)
  const t0 = Math.min(nowS - 2 * 86400, ...faults.map((f) => Math.floor(f.reportedAt.getTime() / 1000)));
  const iso = (t: number): string => new Date((t0 + t) * 1000).toISOString();
  const crews: DispatchCrew[] = [];
  const crewOrders: Record<string, number[]> = {};
  const codeOf = new Map<number, string>();
  onShift.forEach(({ c, shift }, k) => {
    codeOf.set(c.id, c.code);
    const start = idx[crewStart[k]];
    if (start < 0) return; // a crew off the road network cannot be routed
    const mine = orders.map((o, i) => ({ o, i })).filter((x) => x.o.crewId === c.id);
    crewOrders[String(c.id)] = mine.map((x) => x.o.workOrderId);
    const crew: DispatchCrew = {
      id: String(c.id),
      start,
      end: idx[crewEnd[k]] >= 0 ? idx[crewEnd[k]] : null,
      shift: [Math.max(0, shift![0] - t0), shift![1] - t0],
      skills: capabilities(c.skills),
    };
    if (mine.length > 0) {
      // chain the open orders: travel (unless on site already) + service, from the crew's position
      let loc = start;
      let t = nowS - t0;
      for (const { o, i } of mine) {
        const l = idx[orderLoc[i]] >= 0 ? idx[orderLoc[i]] : loc;
        if (o.state !== 'on_site') t += dur(loc, l);
        t += SERVICE_SECONDS[o.kind] ?? 3600;
        loc = l;
      }
      crew.current = { jobId: `wo:${mine[mine.length - 1].o.workOrderId}`, location: loc, busyUntil: t };
      // a crew still busy at its shift end gets nothing more; keep the window valid for the model
      if (crew.shift[1] < t) crew.shift[1] = t;
    }
    crews.push(crew);
  });
  const jobs: DispatchJob[] = [];
  const offRoad: Proposal['unassigned'] = [];
  faults.forEach((f, k) => {
    const loc = idx[faultLoc[k]];
    const priority = PRIORITY_NAMES[f.priority - 1];
    if (loc < 0) {
      offRoad.push({ faultId: f.faultId, workOrderId: f.workOrderId, priority, reason: 'off_road', detail: 'the fault is too far from any road of the network' });
      return;
    }
    jobs.push({
      id: `wo:${f.workOrderId}`,
      location: loc,
      serviceSeconds: SERVICE_SECONDS[f.kind] ?? 3600,
      priority,
      reportedAt: Math.floor(f.reportedAt.getTime() / 1000) - t0,
      skills: [f.kind],
    });
  });

  const t1 = performance.now();
  const plan =
    jobs.length > 0 && crews.length > 0
      ? planDispatch({ now: nowS - t0, jobs, crews, matrix: { size: n, durations, distances } }, { timeLimitMs: PLAN_TIME_MS, seed: 1 })
      : undefined;
  const planMs = Math.round(performance.now() - t1);
  const byWo = new Map(faults.map((f) => [`wo:${f.workOrderId}`, f]));
  const posOf = new Map(onShift.map(({ c }) => [c.id, c.position]));
  const placeOf = new Map<string, LngLat>();
  for (const x of [...faults, ...orders]) placeOf.set(`wo:${x.workOrderId}`, [x.lng, x.lat]);
  const woId = (jobId: string): number => Number(jobId.slice(3));
  const rel = (t: number): number => t + t0 - nowS;
  const answer: StoredProposal['answer'] = {
    assignments: (plan?.assignments ?? []).map((a) => ({
      faultId: byWo.get(a.jobId)!.faultId,
      workOrderId: woId(a.jobId),
      crewId: Number(a.crewId),
      crewCode: codeOf.get(Number(a.crewId)) ?? a.crewId,
      priority: a.priority,
      eta: iso(a.eta),
      etaSeconds: rel(a.eta),
      responseSeconds: a.responseSeconds,
      onTime: a.onTime,
      explanation: {
        alternatives: a.explanation.alternatives.map((x) => ({ crewId: Number(x.crewId), eta: iso(x.eta), etaSeconds: rel(x.eta) })),
        betterEtaNotChosen: a.explanation.betterEtaNotChosen.map((x) => ({ crewId: Number(x.crewId), eta: iso(x.eta), etaSeconds: rel(x.eta), reason: x.reason })),
      },
    })),
    unassigned: [
      ...(plan?.unassigned ?? []).map((u) => ({ faultId: byWo.get(u.jobId)!.faultId, workOrderId: woId(u.jobId), priority: u.priority, reason: u.reason, detail: u.detail })),
      ...offRoad,
      ...(plan ? [] : jobs.map((j) => ({ faultId: byWo.get(j.id)!.faultId, workOrderId: woId(j.id), priority: j.priority, reason: 'outside_shift', detail: 'no crew is on shift' }))),
    ],
    routes: (plan?.routes ?? [])
      .filter((r) => r.stops.some((s) => !s.underWay))
      .map((r) => ({
        crewId: Number(r.crewId),
        crewCode: codeOf.get(Number(r.crewId)) ?? r.crewId,
        stops: r.stops.map((s) => ({ workOrderId: woId(s.jobId), faultId: byWo.get(s.jobId)?.faultId ?? null, arrival: iso(s.arrival), start: iso(s.start), end: iso(s.end), underWay: s.underWay })),
        travelSeconds: r.travelSeconds,
        travelMeters: r.travelMeters,
        geometry: opts.geometry === false ? null : routeGeometry(router, [posOf.get(Number(r.crewId))!, ...r.stops.map((st) => placeOf.get(st.jobId)!)], new Date(nowMs)),
      })),
    summary: {
      ...(plan?.summary ?? { served: 0, unserved: jobs.length, p1Total: 0, p1OnTime: 0, weightedResponseSeconds: 0, travelMeters: 0 }),
      unserved: (plan?.summary.unserved ?? jobs.length) + offRoad.length,
      faults: faults.length,
      crews: crews.length,
      planMs,
    },
  };
  const stored: StoredProposal = { answer, crewOrders };
  const row = await repo.insertProposal(deps.pool, user.id, stored, PROPOSAL_TTL_SECONDS);
  await insertAudit(deps.pool, { userId: user.id, action: 'dispatch.propose', entity: 'dispatch_proposal', entityId: row.id, details: { assignments: answer.assignments.length, unassigned: answer.unassigned.length } });
  return { proposalId: row.id, createdAt: row.createdAt.toISOString(), expiresAt: row.expiresAt.toISOString(), ...answer };
}

/** POST /api/dispatch/apply input (validated by the route). */
export type ApplyInput = { proposalId: number; faultIds?: number[]; reason?: string } | { assignments: { workOrderId: number; crewId: number }[]; reason?: string };

/** Skill check of `items` against the locked orders and crews with the geo checker (times are not checked here). */
function checkSkills(items: readonly { workOrderId: number; crewId: number }[], wos: Map<number, repo.LockedWorkOrder>, crews: Map<number, repo.LockedCrew>, field: (i: number) => string): void {
  const routes = new Map<number, string[]>();
  for (const it of items) routes.set(it.crewId, [...(routes.get(it.crewId) ?? []), `wo:${it.workOrderId}`]);
  const res = checkDispatchRoutes(
    {
      now: 0,
      jobs: items.map((it) => ({ id: `wo:${it.workOrderId}`, location: 0, serviceSeconds: 0, skills: [wos.get(it.workOrderId)!.kind] })),
      crews: [...routes.keys()].map((id) => ({ id: String(id), start: 0, end: null, shift: [0, Number.MAX_SAFE_INTEGER] as [number, number], skills: capabilities(crews.get(id)!.skills) })),
      matrix: { size: 1, durations: new Int32Array(1) },
    },
    [...routes].map(([crewId, jobIds]) => ({ crewId: String(crewId), jobIds })),
  );
  if (res.valid) return;
  if (res.kind === 'skill') {
    const i = items.findIndex((it) => res.reason?.endsWith(`for job wo:${it.workOrderId}`) && res.reason.includes(`crew ${it.crewId} `));
    const it = items[Math.max(0, i)];
    const wo = wos.get(it.workOrderId)!;
    const crew = crews.get(it.crewId)!;
    const msg = `crew ${crew.code} (skills ${crew.skills.join(', ') || 'none'}) cannot take a ${wo.kind} fault (needs one of ${KIND_SKILLS[wo.kind]?.join(', ')})`;
    throw new UnprocessableError(msg, 'missing_skill', { workOrderId: it.workOrderId, crewId: it.crewId }, { [field(Math.max(0, i))]: msg });
  }
  throw new ConflictError(res.reason ?? 'invalid assignment');
}

/**
 * Applies a proposal (all of it, or the assignments of `faultIds`) or a manual list of assignments, in one
 * transaction: locks the crews then the work orders (id order), checks each order is still `received`, each
 * crew is not booked since (see the file comment), skills; then assigns, records transitions and the audit
 * entry, and publishes `dispatch.applied`.
 * @throws NotFoundError unknown proposal/order/crew; ConflictError expired proposal, order not received,
 * crew booked, order twice; UnprocessableError `missing_skill`.
 */
export async function applyDispatch(deps: AppDeps, user: SessionUser, input: ApplyInput): Promise<ApplyAnswer> {
  let items: { workOrderId: number; crewId: number }[];
  let proposalId: number | null = null;
  let snapshot: Record<string, number[]> | undefined;
  let field: (i: number) => string;
  if ('proposalId' in input) {
    const p = await repo.getProposal(deps.pool, input.proposalId);
    if (!p) throw new NotFoundError(`No dispatch proposal ${input.proposalId}`);
    if (p.expired) throw new ConflictError(`Proposal ${p.id} has expired; ask for a new one`, { proposalId: p.id });
    const stored = p.payload as StoredProposal;
    proposalId = p.id;
    snapshot = stored.crewOrders;
    let chosen = stored.answer.assignments;
    if (input.faultIds) {
      const want = new Set(input.faultIds);
      const missing = input.faultIds.filter((f) => !chosen.some((a) => a.faultId === f));
      if (missing.length > 0) throw new NotFoundError(`Proposal ${p.id} assigns no crew to fault ${missing.join(', ')}`);
      chosen = chosen.filter((a) => want.has(a.faultId));
    }
    items = chosen.map((a) => ({ workOrderId: a.workOrderId, crewId: a.crewId }));
    field = () => 'proposalId';
  } else {
    items = input.assignments;
    field = (i) => `assignments.${i}.crewId`;
  }
  const seen = new Map<number, number>();
  for (const it of items) {
    const other = seen.get(it.workOrderId);
    if (other !== undefined) throw new ConflictError(`Work order ${it.workOrderId} is assigned twice in this request (crews ${other} and ${it.crewId})`, { workOrderId: it.workOrderId, crewIds: [other, it.crewId] });
    seen.set(it.workOrderId, it.crewId);
  }
  const reason = proposalId !== null ? `proposal ${proposalId}` : `manual${input.reason ? `: ${input.reason}` : ''}`;

  return withTransaction(deps.pool, async (client) => {
    const crewIds = [...new Set(items.map((i) => i.crewId))];
    const crews = new Map((await repo.lockCrews(client, crewIds)).map((c) => [c.id, c]));
    for (const id of crewIds) if (!crews.has(id)) throw new NotFoundError(`No crew ${id}`);
    const wos = new Map((await repo.lockWorkOrders(client, items.map((i) => i.workOrderId))).map((w) => [w.id, w]));
    for (const it of items) {
      const wo = wos.get(it.workOrderId);
      if (!wo) throw new NotFoundError(`No work order ${it.workOrderId}`);
      if (wo.state !== 'received') {
        throw new ConflictError(`Work order ${wo.id} is ${wo.state}${wo.crewId ? ` (crew ${wo.crewId})` : ''}, no longer waiting for a crew`, { workOrderId: wo.id, state: wo.state, crewId: wo.crewId });
      }
    }
    for (const c of crews.values()) if (c.status === 'off_shift') throw new ConflictError(`Crew ${c.code} is off shift`, { crewId: c.id });
    const open = await repo.openOrdersOfCrews(client, crewIds);
    for (const id of crewIds) {
      const now = open.filter((o) => o.crewId === id).map((o) => o.workOrderId);
      const before = snapshot ? (snapshot[String(id)] ?? []) : [];
      const extra = now.filter((w) => !before.includes(w));
      if (extra.length > 0) {
        const o = open.find((x) => x.workOrderId === extra[0])!;
        throw new ConflictError(`Crew ${crews.get(id)!.code} is already booked: work order ${o.workOrderId} (${o.state})${proposalId !== null ? ` was given to it after proposal ${proposalId}` : ''}`, {
          crewId: id,
          workOrderId: o.workOrderId,
        });
      }
    }
    checkSkills(items, wos, crews, field);
    const applied: ApplyAnswer['applied'] = [];
    const ch = new Changes();
    for (const it of items) {
      const wo = wos.get(it.workOrderId)!;
      await repo.assignWorkOrder(client, { workOrderId: wo.id, faultId: wo.faultId, crewId: it.crewId, fromState: wo.state, userId: user.id, reason });
      applied.push({ workOrderId: wo.id, faultId: wo.faultId, crewId: it.crewId });
      ch.orders.add(wo.id);
      ch.crews.add(it.crewId);
      // the other orders of its incident go with the same crew
      const incidentId = await repo.incidentOf(client, wo.id);
      if (incidentId !== null) await pullIncident(deps, client, incidentId, 'assigned', it.crewId, user, `incident ${incidentId}: with work order ${wo.id}`, ch);
    }
    await insertAudit(client, {
      userId: user.id,
      action: 'dispatch.apply',
      entity: proposalId !== null ? 'dispatch_proposal' : 'work_order',
      entityId: proposalId ?? (applied.length === 1 ? applied[0].workOrderId : null),
      details: { followedProposal: proposalId !== null, proposalId, assignments: applied, reason },
    });
    const eventId = await deps.hub.publish('dispatch.applied', { proposalId, byUserId: user.id, assignments: applied }, client);
    await publishChanges(deps, client, ch);
    return { applied, proposalId, eventId };
  });
}

/**
 * Gives an `assigned` work order to another crew, with a reason: same locks and checks as apply (the new crew
 * must be free and skilled). Records an assigned → assigned transition, the audit entry, `dispatch.reassigned`.
 * @throws NotFoundError, ConflictError (order not `assigned`, same crew, crew booked or off shift), UnprocessableError.
 */
export async function reassignWorkOrder(deps: AppDeps, user: SessionUser, input: { workOrderId: number; crewId: number; reason: string }): Promise<ApplyAnswer> {
  return withTransaction(deps.pool, async (client) => {
    const pre = await repo.workOrderCrew(client, input.workOrderId);
    if (pre === undefined) throw new NotFoundError(`No work order ${input.workOrderId}`);
    const crewIds = [...new Set([input.crewId, ...(pre !== null ? [pre] : [])])];
    const crews = new Map((await repo.lockCrews(client, crewIds)).map((c) => [c.id, c]));
    const crew = crews.get(input.crewId);
    if (!crew) throw new NotFoundError(`No crew ${input.crewId}`);
    const [wo] = await repo.lockWorkOrders(client, [input.workOrderId]);
    // its crew changed between the unlocked read and the lock: the old crew is not locked, let the caller retry
    if (wo.crewId !== pre) throw new ConflictError(`Work order ${wo.id} changed meanwhile (now with crew ${wo.crewId ?? 'none'}); try again`, { workOrderId: wo.id, crewId: wo.crewId });
    if (wo.state !== 'assigned') throw new ConflictError(`Work order ${wo.id} is ${wo.state}; only an assigned order can be reassigned`, { workOrderId: wo.id, state: wo.state });
    if (wo.crewId === crew.id) throw new ConflictError(`Work order ${wo.id} is already with crew ${crew.code}`, { workOrderId: wo.id, crewId: crew.id });
    if (crew.status === 'off_shift') throw new ConflictError(`Crew ${crew.code} is off shift`, { crewId: crew.id });
    const open = await repo.openOrdersOfCrews(client, [crew.id]);
    if (open.length > 0) throw new ConflictError(`Crew ${crew.code} is already booked: work order ${open[0].workOrderId} (${open[0].state})`, { crewId: crew.id, workOrderId: open[0].workOrderId });
    checkSkills([{ workOrderId: wo.id, crewId: crew.id }], new Map([[wo.id, wo]]), crews, () => 'crewId');
    const reason = `reassigned from crew ${wo.crewId ?? '-'}: ${input.reason}`;
    await repo.assignWorkOrder(client, { workOrderId: wo.id, faultId: wo.faultId, crewId: crew.id, fromState: wo.state, userId: user.id, reason });
    const applied = [{ workOrderId: wo.id, faultId: wo.faultId, crewId: crew.id }];
    const ch = new Changes();
    ch.orders.add(wo.id);
    ch.crews.add(crew.id);
    if (wo.crewId !== null) ch.crews.add(wo.crewId);
    await insertAudit(client, {
      userId: user.id,
      action: 'dispatch.reassign',
      entity: 'work_order',
      entityId: wo.id,
      details: { followedProposal: false, fromCrewId: wo.crewId, toCrewId: crew.id, reason: input.reason },
    });
    const eventId = await deps.hub.publish('dispatch.reassigned', { byUserId: user.id, fromCrewId: wo.crewId, assignments: applied, reason: input.reason }, client);
    await publishChanges(deps, client, ch);
    return { applied, proposalId: null, eventId };
  });
}
