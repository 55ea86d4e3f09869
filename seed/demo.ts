/**
 * The Guangzhou demo dataset: loads the real districts, substations and stations from `seed/data/` and the
 * generated customers, cells (res 7–10), fault history, work orders, crews and grid managers, all in ONE
 * transaction with COPY. Rerunning with the same options gives the same database (tables are truncated and
 * reloaded in the same transaction); a failure leaves the previous contents untouched. Node-only.
 */
import { createHash, type Hash } from 'node:crypto';
import type pg from 'pg';
import { MAX_VERTS, buildHierarchy, cellBoundaries, cellCentersInto, type Boundaries, type CellLevel } from '../geo/cells/index.ts';
import { loadSources, type Sources } from './sources.ts';
import { copyBinary, copyRows, copyText } from './copy.ts';
import { CopyBinaryWriter } from './copy-binary.ts';
import { pointHex } from './ewkb.ts';
import { dropPlainIndexes, recreateIndexes } from './indexes.ts';
import { houseBase, roadFor } from './addresses.ts';
import { onShift } from './generate/crews.ts';
import { CUSTOMER_TYPES, allocChunk, emitCustomers } from './generate/customers.ts';
import { COARSEST_RES, DEFAULT_REFERENCE_NOW, FINEST_RES, JITTER_M, finestBoundaries, maxCellRun, nextCut, planDataset, planFaults, type DatasetPlan } from './generate/dataset.ts';
import { FAULT_KINDS, FAULT_STATUSES, WO_STATES, type FaultSet } from './generate/faults.ts';

/** Version tag stored in `dataset_meta.generator`; bump when the generator's output changes. */
export const GENERATOR_VERSION = 'gz-demo-1';

/** Options of `seedDemo`. */
export interface SeedOptions {
  /** Generator seed; the same seed (and options) gives the same database. */
  seed: number;
  /** Number of synthetic customers, 1,000 … 10,000,000. */
  customers: number;
  /** End of the twelve months of fault history (ISO timestamp); default `DEFAULT_REFERENCE_NOW`. */
  now?: string;
  /** Progress messages. */
  log?: (m: string) => void;
  /**
   * Runs inside the transaction just before COMMIT; if it throws, everything is rolled back (tests use it to
   * check that a failed seed leaves the previous data untouched).
   */
  beforeCommit?: (client: pg.PoolClient) => Promise<void>;
}

/** What `seedDemo` loaded and how long each step took. */
export interface SeedReport {
  seed: number;
  customers: number;
  /** ISO timestamp the fault history ends at. */
  referenceNow: string;
  /** Rows loaded per table. */
  rows: Record<string, number>;
  /** sha256 of the COPY stream of each generated table (equal options ⇒ equal checksums). */
  checksums: Record<string, string>;
  timingsMs: Record<string, number>;
  totalMs: number;
  /** CPU time of this Node process during the seed (user + system), ms: wall time without the machine's contention. */
  nodeCpuMs: number;
  /** PostgreSQL backend pid of the loading connection (its CPU time can be read from /proc on a local server). */
  backendPid: number;
}

/** Tables this seed owns and reloads. TRUNCATE … CASCADE also empties tables referencing them. */
const TABLES = ['districts', 'substations', 'stations', 'customers', 'cells', 'managers', 'crews', 'faults', 'work_orders', 'work_order_transitions', 'dataset_meta'];
/** Customers per COPY chunk. */
const CHUNK = 20_000;
const KIND_ZH = ['停电', '电压低', '电表故障', '线路损坏', '变压器故障'];

/**
 * True when a demo dataset is loaded (a `dataset_meta` row exists). False when the schema is not migrated.
 * O(1) query.
 */
export async function isSeeded(pool: pg.Pool): Promise<boolean> {
  const r = await pool.query<{ ok: boolean }>(`SELECT to_regclass('dataset_meta') IS NOT NULL AS ok`);
  if (!r.rows[0]?.ok) return false;
  const m = await pool.query('SELECT 1 FROM dataset_meta LIMIT 1');
  return (m.rowCount ?? 0) > 0;
}

/**
 * Loads the whole demo dataset in one transaction (truncate + reload). Expects migrations 001 and 002.
 * TRUNCATE … CASCADE also empties tables that reference the seeded ones (users tied to a manager, plans,
 * grids): create demo accounts after seeding.
 * @throws RangeError for bad options; database errors roll everything back.
 */
export async function seedDemo(pool: pg.Pool, opts: SeedOptions): Promise<SeedReport> {
  if (!Number.isInteger(opts.seed) || opts.seed < -2147483648 || opts.seed > 2147483647) {
    throw new RangeError(`opts.seed must be a 32-bit integer, got ${opts.seed}`);
  }
  if (!Number.isInteger(opts.customers) || opts.customers < 1000 || opts.customers > 10_000_000) {
    throw new RangeError(`opts.customers must be an integer in 1000..10000000, got ${opts.customers}`);
  }
  const log = opts.log ?? (() => {});
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const timingsMs: Record<string, number> = {};
  const rows: Record<string, number> = {};
  const checksums: Record<string, string> = {};
  let mark = t0;
  const lap = (name: string): void => {
    const now = performance.now();
    timingsMs[name] = Math.round(now - mark);
    mark = now;
    log(`${name}: ${timingsMs[name]} ms`);
  };
  const referenceNow = opts.now ?? DEFAULT_REFERENCE_NOW;
  const src = loadSources();
  const p = planDataset(src, { seed: opts.seed, customers: opts.customers, now: referenceNow });
  lap('plan (cells, fields, customers per cell, crews, managers)');

  const client = await pool.connect();
  const backendPid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  try {
    await client.query('BEGIN');
    await client.query(`TRUNCATE ${TABLES.join(', ')} RESTART IDENTITY CASCADE`);
    rows.districts = await loadDistricts(client, src);
    rows.substations = await loadSubstations(client, src);
    rows.stations = await loadStations(client, src);
    rows.managers = await loadManagers(client, p, checksums);
    rows.crews = await loadCrews(client, p, checksums);
    lap('districts, substations, stations, managers, crews');

    const custIdx = await dropPlainIndexes(client, 'customers');
    const { cellCustomers, cellLoadKw, count } = await loadCustomers(client, src, p, checksums);
    rows.customers = count;
    lap('customers (generate + COPY)');

    const faults = planFaults(p, cellLoadKw);
    lap('faults (generate)');
    const faultIdx = await dropPlainIndexes(client, 'faults');
    const woIdx = await dropPlainIndexes(client, 'work_orders');
    rows.faults = await loadFaults(client, src, p, faults, checksums);
    rows.work_orders = await loadWorkOrders(client, p, faults, checksums);
    lap('faults, work orders (COPY)');

    const cellFaults = new Float64Array(p.cells.cells.length);
    for (let j = 0; j < faults.n; j++) if (faults.status[j] !== 3) cellFaults[faults.cell[j]]++;
    const finest = finestBoundaries(p);
    const levels = buildHierarchy(
      { res: FINEST_RES, cells: p.cells.cells, district: p.cells.district, customers: cellCustomers, loadKw: cellLoadKw, faults: cellFaults, areaKm2: finest.areaKm2 },
      COARSEST_RES,
    );
    const cellIdx = await dropPlainIndexes(client, 'cells');
    // nothing references cells.h3, so its primary key can be rebuilt in one sort after the load
    await client.query('ALTER TABLE cells DROP CONSTRAINT IF EXISTS cells_pkey');
    rows.cells = await loadCells(client, levels, finest, checksums);
    cellIdx.unshift('ALTER TABLE cells ADD CONSTRAINT cells_pkey PRIMARY KEY (h3)');
    lap('cells res 7–10 (roll-up + COPY)');

    await recreateIndexes(client, [...custIdx, ...faultIdx, ...woIdx, ...cellIdx]);
    lap('indexes');
    for (const t of ['faults', 'work_orders', 'work_order_transitions']) {
      await client.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), COALESCE((SELECT max(id) FROM ${t}), 0) + 1, false)`, [t]);
    }
    const report = { seed: opts.seed, customers: opts.customers, referenceNow, rows, checksums, typhoonDays: faults.typhoonDays.map((d) => new Date(d).toISOString()) };
    await client.query(
      `INSERT INTO dataset_meta (seed, customers, reference_now, generator, checksums, report) VALUES ($1, $2, $3, $4, $5, $6)`,
      [opts.seed, opts.customers, referenceNow, GENERATOR_VERSION, JSON.stringify(checksums), JSON.stringify(report)],
    );
    if (opts.beforeCommit) await opts.beforeCommit(client);
    await client.query('COMMIT');
    lap('commit');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
  await pool.query('ANALYZE districts, substations, stations, customers, cells, managers, crews, faults, work_orders');
  lap('analyze');
  const cpu = process.cpuUsage(cpu0);
  return {
    seed: opts.seed,
    customers: opts.customers,
    referenceNow,
    rows,
    checksums,
    timingsMs,
    totalMs: Math.round(performance.now() - t0),
    nodeCpuMs: Math.round((cpu.user + cpu.system) / 1000),
    backendPid,
  };
}

/** Wraps a chunk iterable so every chunk also feeds a hash. */
function* hashed<T extends string | Buffer>(chunks: Iterable<T>, h: Hash): Generator<T> {
  for (const c of chunks) {
    h.update(c);
    yield c;
  }
}

/** COPY (text chunks, or binary row buffers) while hashing the stream into `checksums[table]`. */
async function copyHashed(client: pg.PoolClient, table: string, columns: readonly string[], chunks: Iterable<string> | Iterable<Buffer>, checksums: Record<string, string>): Promise<number> {
  const h = createHash('sha256');
  const it = chunks as Iterable<string | Buffer>;
  const first = it[Symbol.iterator]();
  const peek = first.next();
  const rest: Iterable<string | Buffer> = {
    *[Symbol.iterator]() {
      if (!peek.done) yield peek.value;
      for (let r = first.next(); !r.done; r = first.next()) yield r.value;
    },
  };
  const n =
    !peek.done && typeof peek.value !== 'string'
      ? await copyBinary(client, table, columns, hashed(rest as Iterable<Buffer>, h))
      : await copyRows(client, table, columns, hashed(rest as Iterable<string>, h));
  checksums[table] = h.digest('hex');
  return n;
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

async function loadManagers(client: pg.PoolClient, p: DatasetPlan, checksums: Record<string, string>): Promise<number> {
  const lines = p.managers.map((m) => `${m.id}\t${m.code}\t${copyText(m.name)}\t${m.phone}\t${pointHex(m.home[0], m.home[1])}\n`);
  return copyHashed(client, 'managers', ['id', 'code', 'name', 'phone', 'home'], [lines.join('')], checksums);
}

function hhmm(min: number): string {
  return `${String(Math.floor(min / 60) % 24).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;
}

async function loadCrews(client: pg.PoolClient, p: DatasetPlan, checksums: Record<string, string>): Promise<number> {
  const nowLocalMin = Math.floor(((p.nowMs + 8 * 3_600_000) % 86_400_000) / 60_000);
  const nowIso = new Date(p.nowMs).toISOString();
  const lines = p.crews.map((c) => {
    const depot = pointHex(c.depot[0], c.depot[1]);
    const status = onShift(c, nowLocalMin) ? 'available' : 'off_shift';
    return `${c.id}\t${c.code}\t${copyText(c.name)}\t{${c.skills.join(',')}}\t${depot}\t${hhmm(c.shiftStartMin)}\t${hhmm(c.shiftEndMin)}\t${status}\t${depot}\t\\N\t${nowIso}\n`;
  });
  return copyHashed(
    client,
    'crews',
    ['id', 'code', 'name', 'skills', 'depot', 'shift_start', 'shift_end', 'status', 'position', 'heading_deg', 'updated_at'],
    [lines.join('')],
    checksums,
  );
}

async function loadCustomers(
  client: pg.PoolClient,
  src: Sources,
  p: DatasetPlan,
  checksums: Record<string, string>,
): Promise<{ cellCustomers: Float64Array; cellLoadKw: Float64Array; count: number }> {
  const nCells = p.cells.cells.length;
  const cellCustomers = new Float64Array(nCells);
  const cellLoadKw = new Float64Array(nCells);
  const chunk = allocChunk(maxCellRun(p.plan.firstId, CHUNK));
  const districtZh = new Map(src.districts.map((d) => [d.id, d.nameZh]));
  const { x, y } = p.fields;
  const w = new CopyBinaryWriter(CHUNK * 140);
  function* chunks(): Generator<Buffer> {
    for (let from = 0; from < nCells; ) {
      const to = nextCut(p.plan.firstId, from, CHUNK);
      emitCustomers(p.plan, p.cellLngLat, from, to, JITTER_M, chunk);
      let prevCell = -1;
      let road = '';
      let house = 0;
      let h3 = '';
      let district = 0;
      let sub = -1;
      for (let i = 0; i < chunk.n; i++) {
        const c = chunk.cell[i];
        if (c !== prevCell) {
          prevCell = c;
          district = p.cells.district[c];
          road = roadFor(district, districtZh.get(district) ?? '', x[c], y[c], p.seed);
          house = houseBase(c, p.seed);
          h3 = p.res9[p.res9Of[c]];
          sub = p.plan.cellSubstation[c];
        }
        const load = chunk.loadKw[i];
        cellCustomers[c]++;
        cellLoadKw[c] += load;
        const id = chunk.id[i];
        w.row(9).int32(id).ascii(`GZ${String(id).padStart(9, '0')}`).ascii(CUSTOMER_TYPES[chunk.type[i]]).float32(load).int16(district);
        if (sub >= 0) w.int32(sub + 1);
        else w.null();
        // about eight accounts share a house number
        w.ascii(h3).text(`${road}${house + ((i % 97) >> 3)}号`).point4326(chunk.lng[i], chunk.lat[i]);
      }
      yield w.take();
      from = to;
    }
  }
  const count = await copyHashed(
    client,
    'customers',
    ['id', 'account', 'type', 'load_kw', 'district_id', 'substation_id', 'h3', 'address', 'geom'],
    chunks(),
    checksums,
  );
  return { cellCustomers, cellLoadKw, count };
}

async function loadFaults(client: pg.PoolClient, src: Sources, p: DatasetPlan, f: FaultSet, checksums: Record<string, string>): Promise<number> {
  const scratch = allocChunk(maxCellRun(p.plan.firstId, 1));
  // typhoon landfall days and the day after, as day indices from the start of the history
  const start = p.nowMs - 365 * 86_400_000;
  const typhoonDays = new Set(f.typhoonDays.flatMap((d) => [Math.round((d - start) / 86_400_000), Math.round((d - start) / 86_400_000) + 1]));
  const nameZh = new Map(src.districts.map((d) => [d.id, d.nameZh]));
  const w = new CopyBinaryWriter(10_000 * 200);
  function* chunks(): Generator<Buffer> {
    for (let j = 0; j < f.n; j++) {
      const c = f.cell[j];
      // the fault sits at its customer's exact position: regenerate that one cell
      emitCustomers(p.plan, p.cellLngLat, c, c + 1, JITTER_M, scratch);
      const k = f.customerId[j] - p.plan.firstId[c] - 1;
      const ty = typhoonDays.has(Math.floor((f.reportedAt[j] - start) / 86_400_000)) ? '，台风天气' : '';
      w.row(11)
        .int64(j + 1)
        .timestamptz(f.reportedAt[j])
        .ascii(FAULT_KINDS[f.kind[j]])
        .int16(f.priority[j])
        .ascii(FAULT_STATUSES[f.status[j]])
        .ascii('history')
        .int32(f.customerId[j])
        .ascii(p.res9[p.res9Of[c]])
        .int16(f.district[j])
        .text(`${KIND_ZH[f.kind[j]]}：客户报修（${nameZh.get(f.district[j]) ?? ''}${ty}）`)
        .point4326(scratch.lng[k], scratch.lat[k]);
      if (w.length > 1 << 20) yield w.take();
    }
    yield w.take();
  }
  return copyHashed(
    client,
    'faults',
    ['id', 'reported_at', 'kind', 'priority', 'status', 'source', 'customer_id', 'h3', 'district_id', 'description', 'geom'],
    chunks(),
    checksums,
  );
}

async function loadWorkOrders(client: pg.PoolClient, p: DatasetPlan, f: FaultSet, checksums: Record<string, string>): Promise<number> {
  const w = new CopyBinaryWriter(10_000 * 200);
  function* chunks(): Generator<Buffer> {
    for (let j = 0; j < f.n; j++) {
      const t = j * 7;
      w.row(15).int64(j + 1).int64(j + 1);
      if (f.crewId[j] > 0) w.int32(f.crewId[j]);
      else w.null();
      w.ascii(WO_STATES[f.woState[j]]).int16(f.priority[j]).ascii(p.res9[p.res9Of[f.cell[j]]]);
      for (let s = 0; s < 7; s++) w.timestamptz(f.times[t + s]);
      if (f.satisfaction[j] > 0) w.int16(f.satisfaction[j]);
      else w.null();
      w.bool(f.complaint[j] === 1);
      if (w.length > 1 << 20) yield w.take();
    }
    yield w.take();
  }
  return copyHashed(
    client,
    'work_orders',
    ['id', 'fault_id', 'crew_id', 'state', 'priority', 'h3', 'received_at', 'assigned_at', 'en_route_at', 'on_site_at', 'resolved_at', 'follow_up_at', 'closed_at', 'satisfaction', 'complaint'],
    chunks(),
    checksums,
  );
}

async function loadCells(client: pg.PoolClient, levels: CellLevel[], finest: Boundaries, checksums: Record<string, string>): Promise<number> {
  const S = 2 * MAX_VERTS;
  const w = new CopyBinaryWriter(1 << 21);
  function* chunks(): Generator<Buffer> {
    for (const lv of levels) {
      // finest level: fast translated boundaries; coarser levels (≤ 72k cells) exact from h3-js
      const b = lv.res === FINEST_RES ? finest : cellBoundaries(lv.cells, cellCentersInto(lv.cells), lv.res);
      for (let i = 0; i < lv.cells.length; i++) {
        // loads are multiples of 0.5 kW, so these sums are exact in binary and children add up to parents exactly
        w.row(8).ascii(lv.cells[i]).int16(lv.res).int32(lv.customers[i]).float64(lv.loadKw[i]).int32(lv.faults[i]).float64(lv.areaKm2[i]);
        if (lv.district[i] > 0) w.int16(lv.district[i]);
        else w.null();
        w.polygon4326(b.ring.subarray(i * S, i * S + 2 * b.count[i]), b.count[i]);
        if (w.length > 1 << 20) yield w.take();
      }
    }
    yield w.take();
  }
  return copyHashed(client, 'cells', ['h3', 'res', 'customers', 'load_kw', 'faults_12m', 'area_km2', 'district_id', 'geom'], chunks(), checksums);
}
