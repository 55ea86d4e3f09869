/** The demo simulator's controls (admins and dispatchers): state, pause/resume and speed, storm. */
import { z } from 'zod';
import { getSimulatorState, startStorm, updateSimulator } from '../simulator/state.ts';
import { defineRoute } from './define.ts';

const ROLES = ['admin', 'dispatcher'] as const;

export const routes = [
  defineRoute({
    method: 'get',
    path: '/api/simulator',
    roles: ROLES,
    summary: 'Simulator state: running, speed, simulated time, storm, counters',
    handler: ({ deps }) => getSimulatorState(deps.pool),
  }),
  defineRoute({
    method: 'post',
    path: '/api/simulator',
    roles: ROLES,
    summary: 'Pause/resume {running} and/or set {speed} (1–60)',
    body: z.object({
      running: z.boolean({ message: 'must be true or false' }).optional(),
      speed: z.number({ message: 'must be 1–60' }).min(1, 'must be 1–60').max(60, 'must be 1–60').optional(),
    }),
    handler: ({ body, deps }) => updateSimulator(deps, body),
  }),
  defineRoute({
    method: 'post',
    path: '/api/simulator/storm',
    roles: ROLES,
    summary: 'Start a storm: faults surge for {minutes} simulated minutes (default 60)',
    body: z.object({ minutes: z.number({ message: 'must be 1–1440' }).int().min(1, 'must be 1–1440').max(1440, 'must be 1–1440').default(60) }),
    handler: ({ body, deps }) => startStorm(deps, body.minutes),
  }),
];
