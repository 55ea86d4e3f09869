/**
 * The public fault-report API (no login, like the 95598 app): report a fault, follow a ticket, and match an
 * address against known places.
 */
import { requestDetailed } from './dispatch.ts';

export interface ReportInput {
  lng?: number;
  lat?: number;
  address?: string;
  phone: string;
  description: string;
}

/** POST /api/reports answer. */
export interface ReportReceipt {
  ticket: string;
  workOrderId: number;
  receivedAt: string;
}

/** GET /api/reports/:ticket answer. */
export interface TicketStatus {
  ticket: string;
  state: string;
  receivedAt: string;
  updatedAt: string;
  history: { state: string; at: string }[];
}

export interface Place {
  name: string;
  kind: string;
  lng: number;
  lat: number;
}

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
