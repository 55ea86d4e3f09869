/**
 * The public fault-report API (no login, like the 95598 app): report a fault, follow a ticket, and match an
 * address against known places.
 */
import type { Place, ReportInput, ReportReceipt, TicketStatus } from '../../../contracts/reports.ts';
import { requestDetailed } from './dispatch.ts';

export type { Place, ReportInput, ReportReceipt, TicketStatus } from '../../../contracts/reports.ts';

/** Description length the server accepts. */
export const DESCRIPTION_MIN = 5;
export const DESCRIPTION_MAX = 500;

/** Sends a report. @throws DetailedApiError: 400/422 with `fields` naming the field, 429 rate limited */
export function submitReport(input: ReportInput): Promise<ReportReceipt> {
  return requestDetailed<ReportReceipt>('/api/reports', { method: 'POST', body: input });
}

/** The status of a ticket. @throws DetailedApiError (404 unknown ticket) */
export function fetchTicket(ticket: string, signal?: AbortSignal): Promise<TicketStatus> {
  return requestDetailed<TicketStatus>(`/api/reports/${encodeURIComponent(ticket)}`, { signal });
}

/** Known places matching `q` (an address, a street, a landmark). @throws DetailedApiError */
export async function searchPlaces(q: string, signal?: AbortSignal): Promise<Place[]> {
  return (await requestDetailed<{ items: Place[] }>(`/api/places?q=${encodeURIComponent(q)}`, { signal })).items;
}
