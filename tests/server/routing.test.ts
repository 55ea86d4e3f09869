/**
 * Routing endpoints over a coarse demo road network built the way the server builds it at start
 * (generated in a builder process, COPYed into `roads`, routing file under the data dir), checked
 * against the router itself and against pgRouting's pgr_dijkstra on the same `roads` table.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRoutingData, Router, type LngLat } from '../../geo/routing/index.ts';
import { haversineM, NetworkBuilder } from '../../geo/routing/network.ts';
import { loadSources } from '../../seed/sources.ts';
import { loadConfig, type Config } from '../../server/config.ts';
import { memoryLogger } from '../../server/log.ts';
import { RoadNetworkService, ServiceArea, startRoadNetwork } from '../../server/services/road-network.ts';
import { MATRIX_MAX_POINTS } from '../../server/services/routing.ts';
import { api, createRoleUsers, createTestDatabase, serveWithRoads, sessionCookie, startTestApp, type TestApp, type TestDatabase, type TestServer } from './helpers.ts';

/** A coarse network (big blocks) keeps the build to seconds. */
const OVERRIDES = { densityRef: 600_000 };

let db: TestDatabase;
let dataDir: string;
let roads: RoadNetworkService;
let app: { url: string; close(): Promise<void> };
let cookie: string;
/** points in the middle of real road edges, [lng, lat] */
let points: LngLat[];

/** Serves the app with the given road network service (the helpers' app has none). */
const serve = (config: Config, svc: RoadNetworkService | undefined): Promise<TestServer> => serveWithRoads(db, config, svc, 3);

const q = (p: LngLat): string => `${p[0]},${p[1]}`;

beforeAll(async () => {
  db = await createTestDatabase();
  for (const d of loadSources().districts) {
    await db.pool.query(
      'INSERT INTO districts (id, adcode, name_zh, name_en, population, geom) VALUES ($1, $2, $3, $4, $5, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($6), 4326)))',
      [d.id, d.adcode, d.nameZh, d.nameEn, d.population, JSON.stringify({ type: 'MultiPolygon', coordinates: d.geometry })],
    );
  }
  dataDir = mkdtempSync(join(tmpdir(), 'gridops-routing-'));
  const config: Config = { ...loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url }), demo: true, seed: 5, dataDir };
  roads = await startRoadNetwork(db.pool, config, memoryLogger(), { databaseUrl: db.url, demoOverrides: OVERRIDES });
  expect(roads.state).toBe('preparing');
  await roads.whenSettled();
  expect(roads.state, roads.message).toBe('ready');
  app = await serve(config, roads);
  const users = await createRoleUsers(db.pool);
  cookie = await sessionCookie(db.pool, users.dispatcher);
  const { rows } = await db.pool.query<{ lng: number; lat: number }>(
    `SELECT ST_X(p) AS lng, ST_Y(p) AS lat FROM (SELECT ST_LineInterpolatePoint(geom, 0.5) AS p FROM roads WHERE length_m > 50 ORDER BY md5(id::text) LIMIT 12) s`,
  );
  points = rows.map((r) => [r.lng, r.lat]);
}, 600_000);

afterAll(async () => {
  await roads?.stop();
  await app?.close();
  await db?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('start-up', () => {
  it('filled the roads table from the demo network and wrote the routing file under the data dir', async () => {
    const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM roads');
    expect(rows[0].n).toBe(roads.router?.data.network.edgeCount);
    expect(roads.file?.startsWith(join(dataDir, 'routing', 'roads-'))).toBe(true);
    expect(roads.area?.source).toBe('districts');
  });

  it('rebuilds the same network from the roads table when the routing file is missing', async () => {
    const dir2 = mkdtempSync(join(tmpdir(), 'gridops-routing-db-'));
    try {
      const config: Config = { ...loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url }), demo: false, dataDir: dir2 };
      const rebuilt = await startRoadNetwork(db.pool, config, memoryLogger(), { databaseUrl: db.url });
      expect(rebuilt.state).toBe('preparing');
      await rebuilt.whenSettled();
      expect(rebuilt.state, rebuilt.message).toBe('ready');
      const a = roads.router!;
      const b = rebuilt.router!;
      expect(b.data.network.edgeCount).toBe(a.data.network.edgeCount);
      expect(Array.from(b.data.weights[0])).toEqual(Array.from(a.data.weights[0]));
      for (let i = 0; i + 1 < 8; i += 2) {
        expect(b.route(points[i], points[i + 1]).duration).toBe(a.route(points[i], points[i + 1]).duration);
      }
      // a second start finds the file it wrote and loads it without building
      const again = await startRoadNetwork(db.pool, config, memoryLogger(), { databaseUrl: db.url });
      expect(again.state).toBe('ready');
      expect(again.file).toBe(rebuilt.file);
    } finally {
      rmSync(dir2, { recursive: true, force: true });
    }
  }, 600_000);

  it('a build that fails leaves the service failed with the cause, answered as 503', async () => {
    const dir3 = mkdtempSync(join(tmpdir(), 'gridops-routing-fail-'));
    try {
      const config: Config = { ...loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url }), demo: true, dataDir: dir3 };
      // the builder process gets a database that does not answer
      const broken = await startRoadNetwork(db.pool, config, memoryLogger(), { databaseUrl: 'postgres://nobody@127.0.0.1:1/none' });
      await broken.whenSettled();
      expect(broken.state).toBe('failed');
      expect(() => broken.require()).toThrow(/could not be prepared/);
    } finally {
      rmSync(dir3, { recursive: true, force: true });
    }
  }, 120_000);

  it('without a road network: 503 naming the cause, not a crash', async () => {
    const config: Config = { ...loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url }), demo: false };
    const bare = await serve(config, undefined);
    try {
      const r = await api(bare.url, 'GET', `/api/route?from=${q(points[0])}&to=${q(points[1])}`, { cookie });
      expect(r.status).toBe(503);
      expect(r.body).toMatchObject({ error: { code: 'unavailable', message: expect.stringMatching(/road network/) } });
    } finally {
      await bare.close();
    }
  });
});

describe('GET /api/route', () => {
  it('401 without a session', async () => {
    for (const path of [`/api/route?from=${q(points[0])}&to=${q(points[1])}`, `/api/isochrone?at=${q(points[0])}`]) {
      expect((await api(app.url, 'GET', path)).status).toBe(401);
    }
    expect((await api(app.url, 'POST', '/api/matrix', { body: { sources: [points[0]], destinations: [points[1]] } })).status).toBe(401);
  });

  it("answers a plausible route equal to the router's own", async () => {
    for (let i = 0; i + 1 < 6; i += 2) {
      const [from, to] = [points[i], points[i + 1]];
      const r = await api(app.url, 'GET', `/api/route?from=${q(from)}&to=${q(to)}`, { cookie });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const body = r.body as { duration: number; distance: number; geometry: { type: string; coordinates: LngLat[] }; roads: string[]; snap: { from: number; to: number }; period: string };
      const own = roads.router!.route(from, to);
      expect(body.duration).toBeCloseTo(own.duration, 6);
      expect(body.distance).toBeCloseTo(own.distance, 0);
      expect(body.roads).toEqual(own.roads);
      expect(body.period).toBe('free');
      expect(body.geometry.type).toBe('LineString');
      expect(body.geometry.coordinates.length).toBe(own.geometry.length);
      // the points lie on roads: snapped in place, and the line runs from one to the other
      expect(body.snap.from).toBeLessThan(1);
      expect(body.snap.to).toBeLessThan(1);
      const line = body.geometry.coordinates;
      expect(haversineM(...line[0], ...from)).toBeLessThan(1);
      expect(haversineM(...line[line.length - 1], ...to)).toBeLessThan(1);
      // plausible: no shorter than the straight line, at road speeds
      const crow = haversineM(...from, ...to);
      expect(body.distance).toBeGreaterThanOrEqual(crow * 0.99);
      expect(body.distance / body.duration).toBeGreaterThan(2);
      expect(body.distance / body.duration).toBeLessThan(35);
    }
  });

  it('a peak-hour departure takes longer than free flow', async () => {
    const [from, to] = [points[6], points[7]];
    const free = (await api(app.url, 'GET', `/api/route?from=${q(from)}&to=${q(to)}`, { cookie })).body as { duration: number };
    const peak = await api(app.url, 'GET', `/api/route?from=${q(from)}&to=${q(to)}&depart=${encodeURIComponent('2026-11-30T08:00:00+08:00')}`, { cookie });
    expect(peak.status).toBe(200);
    expect(peak.body).toMatchObject({ period: 'peak' });
    expect((peak.body as { duration: number }).duration).toBeGreaterThan(free.duration);
  });

  it("costs match pgRouting's pgr_dijkstra on the roads table", async () => {
    await db.pool.query('CREATE EXTENSION IF NOT EXISTS pgrouting');
    // vertices whose every edge is two-way (a point exactly on such a vertex leaves it at no cost whichever edge it snaps to)
    const { rows } = await db.pool.query<{ v: string; lng: number; lat: number }>(
      `WITH ends AS (SELECT source AS v, cost, reverse_cost, ST_StartPoint(geom) AS p FROM roads UNION ALL SELECT target, cost, reverse_cost, ST_EndPoint(geom) FROM roads)
       SELECT v, ST_X(min(p::text)::geometry) AS lng, ST_Y(min(p::text)::geometry) AS lat FROM ends GROUP BY v
       HAVING bool_and(cost >= 0 AND reverse_cost >= 0) ORDER BY md5(v::text) LIMIT 8`,
    );
    expect(rows.length).toBe(8);
    for (let i = 0; i + 1 < rows.length; i += 2) {
      const [a, b] = [rows[i], rows[i + 1]];
      const r = await api(app.url, 'GET', `/api/route?from=${a.lng},${a.lat}&to=${b.lng},${b.lat}`, { cookie });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const pg = await db.pool.query<{ cost: number }>(
        `SELECT max(agg_cost) AS cost FROM pgr_dijkstra('SELECT id, source, target, cost, reverse_cost FROM roads', $1::bigint, $2::bigint, true)`,
        [a.v, b.v],
      );
      expect(pg.rows[0].cost).toBeGreaterThan(0);
      expect(Math.abs((r.body as { duration: number }).duration - pg.rows[0].cost)).toBeLessThan(0.05);
    }
  });

  it('400 naming the parameter for malformed coordinates', async () => {
    const cases: [string, string][] = [
      [`from=abc&to=${q(points[1])}`, 'from'],
      [`from=${q(points[0])}&to=113.3`, 'to'],
      [`from=200,23.1&to=${q(points[1])}`, 'from'],
      [`from=${q(points[0])}&to=113.3,95`, 'to'],
      [`from=${q(points[0])}`, 'to'],
      [`from=${q(points[0])}&to=${q(points[1])}&depart=yesterday`, 'depart'],
    ];
    for (const [query, field] of cases) {
      const r = await api(app.url, 'GET', `/api/route?${query}`, { cookie });
      expect(r.status, query).toBe(400);
      expect(Object.keys((r.body as { error: { fields: Record<string, string> } }).error.fields), query).toContain(field);
    }
  });

  it('422 naming the parameter outside the service area', async () => {
    const r = await api(app.url, 'GET', `/api/route?from=${q(points[0])}&to=116.397,39.909`, { cookie });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ error: { code: 'outside_service_area', fields: { to: expect.any(String) } } });
  });

  it('422 naming the parameter for a point farther than the snap limit from any road', async () => {
    // a point of the service area more than 2 km from every road of the coarse network
    const area = roads.area!;
    let far: LngLat | undefined;
    for (let lat = 23.0; lat <= 23.9 && !far; lat += 0.01) {
      for (let lng = 113.2; lng <= 114.0 && !far; lng += 0.01) {
        if (!area.contains(lng, lat)) continue;
        try {
          roads.router!.snap(lng, lat);
        } catch {
          far = [Number(lng.toFixed(4)), Number(lat.toFixed(4))];
        }
      }
    }
    expect(far).toBeDefined();
    const r = await api(app.url, 'GET', `/api/route?from=${q(far!)}&to=${q(points[1])}`, { cookie });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ error: { code: 'off_road', fields: { from: expect.stringMatching(/no road within 2000 m/) } } });
  });

  it("an unreachable pair is a typed 422 'no_route', not a 500", async () => {
    // two separate road pieces: an island network
    const b = new NetworkBuilder();
    const n = [b.addNode(113.30, 23.10), b.addNode(113.31, 23.10), b.addNode(113.30, 23.12), b.addNode(113.31, 23.12)];
    b.addEdge({ source: n[0], target: n[1], dir: 3, speedKmh: 40, roadClass: 'secondary', name: 'A路', synthetic: true });
    b.addEdge({ source: n[2], target: n[3], dir: 3, speedKmh: 40, roadClass: 'secondary', name: 'B路', synthetic: true });
    const net = b.build();
    const island = new RoadNetworkService();
    island.router = new Router(buildRoutingData(net).data);
    island.area = ServiceArea.fromNetwork(net);
    island.state = 'ready';
    const config: Config = { ...loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url }), demo: false };
    const s = await serve(config, island);
    try {
      const r = await api(s.url, 'GET', '/api/route?from=113.305,23.1&to=113.305,23.12', { cookie });
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ error: { code: 'no_route' } });
      const m = await api(s.url, 'POST', '/api/matrix', { cookie, body: { sources: [[113.305, 23.1]], destinations: [[113.305, 23.12], [113.309, 23.1]] } });
      expect(m.status).toBe(200);
      expect((m.body as { durations: (number | null)[][] }).durations[0][0]).toBeNull();
      expect((m.body as { durations: (number | null)[][] }).durations[0][1]).toBeGreaterThan(0);
    } finally {
      await s.close();
    }
  });
});

describe('POST /api/matrix', () => {
  it('has one row per source and one column per destination, equal to single routes', async () => {
    const sources = points.slice(0, 3);
    const destinations = points.slice(3, 7);
    const r = await api(app.url, 'POST', '/api/matrix', { cookie, body: { sources, destinations } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const { durations, distances } = r.body as { durations: (number | null)[][]; distances: (number | null)[][] };
    expect(durations.length).toBe(3);
    expect(distances.length).toBe(3);
    for (let i = 0; i < 3; i++) {
      expect(durations[i].length).toBe(4);
      for (let j = 0; j < 4; j++) {
        const single = (await api(app.url, 'GET', `/api/route?from=${q(sources[i])}&to=${q(destinations[j])}`, { cookie })).body as { duration: number; distance: number };
        expect(durations[i][j]).toBe(Math.round(single.duration));
        expect(Number.isInteger(distances[i][j])).toBe(true);
        // equal-time alternatives may differ a little in length
        expect(Math.abs(distances[i][j]! - single.distance)).toBeLessThanOrEqual(Math.max(2, 0.01 * single.distance));
      }
    }
  });

  it(`422 naming the field above ${MATRIX_MAX_POINTS} points`, async () => {
    const many = Array.from({ length: MATRIX_MAX_POINTS + 1 }, (_, i) => points[i % points.length]);
    const r = await api(app.url, 'POST', '/api/matrix', { cookie, body: { sources: points.slice(0, 2), destinations: many } });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ error: { code: 'too_large', fields: { destinations: expect.stringMatching(/1001/) } } });
  });

  it('400 for malformed points, 422 naming the point outside the service area', async () => {
    const bad = await api(app.url, 'POST', '/api/matrix', { cookie, body: { sources: [[113.3, 'x']], destinations: [points[0]] } });
    expect(bad.status).toBe(400);
    expect(Object.keys((bad.body as { error: { fields: Record<string, string> } }).error.fields).join()).toMatch(/^sources/);
    const out = await api(app.url, 'POST', '/api/matrix', { cookie, body: { sources: [points[0]], destinations: [points[1], [121.47, 31.23]] } });
    expect(out.status).toBe(422);
    expect(out.body).toMatchObject({ error: { code: 'outside_service_area', fields: { 'destinations[1]': expect.any(String) } } });
  });
});

describe('GET /api/isochrone', () => {
  it('a polygon feature that contains the start and grows with the minutes', async () => {
    const at = points[0];
    const small = await api(app.url, 'GET', `/api/isochrone?at=${q(at)}&minutes=5`, { cookie });
    const large = await api(app.url, 'GET', `/api/isochrone?at=${q(at)}&minutes=20`, { cookie });
    expect(small.status, JSON.stringify(small.body).slice(0, 300)).toBe(200);
    expect(large.status).toBe(200);
    const f = small.body as { type: string; geometry: { type: string }; properties: { minutes: number } };
    expect(f.type).toBe('Feature');
    expect(f.geometry.type).toBe('MultiPolygon');
    expect(f.properties.minutes).toBe(5);
    const { rows } = await db.pool.query<{ inside: boolean; a5: number; a20: number }>(
      `SELECT ST_Contains(ST_GeomFromGeoJSON($1), ST_SetSRID(ST_MakePoint($3, $4), 4326)) AS inside,
              ST_Area(ST_GeomFromGeoJSON($1)::geography) AS a5, ST_Area(ST_GeomFromGeoJSON($2)::geography) AS a20`,
      [JSON.stringify(f.geometry), JSON.stringify((large.body as { geometry: unknown }).geometry), at[0], at[1]],
    );
    expect(rows[0].inside).toBe(true);
    expect(rows[0].a5).toBeGreaterThan(0);
    expect(rows[0].a20).toBeGreaterThan(rows[0].a5);
  });

  it('400 for bad minutes or point', async () => {
    for (const [query, field] of [[`at=${q(points[0])}&minutes=0`, 'minutes'], [`at=${q(points[0])}&minutes=abc`, 'minutes'], ['at=1,2,3', 'at']] as const) {
      const r = await api(app.url, 'GET', `/api/isochrone?${query}`, { cookie });
      expect(r.status, query).toBe(400);
      expect(Object.keys((r.body as { error: { fields: Record<string, string> } }).error.fields)).toContain(field);
    }
  });
});

describe('the helpers app (no road network)', () => {
  let bare: TestApp;
  beforeAll(async () => {
    bare = await startTestApp(db);
  });
  afterAll(async () => {
    await bare?.close();
  });
  it('answers the matrix with 503', async () => {
    const r = await api(bare.url, 'POST', '/api/matrix', { cookie, body: { sources: [points[0]], destinations: [points[1]] } });
    expect(r.status).toBe(503);
  });
});
