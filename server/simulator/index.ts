/**
 * Starting the demo simulator inside the server process (after the HTTP listener is up): its dispatcher account
 * with a fresh random password (never the public demo password), the shared clock set running at the configured
 * speed, then the ticking client. See simulator.ts.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { hashPassword } from '../auth/password.ts';
import type { Config } from '../config.ts';
import { withTransaction } from '../db/pool.ts';
import type { Logger } from '../log.ts';
import * as repo from '../repositories/simulator.ts';
import { Simulator } from './simulator.ts';
import { SIMULATOR_USERNAME } from './state.ts';

export { Simulator } from './simulator.ts';

/**
 * Creates/updates the simulator's account, sets the simulator running at `config.simSpeed` and starts it against
 * `baseUrl`. Resolves to the running simulator (call `stop()` on shutdown).
 */
export async function startSimulator(pool: pg.Pool, config: Config, log: Logger, baseUrl: string): Promise<Simulator> {
  const password = randomBytes(18).toString('base64url');
  await repo.upsertServiceUser(pool, SIMULATOR_USERNAME, await hashPassword(password));
  await withTransaction(pool, (client) => repo.setState(client, { running: true, speed: config.simSpeed }));
  const sim = new Simulator({ baseUrl, username: SIMULATOR_USERNAME, password, log, seed: config.seed, accounts: config.demoCustomers });
  sim.start();
  log.info(`simulator: running at ×${config.simSpeed} (pause or change speed from the Dispatch view)`);
  return sim;
}
