/** What the HTTP layer hands to every route handler. Built once in `main.ts` (or by the test helpers). */
import type pg from 'pg';
import type { Config } from './config.ts';
import type { EventHub } from './events/hub.ts';
import type { Logger } from './log.ts';
import type { RoadNetworkService } from './services/road-network.ts';

export interface AppDeps {
  pool: pg.Pool;
  config: Config;
  hub: EventHub;
  log: Logger;
  /** The road network for the routing routes (absent: they answer 503). */
  roads?: RoadNetworkService;
}
