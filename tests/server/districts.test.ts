/**
 * Map data API on a small seeded dataset (5,000 customers): districts, substations and stations as GeoJSON,
 * cell weights as columns, and vector tiles (200 / 204 / 400, cache headers, feature counts against SQL).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../seed/demo.ts';
import { CUSTOMER_POINTS_MIN_ZOOM } from '../../server/repositories/tiles.ts';
import { createRoleUsers, createTestDatabase, decodeMvt, sessionCookie, startTestApp, tileOf, type TestApp, type TestDatabase } from './helpers.ts';

const N = 5000;

describe('map data API', () => {
  let db: TestDatabase;
  let app: TestApp;
  let cookie: string;
  const get = (path: string, withCookie = true) => fetch(`${app.url}${path}`, { headers: withCookie ? { cookie } : {} });

  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemo(db.pool, { seed: 5, customers: N });
    const users = await createRoleUsers(db.pool);
    app = await startTestApp(db);
    cookie = await sessionCookie(db.pool, users.planner); // a manager's tiles are limited to their grids (tests/server/manager-access.test.ts)
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('GET /api/districts is a valid FeatureCollection of the 11 districts', async () => {
    const res = await get('/api/districts');
    expect(res.status).toBe(200);
    const fc = (await res.json()) as { type: string; features: Array<{ type: string; properties: Record<string, unknown>; geometry: { type: string; coordinates: number[][][][] | number[][][] } }> };
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.map((f) => f.properties.name_en).sort()).toEqual(
      ['Baiyun', 'Conghua', 'Haizhu', 'Huadu', 'Huangpu', 'Liwan', 'Nansha', 'Panyu', 'Tianhe', 'Yuexiu', 'Zengcheng'],
    );
    for (const f of fc.features) {
      expect(f.type).toBe('Feature');
      expect(typeof f.properties.name_zh).toBe('string');
      expect(String(f.properties.adcode)).toMatch(/^4401\d\d$/);
      expect(f.properties.population).toBeGreaterThan(500_000);
      const polys = f.geometry.type === 'MultiPolygon' ? (f.geometry.coordinates as number[][][][]) : [f.geometry.coordinates as number[][][]];
      expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
      for (const poly of polys) {
        for (const ring of poly) {
          expect(ring.length).toBeGreaterThanOrEqual(4);
          expect(ring[0]).toEqual(ring[ring.length - 1]);
          for (const [lng, lat] of ring) {
            expect(lng).toBeGreaterThan(112.9);
            expect(lng).toBeLessThan(114.1);
            expect(lat).toBeGreaterThan(22.5);
            expect(lat).toBeLessThan(24);
          }
        }
      }
      const label = f.properties.label as number[];
      expect(label).toHaveLength(2);
    }
    // public, like the basemap it belongs to (the fault-report page draws it without a login)
    const open = await get('/api/districts', false);
    expect(open.status).toBe(200);
    expect(((await open.json()) as { features: unknown[] }).features).toHaveLength(11);
  });

  it('GET /api/substations and /api/stations are point FeatureCollections', async () => {
    const subs = (await (await get('/api/substations')).json()) as { features: Array<{ geometry: { type: string }; properties: { voltage_kv: number | null } }> };
    expect(subs.features).toHaveLength(267);
    expect(subs.features.every((f) => f.geometry.type === 'Point')).toBe(true);
    expect(subs.features.some((f) => f.properties.voltage_kv === 500)).toBe(true);
    const st = (await (await get('/api/stations')).json()) as { features: Array<{ properties: { kind: string } }> };
    expect(st.features).toHaveLength(412);
    expect(new Set(st.features.map((f) => f.properties.kind))).toEqual(new Set(['subway', 'train', 'tram', 'monorail']));
  });

  it('GET /api/cells returns equal-length columns that add up to the customers, and filters by bbox', async () => {
    const all = (await (await get('/api/cells?res=8')).json()) as { res: number; h3: string[]; customers: number[]; load: number[]; faults: number[] };
    expect(all.res).toBe(8);
    expect(all.customers.length).toBe(all.h3.length);
    expect(all.load.length).toBe(all.h3.length);
    expect(all.faults.length).toBe(all.h3.length);
    expect(all.customers.reduce((a, b) => a + b, 0)).toBe(N);
    expect(all.h3.every((h) => /^88[0-9a-f]{13}$/.test(h))).toBe(true);
    const box = (await (await get('/api/cells?res=8&bbox=113.25,23.1,113.33,23.16')).json()) as { h3: string[]; customers: number[] };
    expect(box.h3.length).toBeGreaterThan(5);
    expect(box.h3.length).toBeLessThan(all.h3.length / 10);
    expect(new Set(all.h3).size).toBe(all.h3.length);
    for (const h of box.h3) expect(all.h3).toContain(h);
    const def = (await (await get('/api/cells')).json()) as { res: number };
    expect(def.res).toBe(9);
    expect((await get('/api/cells?res=11')).status).toBe(400);
    expect((await get('/api/cells?res=8&bbox=113.3,23.2,113.2,23.1')).status).toBe(400);
    expect((await get('/api/cells?res=8&bbox=abc')).status).toBe(400);
  });

  it('tiles: 400 for bad addresses and layers, 204 for empty tiles, 401 without a session', async () => {
    for (const path of ['/api/tiles/customers/23/0/0.mvt', '/api/tiles/customers/3/8/0.mvt', '/api/tiles/customers/3/0/8.mvt', '/api/tiles/customers/3/x/1.mvt', '/api/tiles/rivers/3/1/1.mvt']) {
      expect((await get(path)).status, path).toBe(400);
    }
    const empty = await get('/api/tiles/customers/10/0/0.mvt');
    expect(empty.status).toBe(204);
    expect(empty.headers.get('cache-control')).toMatch(/max-age/);
    expect((await get('/api/tiles/customers/10/0/0.mvt', false)).status).toBe(401);
  });

  it('customer tiles hold exactly the customers inside the tile (points from z15, cell aggregates below)', async () => {
    const { rows } = await db.pool.query<{ lng: number; lat: number }>(`SELECT ST_X(geom) AS lng, ST_Y(geom) AS lat FROM customers ORDER BY id LIMIT 1 OFFSET 2500`);
    const z = CUSTOMER_POINTS_MIN_ZOOM;
    const [x, y] = tileOf(rows[0].lng, rows[0].lat, z);
    const res = await get(`/api/tiles/customers/${z}/${x}/${y}.mvt`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/vnd.mapbox-vector-tile');
    expect(res.headers.get('cache-control')).toMatch(/public, max-age=\d+/);
    const layer = decodeMvt(await res.arrayBuffer()).get('customers') ?? [];
    const count = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM customers WHERE ST_Intersects(geom, ST_Transform(ST_TileEnvelope($1, $2, $3), 4326))`,
      [z, x, y],
    );
    // the tile also carries points within its 64/4096 buffer, never fewer than the inside ones
    expect(layer.length).toBeGreaterThanOrEqual(count.rows[0].n);
    expect(count.rows[0].n).toBeGreaterThan(0);
    expect(layer.every((f) => ['residential', 'commercial', 'industrial'].includes(String(f.type)))).toBe(true);

    const [ax, ay] = tileOf(113.27, 23.13, 12);
    const agg = await get(`/api/tiles/customers/12/${ax}/${ay}.mvt`);
    expect(agg.status).toBe(200);
    const feats = decodeMvt(await agg.arrayBuffer()).get('customers') ?? [];
    const total = feats.reduce((a, f) => a + Number(f.n), 0);
    const inTile = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM customers WHERE ST_Intersects(geom, ST_Transform(ST_TileEnvelope(12, $1, $2), 4326))`,
      [ax, ay],
    );
    expect(total).toBeGreaterThanOrEqual(inTile.rows[0].n * 0.95);
    expect(total).toBeLessThanOrEqual(inTile.rows[0].n * 1.1);
  });

  it('serves substations, faults and cells tiles', async () => {
    const [x, y] = tileOf(113.3, 23.12, 11);
    for (const layer of ['substations', 'faults', 'cells']) {
      const res = await get(`/api/tiles/${layer}/11/${x}/${y}.mvt`);
      expect(res.status, layer).toBe(200);
      const feats = decodeMvt(await res.arrayBuffer()).get(layer) ?? [];
      expect(feats.length, layer).toBeGreaterThan(0);
    }
    const cells = decodeMvt(await (await get(`/api/tiles/cells/11/${x}/${y}.mvt`)).arrayBuffer()).get('cells') ?? [];
    expect(new Set(cells.map((f) => Number(f.res)))).toEqual(new Set([8]));
  });
});
