/**
 * The `roads` vector-tile layer: which road classes each zoom carries (major from z8, secondary/tertiary from
 * z11, all from z13), the `class` and `name` properties, cache headers, 204 and 400.
 * Roads are written straight into a private database's `roads` table: one short road per class, side by side.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROAD_CLASSES_MAJOR, ROAD_CLASSES_MIDDLE } from '../../server/repositories/tiles.ts';
import { createRoleUsers, createTestDatabase, decodeMvt, sessionCookie, startTestApp, tileOf, type TestApp, type TestDatabase } from './helpers.ts';

const LOCAL = ['unclassified', 'residential', 'living_street', 'service'];
const CLASSES = [...ROAD_CLASSES_MAJOR, ...ROAD_CLASSES_MIDDLE, ...LOCAL];
// the roads lie within ~100 m of this point, well inside one z15 tile's neighbourhood and one tile at every zoom ≤ 13
const LNG = 113.3245;
const LAT = 23.1185;

describe('roads tiles', () => {
  let db: TestDatabase;
  let app: TestApp;
  let cookie: string;
  const get = (path: string) => fetch(`${app.url}${path}`, { headers: { cookie } });
  const classesAt = async (z: number): Promise<{ status: number; features: Array<Record<string, unknown>> }> => {
    const [x, y] = tileOf(LNG, LAT, z);
    const res = await get(`/api/tiles/roads/${z}/${x}/${y}.mvt`);
    if (res.status !== 200) return { status: res.status, features: [] };
    expect(res.headers.get('content-type')).toContain('application/vnd.mapbox-vector-tile');
    expect(res.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    return { status: 200, features: decodeMvt(await res.arrayBuffer()).get('roads') ?? [] };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    // one 200 m east-west road per class, 5 m apart north-south; local streets unnamed as in the demo network
    for (const [i, cls] of CLASSES.entries()) {
      const lat = LAT + i * 0.00005;
      await db.pool.query(
        `INSERT INTO roads (id, source, target, cost, reverse_cost, length_m, class, name, synthetic, geom)
         VALUES ($1, $2, $3, 10, 10, 200, $4, $5, true, ST_SetSRID(ST_MakeLine(ST_MakePoint($6, $7), ST_MakePoint($8, $7)), 4326))`,
        [i + 1, 2 * i + 1, 2 * i + 2, cls, LOCAL.includes(cls) ? null : `测试${cls}路`, LNG - 0.001, lat, LNG + 0.001],
      );
    }
    const users = await createRoleUsers(db.pool);
    app = await startTestApp(db);
    cookie = await sessionCookie(db.pool, users.dispatcher);
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('serves only the classes that matter at each zoom, with class and name', async () => {
    expect((await classesAt(7)).status).toBe(204);
    const expected: Array<[number, readonly string[]]> = [
      [8, ROAD_CLASSES_MAJOR],
      [10, ROAD_CLASSES_MAJOR],
      [11, [...ROAD_CLASSES_MAJOR, ...ROAD_CLASSES_MIDDLE]],
      [12, [...ROAD_CLASSES_MAJOR, ...ROAD_CLASSES_MIDDLE]],
      [13, CLASSES],
      [15, CLASSES],
    ];
    for (const [z, classes] of expected) {
      const { status, features } = await classesAt(z);
      expect(status, `z${z}`).toBe(200);
      expect(features.map((f) => f.class).sort(), `z${z}`).toEqual([...classes].sort());
      for (const f of features) {
        if (LOCAL.includes(String(f.class))) expect(f.name, `z${z} ${String(f.class)}`).toBeUndefined();
        else expect(f.name).toBe(`测试${String(f.class)}路`);
      }
    }
  });

  it('answers 204 for a tile without roads and 400 for a bad address', async () => {
    const [x, y] = tileOf(LNG + 1, LAT + 1, 13);
    const empty = await get(`/api/tiles/roads/13/${x}/${y}.mvt`);
    expect(empty.status).toBe(204);
    expect(empty.headers.get('cache-control')).toMatch(/max-age/);
    for (const path of ['/api/tiles/roads/23/0/0.mvt', '/api/tiles/roads/3/8/0.mvt', '/api/tiles/roads/3/x/1.mvt']) {
      expect((await get(path)).status, path).toBe(400);
    }
  });

  it('serves the same road tiles without a login at /api/basemap/roads (the public report page), and nothing else', async () => {
    const anonymous = (path: string) => fetch(`${app.url}${path}`);
    const [x, y] = tileOf(LNG, LAT, 13);
    const withLogin = await get(`/api/tiles/roads/13/${x}/${y}.mvt`);
    const open = await anonymous(`/api/basemap/roads/13/${x}/${y}.mvt`);
    expect(open.status).toBe(200);
    expect(open.headers.get('content-type')).toContain('application/vnd.mapbox-vector-tile');
    expect(open.headers.get('cache-control')).toMatch(/^public, max-age=\d+$/);
    expect(Buffer.from(await open.arrayBuffer()).equals(Buffer.from(await withLogin.arrayBuffer()))).toBe(true);
    const [ex, ey] = tileOf(LNG + 1, LAT + 1, 13);
    expect((await anonymous(`/api/basemap/roads/13/${ex}/${ey}.mvt`)).status).toBe(204);
    expect((await anonymous('/api/basemap/roads/23/0/0.mvt')).status).toBe(400);
    // the other layers stay behind the login
    for (const layer of ['roads', 'customers', 'faults', 'cells']) expect((await anonymous(`/api/tiles/${layer}/13/${x}/${y}.mvt`)).status, layer).toBe(401);
  });
});
