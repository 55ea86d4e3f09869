/**
 * The simulator's shared state behind GET/POST /api/simulator: running, speed (×1 … ×60), the simulated clock
 * (kept in PostgreSQL so every process and the UI agree), a storm (fault surge) and counters of what the
 * simulator's account did. Changes publish `simulator.updated`.
 */
import type pg from 'pg';
import { withTransaction } from '../db/pool.ts';
import type { AppDeps } from '../deps.ts';
import * as repo from '../repositories/simulator.ts';

/** Username of the simulator's dispatcher account (created in demo mode). */
export const SIMULATOR_USERNAME = 'simulator';

/** GET /api/simulator answer and `simulator.updated` payload. */
export interface SimulatorState {
  running: boolean;
  speed: number;
  simTime: string;
  /** simulated time until which faults surge (null: no storm) */
  stormUntil: string | null;
  stats: { faultsCreated: number; ordersResolved: number; followUps: number };
}

const toJson = (r: repo.SimulatorRow): SimulatorState => ({
  running: r.running,
  speed: r.speed,
  simTime: r.simTime.toISOString(),
  stormUntil: r.stormUntil && r.stormUntil > r.simTime ? r.stormUntil.toISOString() : null,
  stats: { faultsCreated: r.faultsCreated, ordersResolved: r.ordersResolved, followUps: r.followUps },
});

/** The current state. */
export async function getSimulatorState(pool: pg.Pool): Promise<SimulatorState> {
  return toJson(await repo.getState(pool, SIMULATOR_USERNAME));
}

/** Pauses/resumes and/or sets the speed; publishes `simulator.updated`. */
export async function updateSimulator(deps: AppDeps, patch: { running?: boolean; speed?: number }): Promise<SimulatorState> {
  return withTransaction(deps.pool, async (client) => {
    await repo.setState(client, patch);
    const out = toJson(await repo.getState(client, SIMULATOR_USERNAME));
    await deps.hub.publish('simulator.updated', out, client);
    return out;
  });
}

/** Starts a storm of `minutes` simulated minutes; publishes `simulator.updated`. */
export async function startStorm(deps: AppDeps, minutes: number): Promise<SimulatorState> {
  return withTransaction(deps.pool, async (client) => {
    await repo.setStorm(client, minutes);
    const out = toJson(await repo.getState(client, SIMULATOR_USERNAME));
    await deps.hub.publish('simulator.updated', out, client);
    return out;
  });
}
