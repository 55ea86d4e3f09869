/**
 * Customer fault reports (like the 95598 app), public: a report becomes a fault (source `report`) with a
 * received work order and a ticket, in one transaction; the ticket page shows the state and its history
 * (never the phone number or who handled it). Submissions are rate-limited per client IP, counted in
 * PostgreSQL so the limit holds across server processes.
 */
import type { Request } from 'express';
import type { ReportInput, ReportReceipt, TicketStatus } from '../../contracts/reports.ts';
import { withTransaction } from '../db/pool.ts';
import type { AppDeps } from '../deps.ts';
import { NotFoundError, TooManyRequestsError, UnprocessableError } from '../errors.ts';
import * as places from '../repositories/places.ts';
import * as repo from '../repositories/reports.ts';
import { Changes, insertOrder, publishChanges } from './work-orders.ts';

export type { ReportInput, ReportReceipt, TicketStatus };

/** Kind and priority guessed from the customer's words (first match wins; default: outage, P2). */
const KEYWORDS: { words: RegExp; kind: string; priority: number }[] = [
  { words: /冒烟|着火|起火|爆炸|smoke|fire|spark/i, kind: 'transformer', priority: 1 },
  { words: /断线|电线.*(断|掉|落)|倒杆|电杆|wire|pole/i, kind: 'line_damage', priority: 1 },
  { words: /变压器|transformer/i, kind: 'transformer', priority: 2 },
  { words: /电压低|电压不稳|灯.*暗|闪|voltage|flicker|dim/i, kind: 'low_voltage', priority: 3 },
  { words: /电表|电能表|表计|meter/i, kind: 'meter', priority: 4 },
];

/** The kind and priority of a report from its description. */
export function classifyReport(description: string): { kind: string; priority: number } {
  return KEYWORDS.find((k) => k.words.test(description)) ?? { kind: 'outage', priority: 2 };
}

/**
 * Files a customer report: rate limit (per IP, `config.reportLimit` per `config.reportWindowSeconds`), location
 * (lng/lat, or the best place matching `address`), service area check, then fault + work order + transition +
 * ticket in one transaction, grouped into an incident, publishing `work_order.created`.
 * @throws TooManyRequestsError (429 with Retry-After); UnprocessableError naming `lng`/`lat` outside the
 * service area or `address` when no place matches.
 */
export async function fileReport(deps: AppDeps, req: Request, input: ReportInput): Promise<ReportReceipt> {
  const ip = req.ip ?? 'unknown';
  const { count, retryAfterSeconds } = await repo.countAttempts(deps.pool, ip, deps.config.reportWindowSeconds);
  if (count >= deps.config.reportLimit) throw new TooManyRequestsError('Too many reports from this address; please try again later or call 95598', retryAfterSeconds);
  await repo.recordAttempt(deps.pool, ip);

  let lng = input.lng;
  let lat = input.lat;
  if (lng === undefined || lat === undefined) {
    const [place] = await places.searchPlaces(deps.pool, input.address!.trim(), 1);
    if (!place) {
      const msg = `no known place matches "${input.address}"; pick the location on the map`;
      throw new UnprocessableError(`address: ${msg}`, 'unknown_address', undefined, { address: msg });
    }
    lng = place.lng;
    lat = place.lat;
  }
  if (!(await places.inServiceArea(deps.pool, lng, lat))) {
    const msg = `${lng},${lat} is outside the service area`;
    throw new UnprocessableError(`The location is outside the service area`, 'outside_service_area', undefined, { lng: msg, lat: msg });
  }
  const { kind, priority } = classifyReport(input.description);
  return withTransaction(deps.pool, async (client) => {
    const ch = new Changes();
    const { workOrderId } = await insertOrder(deps, client, null, { lng: lng!, lat: lat!, kind, priority, description: input.description, source: 'report' }, ch);
    const ticket = await repo.insertReport(client, { workOrderId, phone: input.phone, address: input.address ?? null, ip });
    const orders = await publishChanges(deps, client, ch);
    return { ticket, workOrderId, receivedAt: orders.get(workOrderId)!.receivedAt };
  });
}

/** The public status of a ticket. @throws NotFoundError for an unknown ticket. */
export async function ticketStatus(deps: AppDeps, ticket: string): Promise<TicketStatus> {
  const r = await repo.reportStatus(deps.pool, ticket);
  if (!r) throw new NotFoundError(`No report ${ticket}`);
  const history = r.history.map((h) => ({ state: h.state, at: h.at.toISOString() }));
  return { ticket: r.ticket, state: r.state, receivedAt: r.receivedAt.toISOString(), updatedAt: history.at(-1)?.at ?? r.receivedAt.toISOString(), history };
}
