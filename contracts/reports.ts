/**
 * The one definition of the JSON the public fault-report API speaks (POST /api/reports, GET /api/reports/:ticket,
 * GET /api/places), shared by the server and the client. Types only; times are ISO strings.
 */

/** POST /api/reports body: lng and lat together, or an address. */
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

/** A known place (GET /api/places items). */
export interface Place {
  name: string;
  kind: 'station' | 'district' | 'substation';
  lng: number;
  lat: number;
}
