/**
 * npm run import:roads -- FILE [--routing-file PATH] [--dry-run]
 *
 * Imports a real road network from an OSM extract (.osm.pbf, or GeoJSON LineStrings carrying OSM tags
 * and node ids) into the `roads` table, replacing its contents in one transaction (COPY), and builds
 * the routing file the server loads at start (default `<GRIDOPS_DATA_DIR>/routing.bin`). Database:
 * DATABASE_URL, else the embedded cluster in GRIDOPS_DATA_DIR (started if needed).
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import pg from 'pg';
import { loadConfig } from '../server/config.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../server/db/embedded.ts';
import { migrate } from '../server/db/migrate.ts';
import { importOsmFile } from '../seed/roads/import.ts';
import { buildRoutingFileAsync, copyRoads } from '../seed/roads/load.ts';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--routing-file');
  if (!file) {
    console.error('usage: npm run import:roads -- FILE.osm.pbf|FILE.geojson [--routing-file PATH] [--dry-run]');
    process.exit(2);
  }
  const config = loadConfig();
  const ri = args.indexOf('--routing-file');
  const routingFile = ri >= 0 ? args[ri + 1] : join(config.dataDir, 'routing.bin');
  const t0 = Date.now();
  const { network, report } = importOsmFile(file);
  const km = (m: number) => (m / 1000).toFixed(2);
  console.log(`${file}: ${report.waysRead} ways read, ${report.drivableWays} drivable (${report.onewayWays} one-way, ${report.reversedOneways} oneway=-1, ${report.roundabouts} roundabouts)`);
  console.log(`  by class: ${Object.entries(report.byClass).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`  graph: ${report.nodes} nodes, ${report.edges} edges, ${km(report.lengthM)} km, ${report.weakComponents} weakly connected component(s)`);
  console.log(`  largest strongly connected component kept: ${report.scc.keptNodes} nodes, ${report.scc.keptEdges} edges; dropped ${report.scc.droppedNodes} nodes, ${report.scc.droppedEdges} edges (${km(report.scc.droppedLengthM)} km) in ${report.scc.components - 1} other component(s)`);
  console.log(`  read in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  if (network.edgeCount === 0) throw new Error('no drivable roads in the file');
  if (args.includes('--dry-run')) return;

  let embedded: EmbeddedPostgres | null = null;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, log: (m) => console.log(m) });
    url = embedded.url;
  }
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await migrate(pool);
    const client = await pool.connect();
    try {
      const n = await copyRoads(client, network, { ownTransaction: true });
      console.log(`roads: ${n} rows written (real data, synthetic = false)`);
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
    await embedded?.stop();
  }
  mkdirSync(join(routingFile, '..'), { recursive: true });
  const t1 = Date.now();
  const { stats, bytes } = await buildRoutingFileAsync(network, routingFile, { log: (m) => console.log(m) });
  console.log(`${routingFile}: ${(bytes / 1e6).toFixed(1)} MB, ${stats.arcs.join('/')} arcs per period, built in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
