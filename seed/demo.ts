/**
 * The Guangzhou demo dataset: loads the real districts, substations and stations from `seed/data/` and the
 * generated customers, cells, fault history, work orders, crews and grid managers, all in ONE transaction
 * with COPY. Rerunning with the same options gives the same database (tables are truncated and reloaded in
 * the same transaction); a failure leaves the previous contents untouched. Node-only.
 */
import type pg from 'pg';
import { loadSources, type Sources } from './sources.ts';
import { copyRows, copyText } from './copy.ts';
import { pointHex } from './ewkb.ts';

/** Version tag stored in `dataset_meta.generator`; bump when the generator's output changes. */
export const GENERATOR_VERSION = 'gz-demo-1';

/** Options of `seedDemo`. */
export interface SeedOptions {
  /** Generator seed; the same seed (and options) gives the same database. */
  seed: number;
  /** Number of synthetic customers, 1,000 … 10,000,000. */
  customers: number;
  /** Progress messages. */
  log?: (m: string) => void;
}

/** What `seedDemo` loaded and how long each step took. */
export interface SeedReport {
  seed: number;
  customers: number;
  /** ISO timestamp the fault history ends at. */
  referenceNow: string;
  rows: Record<string, number>;
  timingsMs: Record<string, number>;
  totalMs: number;
}

/** Tables this seed owns and reloads (order does not matter with TRUNCATE … CASCADE). */
const TABLES = ['districts', 'substations', 'stations', 'customers', 'cells', 'managers', 'crews', 'faults', 'work_orders', 'work_order_transitions', 'dataset_meta'];

/**
 * True when a demo dataset is loaded (a `dataset_meta` row exists). False when the schema is not migrated.
 * O(1) query.
 */
export async function isSeeded(pool: pg.Pool): Promise<boolean> {
  const r = await pool.query<{ seeded: boolean }>(
    `SELECT to_regclass('dataset_meta') IS NOT NULL AND EXISTS (SELECT 1 FROM districts) AS seeded`,
  );
  if (!r.rows[0]?.seeded) return false;
  const m = await pool.query('SELECT 1 FROM dataset_meta LIMIT 1');
  return (m.rowCount ?? 0) > 0;
}

/**
 * Loads the whole demo dataset in one transaction (truncate + reload). Expects migrations 001 and 002.
 * TRUNCATE … CASCADE also empties tables that reference the seeded ones (users with a manager, plans, grids):
 * create demo accounts after seeding.
 * @throws RangeError for bad options; database errors roll everything back.
 */
export async function seedDemo(pool: pg.Pool, opts: SeedOptions): Promise<SeedReport> {
  if (!Number.isInteger(opts.seed)) throw new RangeError(`opts.seed must be an integer, got ${opts.seed}`);
  if (!Number.isInteger(opts.customers) || opts.customers < 1000 || opts.customers > 10_000_000) {
    throw new RangeError(`opts.customers must be an integer in 1000..10000000, got ${opts.customers}`);
  }
  const log = opts.log ?? (() => {});
  const t0 = performance.now();
  const timingsMs: Record<string, number> = {};
  const rows: Record<string, number> = {};
  let mark = t0;
  const lap = (name: string): void => {
    const now = performance.now();
    timingsMs[name] = Math.round(now - mark);
    mark = now;
    log(`${name}: ${timingsMs[name]} ms`);
  };
  const src = loadSources();
  lap('read sources');
  const referenceNow = '2026-11-28T00:00:00+08:00';

  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`TRUNCATE ${TABLES.join(', ')} RESTART IDENTITY CASCADE`);
    lap('truncate');
    rows.districts = await loadDistricts(client, src);
    rows.substations = await loadSubstations(client, src);
    rows.stations = await loadStations(client, src);
    lap('districts, substations, stations');
    await client.query(
      `INSERT INTO dataset_meta (seed, customers, reference_now, generator, report) VALUES ($1, $2, $3, $4, $5)`,
      [opts.seed, opts.customers, referenceNow, GENERATOR_VERSION, JSON.stringify({ rows })],
    );
    await client.query('COMMIT');
    lap('commit');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
  return { seed: opts.seed, customers: opts.customers, referenceNow, rows, timingsMs, totalMs: Math.round(performance.now() - t0) };
}

async function loadDistricts(client: pg.PoolClient, src: Sources): Promise<number> {
  for (const d of src.districts) {
    // OSM rings can self-touch; ST_MakeValid + extracting polygons keeps the column's MultiPolygon type.
    await client.query(
      `INSERT INTO districts (id, adcode, name_zh, name_en, population, geom)
       VALUES ($1, $2, $3, $4, $5, ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON($6), 4326)), 3)))`,
      [d.id, d.adcode, d.nameZh, d.nameEn, d.population, JSON.stringify({ type: 'MultiPolygon', coordinates: d.geometry })],
    );
  }
  return src.districts.length;
}

async function loadSubstations(client: pg.PoolClient, src: Sources): Promise<number> {
  const lines = src.substations.map(
    (s) => `${s.id}\t\\N\t${copyText(s.name)}\t${s.voltageKv ?? '\\N'}\t${s.districtId}\t${pointHex(s.lngLat[0], s.lngLat[1])}\n`,
  );
  return copyRows(client, 'substations', ['id', 'osm_id', 'name', 'voltage_kv', 'district_id', 'geom'], [lines.join('')]);
}

async function loadStations(client: pg.PoolClient, src: Sources): Promise<number> {
  const lines = src.stations.map(
    (s) => `${s.id}\t\\N\t${copyText(s.name)}\t${s.kind}\t${s.districtId}\t${pointHex(s.lngLat[0], s.lngLat[1])}\n`,
  );
  return copyRows(client, 'stations', ['id', 'osm_id', 'name', 'kind', 'district_id', 'geom'], [lines.join('')]);
}
