/**
 * The app for `bench:tiles`, run in a worker thread so the load generator (main thread) does not share the
 * server's event loop. Receives the database URL, answers with the port.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { createApp } from '../../server/app.ts';
import { loadConfig } from '../../server/config.ts';
import { createPool } from '../../server/db/pool.ts';
import { EventHub } from '../../server/events/hub.ts';
import { silentLogger } from '../../server/log.ts';
import { tileCache } from '../../server/services/tiles-cache.ts';

const { url } = workerData as { url: string };
const config = { ...loadConfig(), databaseUrl: url, demo: false };
const pool = createPool(url, { log: silentLogger, max: 20 });
const hub = new EventHub(pool, { connection: { connectionString: url }, log: silentLogger });
await hub.start();
const server = createServer(await createApp({ pool, config, hub, log: silentLogger }));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
parentPort?.postMessage({ port: (server.address() as AddressInfo).port });
parentPort?.on('message', async (m: unknown) => {
  // 'cache on' / 'cache off' switch the server's tile cache (cold runs measure the database path)
  if (m === 'cache on' || m === 'cache off') {
    tileCache.clear();
    tileCache.enabled = m === 'cache on';
    parentPort?.postMessage({ cache: tileCache.enabled });
    return;
  }
  if (m !== 'stop') return;
  server.closeAllConnections();
  server.close();
  await hub.stop().catch(() => {});
  await pool.end();
  parentPort?.postMessage({ stopped: true });
});
