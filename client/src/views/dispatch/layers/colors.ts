/** Colours of the Dispatch map and its legend: fault priority, work-order state, crew status. */
import type { CrewStatus } from '../../../api/dispatch.ts';
import type { WorkOrderState } from '../../../api/work-orders.ts';

/** P1 red … P4 blue. */
export const PRIORITY_COLORS: Record<number, string> = { 1: '#d7301f', 2: '#f28e2b', 3: '#e6c229', 4: '#4e79a7' };

/** Outline of a fault by state: waiting white, with a crew dark blue, on site green, escalated purple. */
export const STATE_COLORS: Record<WorkOrderState, string> = {
  received: '#ffffff',
  assigned: '#17324d',
  en_route: '#1769d1',
  on_site: '#1f9d55',
  resolved: '#7a8896',
  follow_up: '#7a8896',
  closed: '#7a8896',
  escalated: '#7b3294',
  cancelled: '#b0b8c1',
};

export const CREW_COLORS: Record<CrewStatus, string> = { available: '#1f9d55', en_route: '#1769d1', on_site: '#e8891d', off_shift: '#9aa5b1' };

/** A MapLibre `match` expression over a property with the given colour table. */
export function matchColor(prop: string, table: Record<string | number, string>, fallback: string): unknown[] {
  const out: unknown[] = ['match', ['get', prop]];
  for (const [k, v] of Object.entries(table)) out.push(Number.isNaN(Number(k)) ? k : Number(k), v);
  out.push(fallback);
  return out;
}
