/**
 * The demo seed on a small dataset (50,000 customers): figures against the census and the fault model,
 * exact roll-up of the cells, determinism, and all-or-nothing loading.
 */
import * as h3 from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISTRICTS } from '../../seed/districts.ts';
import { isSeeded, seedDemo, type SeedReport } from '../../seed/demo.ts';
import { LOAD_MODEL, CUSTOMER_TYPES } from '../../seed/generate/customers.ts';
import { CREW_COUNT, DEFAULT_REFERENCE_NOW, MANAGER_COUNT } from '../../seed/generate/dataset.ts';
import { FAULTS_PER_ACCOUNT_YEAR } from '../../seed/generate/faults.ts';
import { createTestDatabase, type TestDatabase } from './helpers.ts';

const SEED = 11;
const N = 50_000;
const SLOW = 300_000;

/** Order-independent digests of the generated tables' contents, computed by PostgreSQL. */
async function digests(db: TestDatabase): Promise<Record<string, string>> {
  const q = async (sql: string) => (await db.pool.query<{ d: string }>(sql)).rows[0].d;
  return {
    customers: await q(`SELECT md5(string_agg(concat_ws('|', id, account, type, load_kw, district_id, substation_id, h3, address, ST_AsEWKB(geom)), ',' ORDER BY id)) AS d FROM customers`),
    faults: await q(`SELECT md5(string_agg(concat_ws('|', id, reported_at, kind, priority, status, customer_id, h3, ST_AsEWKB(geom)), ',' ORDER BY id)) AS d FROM faults`),
    work_orders: await q(`SELECT md5(string_agg(concat_ws('|', id, fault_id, crew_id, state, received_at, closed_at, satisfaction, complaint), ',' ORDER BY id)) AS d FROM work_orders`),
    cells: await q(`SELECT md5(string_agg(concat_ws('|', h3, res, customers, load_kw, faults_12m, area_km2, district_id, ST_AsEWKB(geom)), ',' ORDER BY h3)) AS d FROM cells`),
    crews: await q(`SELECT md5(string_agg(concat_ws('|', id, code, name, skills, ST_AsEWKB(depot), shift_start, shift_end), ',' ORDER BY id)) AS d FROM crews`),
    managers: await q(`SELECT md5(string_agg(concat_ws('|', id, code, name, ST_AsEWKB(home)), ',' ORDER BY id)) AS d FROM managers`),
  };
}

describe('seedDemo (50,000 customers)', () => {
  let db: TestDatabase;
  let report: SeedReport;
  let before: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    expect(await isSeeded(db.pool)).toBe(false);
    report = await seedDemo(db.pool, { seed: SEED, customers: N });
    before = await digests(db);
  }, SLOW);
  afterAll(async () => {
    await db?.drop();
  });

  it('loads every table and marks the database as seeded', async () => {
    expect(await isSeeded(db.pool)).toBe(true);
    expect(report.rows).toMatchObject({ districts: 11, substations: 267, stations: 412, customers: N, crews: CREW_COUNT, managers: MANAGER_COUNT });
    const meta = await db.pool.query('SELECT seed, customers, reference_now FROM dataset_meta');
    expect(meta.rows[0].seed).toBe(SEED);
    expect(new Date(meta.rows[0].reference_now).getTime()).toBe(Date.parse(DEFAULT_REFERENCE_NOW));
  });

  it('splits residential accounts by district like census population / household size (±0.3 points)', async () => {
    const { rows } = await db.pool.query<{ district_id: number; res: number; total: number }>(
      `SELECT district_id, count(*) FILTER (WHERE type = 'residential')::int AS res, count(*)::int AS total FROM customers GROUP BY 1`,
    );
    const households = DISTRICTS.map((d) => d.population / d.householdSize);
    const hhTotal = households.reduce((a, b) => a + b, 0);
    const popTotal = DISTRICTS.reduce((a, d) => a + d.population, 0);
    const resTotal = rows.reduce((a, r) => a + r.res, 0);
    expect(rows.length).toBe(11);
    for (const r of rows) {
      const i = r.district_id - 1;
      expect(Math.abs(r.res / resTotal - households[i] / hhTotal)).toBeLessThan(0.003);
      // all accounts (with shops and factories) still follow population within 20 % of the share
      const popShare = DISTRICTS[i].population / popTotal;
      expect(Math.abs(r.total / N - popShare) / popShare).toBeLessThan(0.2);
    }
  });

  it('places customers inside their district and denser near metro stations and in the south', async () => {
    const inside = await db.pool.query<{ share: number }>(
      `SELECT avg((ST_Intersects(d.geom, c.geom))::int)::float8 AS share FROM customers c JOIN districts d ON d.id = c.district_id`,
    );
    expect(inside.rows[0].share).toBeGreaterThan(0.99);
    // customers per km² within ~500 m (0.0047°) of a subway station vs the city-wide average (index-assisted join)
    const near = await db.pool.query<{ near: number; all: number }>(
      `WITH z AS (SELECT ST_Union(ST_Buffer(geom, 0.0047)) AS g FROM stations WHERE kind = 'subway')
       SELECT (SELECT count(*) FROM customers c, z WHERE ST_Intersects(z.g, c.geom))::float8 / (SELECT ST_Area(g::geography) / 1e6 FROM z) AS near,
              (SELECT count(*) FROM customers)::float8 / (SELECT sum(ST_Area(geom::geography)) / 1e6 FROM districts) AS all`,
    );
    expect(near.rows[0].near).toBeGreaterThan(5 * near.rows[0].all);
    // Conghua: the north half is much emptier than the south half
    const ch = await db.pool.query<{ north: number; south: number }>(
      `SELECT count(*) FILTER (WHERE ST_Y(c.geom) > 23.65)::int AS north, count(*) FILTER (WHERE ST_Y(c.geom) <= 23.65)::int AS south
         FROM customers c JOIN districts d ON d.id = c.district_id WHERE d.name_en = 'Conghua'`,
    );
    expect(ch.rows[0].north * 3).toBeLessThan(ch.rows[0].south);
  });

  it('draws contracted load per type around the model mean (±6 %) and feeds customers from ≤ 220 kV substations', async () => {
    const { rows } = await db.pool.query<{ type: string; n: number; total: number }>(
      `SELECT type::text, count(*)::int AS n, sum(load_kw::float8) AS total FROM customers GROUP BY 1`,
    );
    for (const r of rows) {
      const m = LOAD_MODEL[CUSTOMER_TYPES.indexOf(r.type as (typeof CUSTOMER_TYPES)[number])];
      const mean = m.median * Math.exp((m.sigma * m.sigma) / 2);
      expect(Math.abs(r.total / r.n / mean - 1)).toBeLessThan(0.06);
    }
    const bad = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM customers c LEFT JOIN substations s ON s.id = c.substation_id WHERE s.id IS NULL OR s.voltage_kv > 220`,
    );
    expect(bad.rows[0].n).toBe(0);
  });

  it('has twelve months of faults with a summer/typhoon peak, an evening peak and kind-dependent priorities', async () => {
    const total = await db.pool.query<{ n: number; first: Date; last: Date }>(`SELECT count(*)::int AS n, min(reported_at) AS first, max(reported_at) AS last FROM faults`);
    expect(total.rows[0].n).toBe(Math.round(FAULTS_PER_ACCOUNT_YEAR * N));
    const now = Date.parse(DEFAULT_REFERENCE_NOW);
    expect(total.rows[0].last.getTime()).toBeLessThan(now);
    expect(total.rows[0].first.getTime()).toBeGreaterThanOrEqual(now - 365 * 86_400_000);
    const months = await db.pool.query<{ m: number; n: number }>(
      `SELECT extract(month FROM reported_at AT TIME ZONE 'Asia/Shanghai')::int AS m, count(*)::int AS n FROM faults
        WHERE reported_at >= '2025-12-01T00:00:00+08' AND reported_at < '2026-11-01T00:00:00+08' GROUP BY 1`,
    );
    const byMonth = new Map(months.rows.map((r) => [r.m, r.n]));
    const summer = ((byMonth.get(7) ?? 0) + (byMonth.get(8) ?? 0) + (byMonth.get(9) ?? 0)) / 3;
    const winter = ((byMonth.get(12) ?? 0) + (byMonth.get(1) ?? 0) + (byMonth.get(2) ?? 0)) / 3;
    expect(summer).toBeGreaterThan(1.5 * winter);
    const hours = await db.pool.query<{ evening: number; night: number }>(
      `SELECT count(*) FILTER (WHERE h BETWEEN 18 AND 21)::int AS evening, count(*) FILTER (WHERE h BETWEEN 2 AND 5)::int AS night
         FROM (SELECT extract(hour FROM reported_at AT TIME ZONE 'Asia/Shanghai') AS h FROM faults) s`,
    );
    expect(hours.rows[0].evening).toBeGreaterThan(3 * hours.rows[0].night);
    const kinds = await db.pool.query<{ kind: string; summer: number; winter: number; p1: number }>(
      `SELECT kind::text,
              avg((extract(month FROM reported_at AT TIME ZONE 'Asia/Shanghai') IN (7, 8, 9))::int)::float8 AS summer,
              avg((extract(month FROM reported_at AT TIME ZONE 'Asia/Shanghai') IN (12, 1, 2))::int)::float8 AS winter,
              count(*) FILTER (WHERE priority = 1)::int AS p1
         FROM faults GROUP BY 1`,
    );
    const k = new Map(kinds.rows.map((r) => [r.kind, r]));
    expect([...k.keys()].sort()).toEqual(['line_damage', 'low_voltage', 'meter', 'outage', 'transformer']);
    expect(k.get('meter')?.p1).toBe(0);
    // line damage is a typhoon-season fault, meters are not seasonal
    expect((k.get('line_damage')?.summer ?? 0) / (k.get('meter')?.summer ?? 1)).toBeGreaterThan(1.1);
    const prio = await db.pool.query<{ p: number }>(`SELECT DISTINCT priority AS p FROM faults ORDER BY 1`);
    expect(prio.rows.map((r) => r.p)).toEqual([1, 2, 3, 4]);
  });

  it('concentrates faults per customer in the old town', async () => {
    const { rows } = await db.pool.query<{ name_en: string; rate: number }>(
      `SELECT d.name_en, (SELECT count(*) FROM faults f WHERE f.district_id = d.id)::float8 / (SELECT count(*) FROM customers c WHERE c.district_id = d.id) AS rate
         FROM districts d WHERE d.name_en IN ('Yuexiu', 'Liwan', 'Tianhe', 'Panyu')`,
    );
    const r = new Map(rows.map((x) => [x.name_en, x.rate]));
    expect(r.get('Yuexiu') ?? 0).toBeGreaterThan(1.3 * (r.get('Tianhe') ?? 1));
    expect(r.get('Liwan') ?? 0).toBeGreaterThan(1.3 * (r.get('Panyu') ?? 1));
  });

  it('closes nearly all historical work orders with ordered timestamps, scores 1–5 and rare complaints', async () => {
    const { rows } = await db.pool.query<{ closed: number; bad_order: number; n: number; complaint: number; bad_score: number; crewless: number }>(
      `SELECT avg((state = 'closed')::int)::float8 AS closed,
              count(*) FILTER (WHERE state = 'closed' AND NOT (received_at <= assigned_at AND assigned_at <= en_route_at AND en_route_at <= on_site_at
                                 AND on_site_at <= resolved_at AND resolved_at <= follow_up_at AND follow_up_at <= closed_at))::int AS bad_order,
              count(*)::int AS n,
              avg(complaint::int)::float8 AS complaint,
              count(*) FILTER (WHERE satisfaction NOT BETWEEN 1 AND 5)::int AS bad_score,
              count(*) FILTER (WHERE state = 'closed' AND crew_id IS NULL)::int AS crewless
         FROM work_orders`,
    );
    const r = rows[0];
    expect(r.n).toBe(Math.round(FAULTS_PER_ACCOUNT_YEAR * N));
    expect(r.closed).toBeGreaterThan(0.97);
    expect(r.bad_order).toBe(0);
    expect(r.bad_score).toBe(0);
    expect(r.crewless).toBe(0);
    expect(r.complaint).toBeGreaterThan(0.005);
    expect(r.complaint).toBeLessThan(0.06);
    // late arrivals score worse than quick ones
    const s = await db.pool.query<{ quick: number; late: number }>(
      `SELECT avg(satisfaction) FILTER (WHERE on_site_at - received_at < interval '30 minutes')::float8 AS quick,
              avg(satisfaction) FILTER (WHERE on_site_at - received_at > interval '120 minutes')::float8 AS late FROM work_orders`,
    );
    expect(s.rows[0].quick).toBeGreaterThan(s.rows[0].late + 0.3);
  });

  it('has crews with every skill in every district, depots near substations, and managers at home in the city', async () => {
    const skills = await db.pool.query<{ district_id: number; skills: string[] }>(
      `SELECT s.district_id, array_agg(DISTINCT k ORDER BY k) AS skills
         FROM crews c, unnest(c.skills) k, LATERAL (SELECT district_id FROM substations ORDER BY geom <-> c.depot LIMIT 1) s GROUP BY 1`,
    );
    for (const r of skills.rows) expect(r.skills).toEqual(['cable', 'line', 'meter', 'transformer']);
    const far = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM crews c WHERE NOT EXISTS (SELECT 1 FROM substations s WHERE ST_DWithin(s.geom::geography, c.depot::geography, 1000))`,
    );
    expect(far.rows[0].n).toBe(0);
    const homes = await db.pool.query<{ share: number }>(
      `SELECT avg((EXISTS (SELECT 1 FROM districts d WHERE ST_Intersects(d.geom, m.home)))::int)::float8 AS share FROM managers m`,
    );
    expect(homes.rows[0].share).toBeGreaterThan(0.97);
  });

  it('rolls cells up exactly: every parent is the sum of its children at res 10 → 9 → 8 → 7', async () => {
    type Row = { h3: string; customers: number; load_kw: number; faults_12m: number };
    const level = async (res: number) => (await db.pool.query<Row>(`SELECT h3, customers, load_kw, faults_12m FROM cells WHERE res = $1`, [res])).rows;
    let child = await level(10);
    for (let res = 9; res >= 7; res--) {
      const parent = await level(res);
      const sums = new Map<string, [number, number, number]>();
      for (const c of child) {
        const p = h3.cellToParent(c.h3, res);
        const s = sums.get(p) ?? [0, 0, 0];
        s[0] += c.customers;
        s[1] += c.load_kw;
        s[2] += c.faults_12m;
        sums.set(p, s);
      }
      expect(parent.length).toBe(sums.size);
      let mismatches = 0;
      for (const p of parent) {
        const s = sums.get(p.h3);
        if (!s || s[0] !== p.customers || s[1] !== p.load_kw || s[2] !== p.faults_12m) mismatches++;
      }
      expect(mismatches).toBe(0);
      child = parent;
    }
    const totals = await db.pool.query<{ res: number; customers: number; load: number; faults: number }>(
      `SELECT res, sum(customers)::int AS customers, sum(load_kw) AS load, sum(faults_12m)::int AS faults FROM cells GROUP BY res`,
    );
    const truth = await db.pool.query<{ customers: number; load: number; faults: number }>(
      `SELECT (SELECT count(*)::int FROM customers) AS customers, (SELECT sum(load_kw::float8) FROM customers) AS load,
              (SELECT count(*)::int FROM faults WHERE status <> 'cancelled') AS faults`,
    );
    expect(totals.rows.length).toBe(4);
    for (const t of totals.rows) expect({ c: t.customers, l: t.load, f: t.faults }).toEqual({ c: truth.rows[0].customers, l: truth.rows[0].load, f: truth.rows[0].faults });
    // customers.h3 (res 9) agrees with the res-9 cells' counts
    const off = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM cells c LEFT JOIN (SELECT h3, count(*) AS k FROM customers GROUP BY h3) x USING (h3)
        WHERE c.res = 9 AND c.customers <> COALESCE(x.k, 0)`,
    );
    expect(off.rows[0].n).toBe(0);
  });

  it(
    'reseeding with the same seed gives the same database, and a failed seed leaves it untouched',
    async () => {
      const again = await seedDemo(db.pool, { seed: SEED, customers: N });
      expect(again.checksums).toEqual(report.checksums);
      expect(await digests(db)).toEqual(before);

      let otherChecksums: unknown;
      await expect(
        seedDemo(db.pool, {
          seed: SEED + 1,
          customers: N,
          beforeCommit: async (client) => {
            otherChecksums = (await client.query('SELECT checksums FROM dataset_meta')).rows[0].checksums;
            throw new Error('injected failure');
          },
        }),
      ).rejects.toThrow('injected failure');
      // the other seed did generate different data, but none of it was kept
      expect((otherChecksums as Record<string, string>).customers).not.toBe(report.checksums.customers);
      expect(await digests(db)).toEqual(before);
      expect((await db.pool.query('SELECT seed FROM dataset_meta')).rows[0].seed).toBe(SEED);
    },
    SLOW * 2,
  );
});
