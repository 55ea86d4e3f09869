/** SLA countdowns: how long an order may still wait for its crew, and the colour that tells how urgent it is. */
import { WAITING_STATES, type WorkOrder } from '../../api/work-orders.ts';

/** `ok` plenty of time, `amber` the last third of the target, `red` overdue, `none` the crew is on site or later. */
export type SlaLevel = 'ok' | 'amber' | 'red' | 'none';

/** Share of the target left below which a countdown turns amber. */
export const AMBER_SHARE = 1 / 3;

/**
 * Seconds until the order's response deadline (negative when overdue) and its level at `nowMs`. The deadline is
 * the server's `slaDueAt`, else `receivedAt` + the priority's target.
 */
export function slaOf(wo: WorkOrder, slaMinutes: Record<string, number>, nowMs: number): { seconds: number; level: SlaLevel } {
  const targetMs = (slaMinutes[String(wo.priority)] ?? 240) * 60_000;
  const due = wo.slaDueAt ? Date.parse(wo.slaDueAt) : Date.parse(wo.receivedAt) + targetMs;
  const seconds = Math.round((due - nowMs) / 1000);
  if (!WAITING_STATES.includes(wo.state)) return { seconds, level: 'none' };
  if (seconds <= 0) return { seconds, level: 'red' };
  return { seconds, level: seconds * 1000 <= targetMs * AMBER_SHARE ? 'amber' : 'ok' };
}

/** `h:mm:ss` / `m:ss` for a countdown, with a minus sign when overdue. */
export function formatCountdown(seconds: number): string {
  const s = Math.abs(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  const body = h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}` : `${m}:${String(r).padStart(2, '0')}`;
  return seconds < 0 ? `-${body}` : body;
}
