/** Known places for the public report page's address box: stations, districts and substations by name. */
import type pg from 'pg';
import * as repo from '../repositories/places.ts';
import type { Place } from '../../contracts/reports.ts';

/** Most places answered. */
export const MAX_PLACES = 10;

/** GET /api/places?q=: up to MAX_PLACES places whose name contains `q` (best matches first). */
export async function searchPlaces(pool: pg.Pool, q: string): Promise<{ items: Place[] }> {
  const text = q.trim();
  if (text === '') return { items: [] };
  return { items: await repo.searchPlaces(pool, text, MAX_PLACES) };
}
