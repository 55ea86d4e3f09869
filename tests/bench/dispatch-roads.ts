// The routing file for the dispatch benchmark's Guangzhou case: the demo road network
// (seed/roads/demo-roads.ts) with its contraction hierarchies. Building them takes about a minute of
// CPU, so the file is cached where the server keeps its own (server/services/road-network.ts:
// `<GRIDOPS_DATA_DIR or .data>/routing/roads-<fingerprint>.bin`) and reused by later runs.
//   npx tsx tests/bench/dispatch-roads.ts [--seed N]   builds it ahead of a bench run
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Router } from '../../geo/routing/index.ts';
import { buildRoutingFileAsync, generateDemoRoadNetwork, readRoutingFile } from '../../seed/roads/demo-roads.ts';
import { dataFingerprint } from '../../server/services/road-network.ts';

export interface RoutingSource {
  router: Router;
  file: string;
  /** how the file was obtained, for the report */
  how: string;
}

/** `<GRIDOPS_DATA_DIR or .data>/routing`, as the server names it. */
export function routingDir(): string {
  return join(process.env.GRIDOPS_DATA_DIR || '.data', 'routing');
}

/** The newest `*.bin` in the routing folder, or null. */
export function cachedRoutingFile(): string | null {
  const dir = routingDir();
  if (!existsSync(dir)) return null;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bin'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return files[0] ?? null;
}

/**
 * A Router: from `file` when given, else the cached file, else a fresh build of the demo network for
 * `seed` written into the routing folder (temp name, renamed when complete).
 */
export async function loadOrBuildRouter(file: string, seed: number, log: (m: string) => void = console.log): Promise<RoutingSource> {
  if (file) {
    const t0 = performance.now();
    const router = new Router(readRoutingFile(file));
    return { router, file, how: `--routing ${file} (loaded in ${Math.round(performance.now() - t0)} ms)` };
  }
  const cached = cachedRoutingFile();
  if (cached) {
    const t0 = performance.now();
    const router = new Router(readRoutingFile(cached));
    return { router, file: cached, how: `reused the cached routing file ${cached} (loaded in ${Math.round(performance.now() - t0)} ms)` };
  }
  const dir = routingDir();
  mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  const { network } = generateDemoRoadNetwork(seed);
  log(`demo road network (seed ${seed}): ${network.nodeCount} nodes, ${network.edgeCount} edges; building the routing file…`);
  const tmp = join(dir, `building-${process.pid}.tmp`);
  await buildRoutingFileAsync(network, tmp, { log });
  const data = readRoutingFile(tmp);
  const final = join(dir, `roads-${dataFingerprint(data)}.bin`);
  renameSync(tmp, final);
  const seconds = (performance.now() - t0) / 1000;
  return { router: new Router(data), file: final, how: `no routing file found: generated the demo road network (seed ${seed}) and built ${final} in ${seconds.toFixed(0)} s (reused by later runs)` };
}

if (process.argv[1]?.endsWith('dispatch-roads.ts')) {
  const i = process.argv.indexOf('--seed');
  const seed = i >= 0 ? Number(process.argv[i + 1]) : 1;
  const src = await loadOrBuildRouter('', seed);
  console.log(src.how);
}
