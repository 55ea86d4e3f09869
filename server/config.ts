/**
 * Server configuration. This is the only file that reads `process.env`; everything else receives a `Config`.
 */
import { z } from 'zod';

/** Environment variables GridOps understands, with their defaults. */
export interface Config {
  /** HTTP port (`PORT`, default 8080; 0 picks a free port). */
  port: number;
  /** External PostgreSQL (`DATABASE_URL`); when absent the server runs its own embedded cluster. */
  databaseUrl: string | undefined;
  /** Folder for the embedded cluster and caches (`GRIDOPS_DATA_DIR`, default `.data`). */
  dataDir: string;
  /** Demo mode: seed the Guangzhou demo and create demo accounts (`GRIDOPS_DEMO`). */
  demo: boolean;
  /** Seed of the demo dataset generator (`GRIDOPS_SEED`, default 1). */
  seed: number;
  /** Number of synthetic customers in the demo (`GRIDOPS_DEMO_CUSTOMERS`, default 1,000,000). */
  demoCustomers: number;
  /** Optional online basemap style URL (`GRIDOPS_BASEMAP_STYLE`); the offline basemap is used when absent. */
  basemapStyle: string | undefined;
  /** `NODE_ENV`, default `development`. */
  nodeEnv: 'development' | 'production' | 'test';
  /** Session lifetime in hours (`GRIDOPS_SESSION_TTL_HOURS`, default 12). */
  sessionTtlHours: number;
  /** Run the live-demo simulator (`GRIDOPS_SIMULATOR=on|off`; default on in demo mode, off otherwise). */
  simulator: boolean;
  /** Simulator speed at start, ×1 … ×60 (`GRIDOPS_SIM_SPEED`, default 10). */
  simSpeed: number;
  /** Public fault reports accepted per client IP in `reportWindowSeconds` (`GRIDOPS_REPORT_LIMIT`, default 5). */
  reportLimit: number;
  /** Window of the report rate limit, seconds (`GRIDOPS_REPORT_WINDOW_S`, default 600). */
  reportWindowSeconds: number;
}

/** Thrown by `loadConfig` when a variable has a bad value; the message names the variable and the value. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const emptyAsUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const boolFlag = z.preprocess(
  emptyAsUndefined,
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'], { message: 'expected one of 1/0/true/false/yes/no/on/off' })
    .transform((v) => ['1', 'true', 'yes', 'on'].includes(v))
    .optional(),
);

const intIn = (min: number, max: number) =>
  z.preprocess(emptyAsUndefined, z.coerce.number().int().min(min).max(max).optional());

const schema = z.object({
  PORT: intIn(0, 65535),
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL')
      .optional(),
  ),
  GRIDOPS_DATA_DIR: z.preprocess(emptyAsUndefined, z.string().optional()),
  GRIDOPS_DEMO: boolFlag,
  GRIDOPS_SEED: intIn(0, 2 ** 31 - 1),
  GRIDOPS_DEMO_CUSTOMERS: intIn(0, 20_000_000),
  GRIDOPS_BASEMAP_STYLE: z.preprocess(emptyAsUndefined, z.url().optional()),
  NODE_ENV: z.preprocess(emptyAsUndefined, z.enum(['development', 'production', 'test']).optional()),
  GRIDOPS_SESSION_TTL_HOURS: z.preprocess(emptyAsUndefined, z.coerce.number().positive().max(24 * 365).optional()),
  GRIDOPS_SIMULATOR: boolFlag,
  GRIDOPS_SIM_SPEED: intIn(1, 60),
  GRIDOPS_REPORT_LIMIT: intIn(1, 10_000),
  GRIDOPS_REPORT_WINDOW_S: intIn(1, 86_400),
});

/**
 * Reads and validates the configuration from an environment map (normally `process.env`).
 * Demo mode defaults to on with the embedded cluster and off with `NODE_ENV=production`.
 * @throws ConfigError naming every bad variable and its value.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      return `${name}=${JSON.stringify(env[name] ?? '')}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  const e = parsed.data;
  const nodeEnv = e.NODE_ENV ?? 'development';
  const demo = e.GRIDOPS_DEMO ?? (e.DATABASE_URL === undefined && nodeEnv !== 'production');
  return {
    port: e.PORT ?? 8080,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.GRIDOPS_DATA_DIR ?? '.data',
    demo,
    seed: e.GRIDOPS_SEED ?? 1,
    demoCustomers: e.GRIDOPS_DEMO_CUSTOMERS ?? 1_000_000,
    basemapStyle: e.GRIDOPS_BASEMAP_STYLE,
    nodeEnv,
    sessionTtlHours: e.GRIDOPS_SESSION_TTL_HOURS ?? 12,
    simulator: e.GRIDOPS_SIMULATOR ?? (demo && nodeEnv !== 'production'),
    simSpeed: e.GRIDOPS_SIM_SPEED ?? 10,
    reportLimit: e.GRIDOPS_REPORT_LIMIT ?? 5,
    reportWindowSeconds: e.GRIDOPS_REPORT_WINDOW_S ?? 600,
  };
}
