/** Health and client configuration. */
import type pg from 'pg';
import type { ClientConfig } from '../../contracts/map-data.ts';
import type { Config } from '../config.ts';
import { UnavailableError } from '../errors.ts';
import { databaseVersions } from '../repositories/system.ts';

/**
 * `{status: 'ok', postgres, postgis}` with the server versions.
 * @throws UnavailableError (503) when PostGIS is missing; a database that is down surfaces as 503 too.
 */
export async function health(pool: pg.Pool): Promise<{ status: 'ok'; postgres: string; postgis: string }> {
  const v = await databaseVersions(pool);
  if (!v.postgis) throw new UnavailableError('PostGIS extension is not installed in the database');
  return { status: 'ok', postgres: v.postgres, postgis: v.postgis };
}

/** What the browser needs before login: the optional online basemap style and whether this is the demo. */
export function clientConfig(config: Config): ClientConfig {
  return { basemapStyle: config.basemapStyle ?? null, demo: config.demo };
}
