/**
 * The road network the routing endpoints use: a `Router` loaded from the routing file, and the service
 * area points are checked against.
 *
 * At start (`startRoadNetwork`): the `roads` table's fingerprint (repositories/roads.ts) names the routing
 * file `<dataDir>/routing/roads-<fingerprint>.bin`; the importer's `<dataDir>/routing.bin` is accepted
 * too when it matches the table. A matching file is loaded before the server listens (about a second for
 * the demo network). Otherwise the network is prepared in a child process so that neither the start nor
 * the event loop waits for the minutes the contraction hierarchies take on the demo network:
 * - demo mode with an empty `roads` table: generate the demo network (`generateDemoRoadNetwork(seed)`),
 *   COPY it into `roads` in one transaction, build the routing file;
 * - a non-empty `roads` table (e.g. `npm run import:roads`, or `DATABASE_URL` without the file): rebuild
 *   the network from the table's rows (ids, vertices, directions, free-flow costs, classes, names,
 *   geometries) and build the routing file from it.
 * Until the file is loaded the routing endpoints answer 503 with what is going on.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { DEFAULT_SPEED_KMH, MAX_SNAP_M, ROAD_CLASSES, Router, type RoadClass, type RoadNetwork, type RoutingData } from '../../geo/routing/index.ts';
import { buildRoutingFile, copyRoads, generateDemoRoadNetwork, readRoutingFile } from '../../seed/roads/demo-roads.ts';
import type { Config } from '../config.ts';
import { UnavailableError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { readRoads, roadsFingerprint, serviceAreaGeometry, type RoadRow } from '../repositories/roads.ts';

/** Where the network stands: loaded, being built, not available at all, or failed to build. */
export type RoadNetworkState = 'ready' | 'preparing' | 'absent' | 'failed';

/** A polygon of the service area with its bounding box, rings as flat [lng, lat, …] arrays. */
interface AreaPolygon {
  minLng: number;
  minLat: number;
  maxLng: number;
  maxLat: number;
  rings: Float64Array[];
}

/**
 * The area routing answers for: the districts' outlines widened by ~1 km (repositories/roads.ts), or
 * (when no districts are loaded) the road network's bounding box widened by the snap limit.
 */
export class ServiceArea {
  readonly source: 'districts' | 'bbox';
  private readonly polygons: AreaPolygon[];

  constructor(source: 'districts' | 'bbox', polygons: AreaPolygon[]) {
    this.source = source;
    this.polygons = polygons;
  }

  /** From GeoJSON Polygon/MultiPolygon geometries. O(vertices). */
  static fromGeometries(geoms: { type: string; coordinates: unknown }[]): ServiceArea {
    const polygons: AreaPolygon[] = [];
    for (const g of geoms) {
      const polys = g.type === 'Polygon' ? [g.coordinates as number[][][]] : g.type === 'MultiPolygon' ? (g.coordinates as number[][][][]) : [];
      for (const poly of polys) {
        let minLng = Infinity, minLat = Infinity, maxLng = -Infinity, maxLat = -Infinity;
        const rings = poly.map((ring) => {
          const flat = new Float64Array(ring.length * 2);
          ring.forEach(([x, y], i) => {
            flat[2 * i] = x;
            flat[2 * i + 1] = y;
            if (x < minLng) minLng = x;
            if (x > maxLng) maxLng = x;
            if (y < minLat) minLat = y;
            if (y > maxLat) maxLat = y;
          });
          return flat;
        });
        polygons.push({ minLng, minLat, maxLng, maxLat, rings });
      }
    }
    return new ServiceArea('districts', polygons);
  }

  /** The network's node bounding box widened by `marginM` metres. O(nodes). */
  static fromNetwork(net: RoadNetwork, marginM = MAX_SNAP_M): ServiceArea {
    let minLng = Infinity, minLat = Infinity, maxLng = -Infinity, maxLat = -Infinity;
    for (let i = 0; i < net.nodeCount; i++) {
      const x = net.nodeCoords[2 * i], y = net.nodeCoords[2 * i + 1];
      if (x < minLng) minLng = x;
      if (x > maxLng) maxLng = x;
      if (y < minLat) minLat = y;
      if (y > maxLat) maxLat = y;
    }
    const dLat = marginM / 111_195;
    const dLng = dLat / Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
    const box = { minLng: minLng - dLng, minLat: minLat - dLat, maxLng: maxLng + dLng, maxLat: maxLat + dLat };
    const ring = Float64Array.from([box.minLng, box.minLat, box.maxLng, box.minLat, box.maxLng, box.maxLat, box.minLng, box.maxLat, box.minLng, box.minLat]);
    return new ServiceArea('bbox', [{ ...box, rings: [ring] }]);
  }

  /** Whether (lng, lat) lies in the area (even-odd rule over each polygon's rings). O(vertices of the polygons whose box holds the point). */
  contains(lng: number, lat: number): boolean {
    for (const p of this.polygons) {
      if (lng < p.minLng || lng > p.maxLng || lat < p.minLat || lat > p.maxLat) continue;
      let inside = false;
      for (const r of p.rings) {
        for (let i = 0, j = r.length - 2; i < r.length; j = i, i += 2) {
          const yi = r[i + 1], yj = r[j + 1];
          if (yi > lat !== yj > lat && lng < ((r[j] - r[i]) * (lat - yi)) / (yj - yi) + r[i]) inside = !inside;
        }
      }
      if (inside) return true;
    }
    return false;
  }
}

/** The identity `roadsFingerprint` gives for the network a routing file holds (same integer sums). O(edges). */
export function dataFingerprint(data: RoutingData): string {
  const net = data.network;
  let nodes = 0;
  let ds = 0;
  const w = data.weights[0];
  for (let e = 0; e < net.edgeCount; e++) {
    nodes += net.edgeSource[e] + net.edgeTarget[e] + 2;
    ds += w[e];
  }
  return `n${net.edgeCount}-v${nodes}-w${ds}`;
}

/**
 * Rebuilds a RoadNetwork from `roads` rows (seed/roads/load.ts's mapping reversed: edge = id − 1,
 * node = source/target − 1, direction from the signs of cost/reverse_cost, free-flow speed =
 * length / cost, so the router's free-flow weights equal round(cost · 10)). Rows must be ordered by id
 * with ids 1..n. Throws Error on a gap in the ids, an unknown class or a malformed geometry. O(rows + vertices).
 */
export function networkFromRows(rows: RoadRow[]): RoadNetwork {
  const m = rows.length;
  let nodeCount = 0;
  let vertices = 0;
  for (let e = 0; e < m; e++) {
    const r = rows[e];
    if (r.id !== e + 1) throw new Error(`roads ids must run 1..${m}; row ${e + 1} has id ${r.id}`);
    nodeCount = Math.max(nodeCount, r.source, r.target);
    vertices += r.wkb.readUInt32LE(5);
  }
  const net: RoadNetwork = {
    nodeCount,
    nodeCoords: new Float64Array(2 * nodeCount),
    edgeCount: m,
    edgeSource: new Int32Array(m),
    edgeTarget: new Int32Array(m),
    edgeDir: new Uint8Array(m),
    edgeLength: new Float64Array(m),
    edgeSpeed: new Float32Array(m),
    edgeClass: new Uint8Array(m),
    edgeName: new Int32Array(m),
    edgeSynthetic: new Uint8Array(m),
    geomOffsets: new Int32Array(m + 1),
    geomCoords: new Float64Array(2 * vertices),
    names: [],
  };
  const nameIdx = new Map<string, number>();
  let v = 0;
  for (let e = 0; e < m; e++) {
    const r = rows[e];
    const cls = ROAD_CLASSES.indexOf(r.roadClass as RoadClass);
    if (cls < 0) throw new Error(`roads row ${r.id}: unknown class ${r.roadClass}`);
    if (r.wkb.readUInt8(0) !== 1 || (r.wkb.readUInt32LE(1) & 0xff) !== 2) throw new Error(`roads row ${r.id}: geometry is not a little-endian WKB LineString`);
    const s = r.source - 1, t = r.target - 1;
    net.edgeSource[e] = s;
    net.edgeTarget[e] = t;
    net.edgeDir[e] = (r.cost >= 0 ? 1 : 0) | (r.reverseCost >= 0 ? 2 : 0);
    if (net.edgeDir[e] === 0) throw new Error(`roads row ${r.id}: neither direction allowed`);
    net.edgeLength[e] = r.lengthM;
    const sec = Math.max(r.cost, r.reverseCost);
    net.edgeSpeed[e] = r.lengthM > 0 && sec > 0 ? (r.lengthM / sec) * 3.6 : DEFAULT_SPEED_KMH[ROAD_CLASSES[cls]];
    net.edgeClass[e] = cls;
    if (r.name === null) net.edgeName[e] = -1;
    else {
      let k = nameIdx.get(r.name);
      if (k === undefined) {
        k = net.names.length;
        net.names.push(r.name);
        nameIdx.set(r.name, k);
      }
      net.edgeName[e] = k;
    }
    net.edgeSynthetic[e] = r.synthetic ? 1 : 0;
    net.geomOffsets[e] = v;
    const n = r.wkb.readUInt32LE(5);
    for (let i = 0; i < n; i++) {
      net.geomCoords[2 * (v + i)] = r.wkb.readDoubleLE(9 + 16 * i);
      net.geomCoords[2 * (v + i) + 1] = r.wkb.readDoubleLE(17 + 16 * i);
    }
    // the first vertex is the source node, the last the target node
    net.nodeCoords[2 * s] = net.geomCoords[2 * v];
    net.nodeCoords[2 * s + 1] = net.geomCoords[2 * v + 1];
    net.nodeCoords[2 * t] = net.geomCoords[2 * (v + n - 1)];
    net.nodeCoords[2 * t + 1] = net.geomCoords[2 * (v + n - 1) + 1];
    v += n;
  }
  net.geomOffsets[m] = v;
  return net;
}

/** Options of `startRoadNetwork`. */
export interface RoadNetworkOptions {
  /** connection URL the builder process uses (the same database as `pool`) */
  databaseUrl: string;
  /** generator overrides for the demo network (tests use a coarse network: `{ densityRef: 600_000 }`) */
  demoOverrides?: { densityRef?: number; unitM?: number };
}

/** What the builder process is asked to do (sent over IPC, so the URL's password stays off the command line). */
interface BuildJob {
  mode: 'demo' | 'db';
  databaseUrl: string;
  seed: number;
  dir: string;
  demoOverrides?: { densityRef?: number; unitM?: number };
}

type BuildMessage =
  | { type: 'log'; message: string }
  | { type: 'done'; file: string; fingerprint: string; timingsMs: Record<string, number> }
  | { type: 'error'; message: string };

/** The road network held by the server. Routes call `require()`. */
export class RoadNetworkService {
  state: RoadNetworkState = 'absent';
  /** why the network is not ready (shown in the 503) */
  message = 'No road network loaded.';
  router: Router | undefined;
  area: ServiceArea | undefined;
  /** the routing file in use */
  file: string | undefined;
  /** phase durations, ms (`check`, `load`, and when built: `generate`, `copy`, `read`, `build`, `total`) */
  readonly timingsMs: Record<string, number> = {};
  private child: ChildProcess | undefined;
  private stopping = false;
  private settled: Promise<void> = Promise.resolve();

  /** The router and service area. @throws UnavailableError (503) while the network is absent, being prepared, or failed. */
  require(): { router: Router; area: ServiceArea } {
    if (this.state !== 'ready' || !this.router || !this.area) throw new UnavailableError(this.message);
    return { router: this.router, area: this.area };
  }

  /** Resolves once a background build has finished (ready or failed); at once when none runs. */
  whenSettled(): Promise<void> {
    return this.settled;
  }

  /** Stops a running builder process (its COPY transaction rolls back). Idempotent. */
  async stop(): Promise<void> {
    this.stopping = true;
    const c = this.child;
    if (c && c.exitCode === null && c.signalCode === null) {
      const exited = new Promise<void>((resolve) => c.once('exit', () => resolve()));
      c.kill('SIGTERM');
      await exited;
    }
  }

  /** Loads a routing file and the service area; throws when the file's network does not match `fingerprint`. */
  async load(pool: pg.Pool, file: string, fingerprint: string, log: Logger): Promise<void> {
    const t0 = performance.now();
    const data = readRoutingFile(file);
    const fp = dataFingerprint(data);
    if (fp !== fingerprint) throw new Error(`${file} holds network ${fp}, the roads table is ${fingerprint}`);
    const router = new Router(data);
    const geom = await serviceAreaGeometry(pool);
    const area = geom ? ServiceArea.fromGeometries([geom]) : ServiceArea.fromNetwork(data.network);
    this.timingsMs.load = Math.round(performance.now() - t0);
    this.router = router;
    this.area = area;
    this.file = file;
    this.state = 'ready';
    this.message = 'ready';
    log.info(
      `road network: ${data.network.nodeCount} nodes, ${data.network.edgeCount} edges loaded from ${file} in ${this.timingsMs.load} ms (service area: ${area.source})`,
    );
  }

  /** Starts the builder process; the network becomes ready (or failed) when it ends. */
  build(pool: pg.Pool, job: BuildJob, log: Logger): void {
    this.state = 'preparing';
    this.message =
      job.mode === 'demo'
        ? 'The demo road network is being generated and prepared for routing (a few minutes on first start); try again shortly.'
        : 'The road network is being prepared for routing from the roads table (a few minutes); try again shortly.';
    log.info(`road network: ${job.mode === 'demo' ? 'generating the demo network' : 'rebuilding the routing file from the roads table'} in the background…`);
    const t0 = performance.now();
    // the builder runs this file under tsx's loader, resolved from here so that any working directory works
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const child = fork(fileURLToPath(import.meta.url), [BUILD_FLAG], { execArgv: ['--import', tsx], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    this.child = child;
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    this.settled = new Promise<void>((resolve) => {
      let done: Extract<BuildMessage, { type: 'done' }> | undefined;
      let error: string | undefined;
      child.on('message', (m: BuildMessage) => {
        if (m.type === 'log') log.info(`road network: ${m.message}`);
        else if (m.type === 'done') done = m;
        else error = m.message;
      });
      let finished = false;
      const fail = (why: string, detail?: string): void => {
        if (finished) return;
        finished = true;
        this.state = 'failed';
        this.message = `The road network could not be prepared: ${why}`;
        log.error('road network: build failed', { error: why, detail });
        resolve();
      };
      // a builder that cannot be spawned must not crash the server
      child.on('error', (err) => {
        if (child.pid === undefined) fail(`cannot start the builder process: ${err.message}`);
      });
      child.on('exit', (code, signal) => {
        this.child = undefined;
        if (!done && (this.stopping || signal === 'SIGINT' || signal === 'SIGTERM')) {
          // shutting down (our stop() or the terminal's Ctrl-C reaching the whole process group)
          finished = true;
          this.state = 'failed';
          this.message = 'The road network build was stopped; it restarts with the server.';
          log.info(`road network: build stopped (${signal ?? `code ${code}`})`);
          resolve();
          return;
        }
        if (!done) {
          fail(error ?? `builder exited with ${signal ?? `code ${code}`}`, stderr.trim());
          return;
        }
        Object.assign(this.timingsMs, done.timingsMs, { total: Math.round(performance.now() - t0) });
        this.load(pool, done.file, done.fingerprint, log).then(
          () => {
            finished = true;
            log.info(`road network: ready ${Math.round((performance.now() - t0) / 1000)} s after the build started (${JSON.stringify(this.timingsMs)})`);
            resolve();
          },
          (err: Error) => fail(err.message),
        );
      });
    });
    if (child.connected) child.send(job);
  }
}

const BUILD_FLAG = '--build-road-network';

/**
 * Makes sure the server has a road network (see the file comment). Loads a matching routing file before
 * returning; starts a background build otherwise. Never throws for a missing or broken network: the
 * service reports it with 503s. Throws only what the database throws for the fingerprint query.
 */
export async function startRoadNetwork(pool: pg.Pool, config: Config, log: Logger, opts: RoadNetworkOptions): Promise<RoadNetworkService> {
  const svc = new RoadNetworkService();
  const t0 = performance.now();
  const { rows, fingerprint } = await roadsFingerprint(pool);
  svc.timingsMs.check = Math.round(performance.now() - t0);
  const dir = join(config.dataDir, 'routing');
  if (rows === 0 && !config.demo) {
    svc.message = 'No road network: the roads table is empty. Import one with `npm run import:roads -- FILE`.';
    log.warn(`road network: ${svc.message}`);
    return svc;
  }
  if (rows > 0) {
    for (const file of [join(dir, `roads-${fingerprint}.bin`), join(config.dataDir, 'routing.bin')]) {
      if (!existsSync(file)) continue;
      try {
        await svc.load(pool, file, fingerprint, log);
        return svc;
      } catch (err) {
        log.warn(`road network: ${file} not used: ${(err as Error).message}`);
      }
    }
  }
  svc.build(pool, { mode: rows === 0 ? 'demo' : 'db', databaseUrl: opts.databaseUrl, seed: config.seed, dir, demoOverrides: opts.demoOverrides }, log);
  return svc;
}

/** The builder process: runs one BuildJob and reports over IPC. */
async function runBuild(job: BuildJob, send: (m: BuildMessage) => Promise<void>): Promise<void> {
  const timingsMs: Record<string, number> = {};
  let mark = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    timingsMs[name] = Math.round(now - mark);
    mark = now;
  };
  const pool = new pg.Pool({ connectionString: job.databaseUrl, max: 1 });
  try {
    let network: RoadNetwork;
    if (job.mode === 'demo') {
      const gen = generateDemoRoadNetwork(job.seed, job.demoOverrides ?? {});
      network = gen.network;
      lap('generate');
      await send({ type: 'log', message: `generated ${network.nodeCount} nodes, ${network.edgeCount} edges (seed ${job.seed}) in ${timingsMs.generate} ms` });
      const client = await pool.connect();
      try {
        const n = await copyRoads(client, network, { ownTransaction: true });
        lap('copy');
        await send({ type: 'log', message: `${n} rows copied into roads in ${timingsMs.copy} ms` });
      } finally {
        client.release();
      }
    } else {
      network = networkFromRows(await readRoads(pool));
      lap('read');
      await send({ type: 'log', message: `read ${network.nodeCount} nodes, ${network.edgeCount} edges from the roads table in ${timingsMs.read} ms` });
    }
    const { fingerprint } = await roadsFingerprint(pool);
    mkdirSync(job.dir, { recursive: true });
    const file = join(job.dir, `roads-${fingerprint}.bin`);
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      const { bytes } = buildRoutingFile(network, tmp);
      renameSync(tmp, file);
      lap('build');
      await send({ type: 'log', message: `routing file ${file} (${(bytes / 1e6).toFixed(1)} MB) built in ${timingsMs.build} ms` });
    } finally {
      rmSync(tmp, { force: true });
    }
    await send({ type: 'done', file, fingerprint, timingsMs });
  } finally {
    await pool.end();
  }
}

if (process.argv[2] === BUILD_FLAG && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.once('message', (job: BuildJob) => {
    // resolves once the message is handed to the channel, so that nothing is lost at disconnect
    const send = (m: BuildMessage): Promise<void> => new Promise((resolve) => process.send?.(m, () => resolve()) ?? resolve());
    runBuild(job, send)
      .catch(async (err: Error) => {
        process.exitCode = 1;
        await send({ type: 'error', message: err.message });
      })
      .finally(() => process.disconnect());
  });
}
