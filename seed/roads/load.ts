/**
 * Writes a RoadNetwork into the `roads` table (pgRouting's layout, see migration 001) with COPY, and
 * builds the routing file the server loads at start. Node-only.
 *
 * Row mapping: id = edge + 1, source/target = node + 1 (pgRouting vertex ids), cost / reverse_cost =
 * free-flow travel time in seconds (the router's integer deciseconds / 10, so pgRouting and the
 * router add up identical numbers) or -1 where that direction is not allowed, length_m, class, name,
 * synthetic, geom as hex EWKB LineString (SRID 4326).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type pg from 'pg';
import { copyRows, copyText } from '../copy.ts';
import { ROAD_CLASSES } from '../../geo/routing/classes.ts';
import { DIR_BACKWARD, DIR_FORWARD, type RoadNetwork } from '../../geo/routing/network.ts';
import { classFactors, DEFAULT_SPEED_PROFILE, edgeWeights, WEIGHT_PER_SECOND, type SpeedProfile } from '../../geo/routing/profile.ts';
import { buildRoutingData, deserializeRoutingData, serializeRoutingData, type BuildStats, type RoutingData } from '../../geo/routing/router.ts';
import { buildGraph } from '../../geo/routing/graph.ts';
import type { ContractionHierarchy } from '../../geo/routing/contraction.ts';
import { validateProfile } from '../../geo/routing/profile.ts';

const COLUMNS = ['id', 'source', 'target', 'cost', 'reverse_cost', 'length_m', 'class', 'name', 'synthetic', 'geom'] as const;

/** Hex EWKB of a LineString from vertices i0..i1-1 of a flat [lng, lat, …] array. O(n). */
export function lineStringHex(coords: Float64Array, i0: number, i1: number): string {
  const n = i1 - i0;
  const b = Buffer.alloc(13 + 16 * n);
  b.writeUInt8(1, 0);
  b.writeUInt32LE(0x20000002, 1); // LineString | SRID flag
  b.writeUInt32LE(4326, 5);
  b.writeUInt32LE(n, 9);
  for (let i = 0; i < n; i++) {
    b.writeDoubleLE(coords[2 * (i0 + i)], 13 + 16 * i);
    b.writeDoubleLE(coords[2 * (i0 + i) + 1], 21 + 16 * i);
  }
  return b.toString('hex');
}

function* rows(net: RoadNetwork, w: Int32Array): Generator<string> {
  let chunk = '';
  for (let e = 0; e < net.edgeCount; e++) {
    const sec = w[e] / WEIGHT_PER_SECOND;
    const cost = net.edgeDir[e] & DIR_FORWARD ? sec : -1;
    const rev = net.edgeDir[e] & DIR_BACKWARD ? sec : -1;
    const name = net.edgeName[e] >= 0 ? net.names[net.edgeName[e]] : null;
    chunk += `${e + 1}\t${net.edgeSource[e] + 1}\t${net.edgeTarget[e] + 1}\t${cost}\t${rev}\t${net.edgeLength[e]}\t${ROAD_CLASSES[net.edgeClass[e]]}\t${copyText(name)}\t${net.edgeSynthetic[e] ? 't' : 'f'}\t${lineStringHex(net.geomCoords, net.geomOffsets[e], net.geomOffsets[e + 1])}\n`;
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/**
 * Replaces the contents of `roads` with the network's edges (free-flow costs) via COPY. Runs inside
 * the caller's transaction when one is open; pass `ownTransaction: true` to wrap it in BEGIN/COMMIT.
 * Returns the number of rows written. Throws whatever PostgreSQL reports.
 */
export async function copyRoads(client: pg.PoolClient, net: RoadNetwork, opts: { profile?: SpeedProfile; ownTransaction?: boolean } = {}): Promise<number> {
  const w = edgeWeights(net, classFactors(opts.profile ?? DEFAULT_SPEED_PROFILE, 0));
  if (opts.ownTransaction) await client.query('BEGIN');
  try {
    await client.query('TRUNCATE roads');
    const n = await copyRows(client, 'roads', COLUMNS, rows(net, w));
    if (opts.ownTransaction) await client.query('COMMIT');
    return n;
  } catch (err) {
    if (opts.ownTransaction) await client.query('ROLLBACK');
    throw err;
  }
}

/**
 * Builds the contraction hierarchies of every speed period and writes the routing file (see
 * geo/routing/router.ts) to `path`. Returns build statistics and the file size in bytes.
 * Tens of seconds for the demo network.
 */
export function buildRoutingFile(
  net: RoadNetwork,
  path: string,
  opts: { profile?: SpeedProfile; log?: (m: string) => void } = {},
): { stats: BuildStats; bytes: number } {
  const { data, stats } = buildRoutingData(net, opts.profile ?? DEFAULT_SPEED_PROFILE, opts.log);
  const buf = serializeRoutingData(data);
  writeFileSync(path, new Uint8Array(buf));
  return { stats, bytes: buf.byteLength };
}

/** Reads a routing file written by buildRoutingFile (views on the file's buffer). Throws on a foreign or damaged file. O(file size) I/O. */
export function readRoutingFile(path: string): RoutingData {
  return deserializeRoutingData(readFileSync(path));
}

/**
 * Same result as `buildRoutingData`, with each speed period contracted in its own worker thread
 * (the periods are independent), so preprocessing takes about one period's time on a machine with
 * as many free cores as periods. Falls back to building in this thread if a worker cannot start.
 */
export async function buildRoutingDataParallel(
  net: RoadNetwork,
  profile: SpeedProfile = DEFAULT_SPEED_PROFILE,
  log: (m: string) => void = () => {},
): Promise<{ data: RoutingData; stats: BuildStats }> {
  validateProfile(profile);
  const t0 = Date.now();
  const weights = Array.from({ length: profile.periods.length + 1 }, (_, p) => edgeWeights(net, classFactors(profile, p)));
  try {
    const hierarchies = await Promise.all(weights.map((w, p) => new Promise<{ ch: ContractionHierarchy; ms: number }>((resolve, reject) => {
      const graph = buildGraph(net, w);
      const worker = new Worker(new URL('./contract-worker.mjs', import.meta.url), { workerData: graph });
      worker.once('message', (ch: ContractionHierarchy) => {
        log(`period ${p}: contracted in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
        resolve({ ch, ms: Date.now() - t0 });
      });
      worker.once('error', reject);
      worker.once('exit', (code) => {
        if (code !== 0) reject(new Error(`contraction worker exited with code ${code}`));
      });
    })));
    return {
      data: { network: net, profile, weights, hierarchies: hierarchies.map((h) => h.ch) },
      stats: { periodMs: hierarchies.map((h) => h.ms), arcs: hierarchies.map((h) => h.ch.arcFrom.length) },
    };
  } catch (err) {
    log(`worker threads unavailable (${(err as Error).message}); building in this thread`);
    return buildRoutingData(net, profile, log);
  }
}

/**
 * Like buildRoutingFile, contracting the speed periods in parallel worker threads
 * (buildRoutingDataParallel). Returns build statistics and the file size in bytes.
 */
export async function buildRoutingFileAsync(
  net: RoadNetwork,
  path: string,
  opts: { profile?: SpeedProfile; log?: (m: string) => void } = {},
): Promise<{ stats: BuildStats; bytes: number }> {
  const { data, stats } = await buildRoutingDataParallel(net, opts.profile ?? DEFAULT_SPEED_PROFILE, opts.log);
  const buf = serializeRoutingData(data);
  writeFileSync(path, new Uint8Array(buf));
  return { stats, bytes: buf.byteLength };
}
