/**
 * The `roads` vector-tile layer: which road classes each zoom carries (major from z8, secondary/tertiary from
 * z11, all from z13), the `class` and `name` properties, cache headers, 204 and 400.
 * Roads are written straight into a private database's `roads` table: one short road per class, side by side.
 */
import Pbf from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROAD_CLASSES_MAJOR, ROAD_CLASSES_MIDDLE } from '../../server/repositories/tiles.ts';
import { createRoleUsers, createTestDatabase, sessionCookie, startTestApp, type TestApp, type TestDatabase } from './helpers.ts';

/** Minimal MVT reader: layer name → features' properties. */
function decodeMvt(buf: ArrayBuffer): Map<string, Array<Record<string, unknown>>> {
  const layers = new Map<string, Array<Record<string, unknown>>>();
  const pbf = new Pbf(new Uint8Array(buf));
  pbf.readFields((tag, _: unknown, p?: Pbf) => {
    if (tag !== 3 || !p) return;
    const end = p.readVarint() + p.pos;
    let name = '';
    const keys: string[] = [];
    const values: unknown[] = [];
    const raw: number[][] = [];
    while (p.pos < end) {
      const val = p.readVarint();
      const t = val >> 3;
      if (t === 1) name = p.readString();
      else if (t === 2) {
        const fend = p.readVarint() + p.pos;
        let tags: number[] = [];
        while (p.pos < fend) {
          const fv = p.readVarint();
          if (fv >> 3 === 2) tags = p.readPackedVarint();
          else p.skip(fv);
        }
        raw.push(tags);
      } else if (t === 3) keys.push(p.readString());
      else if (t === 4) {
        const vend = p.readVarint() + p.pos;
        let v: unknown = null;
        while (p.pos < vend) {
          const vt = p.readVarint() >> 3;
          v = vt === 1 ? p.readString() : vt === 2 ? p.readFloat() : vt === 3 ? p.readDouble() : vt === 4 ? p.readVarint64() : vt === 5 ? p.readVarint() : vt === 6 ? p.readSVarint() : p.readBoolean();
        }
        values.push(v);
      } else p.skip(val);
    }
    layers.set(name, raw.map((tags) => Object.fromEntries(Array.from({ length: tags.length / 2 }, (_, i) => [keys[tags[2 * i]], values[tags[2 * i + 1]]]))));
  }, null);
  return layers;
}

/** The tile containing a point at zoom z (Web Mercator, XYZ scheme). */
function tileOf(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lng + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [x, y];
}

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
});
