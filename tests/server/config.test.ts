import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

describe('loadConfig', () => {
  it('has defaults: port 8080, .data, embedded demo on', () => {
    expect(loadConfig({})).toEqual({
      port: 8080,
      databaseUrl: undefined,
      dataDir: '.data',
      demo: true,
      seed: 1,
      demoCustomers: 1_000_000,
      basemapStyle: undefined,
      nodeEnv: 'development',
      sessionTtlHours: 12,
      simulator: true,
      simSpeed: 10,
      reportLimit: 5,
      reportWindowSeconds: 600,
    });
  });

  it('reads every variable', () => {
    const c = loadConfig({
      PORT: '9000',
      DATABASE_URL: 'postgres://u:p@db:5432/x',
      GRIDOPS_DATA_DIR: '/srv/gridops',
      GRIDOPS_DEMO: 'yes',
      GRIDOPS_SEED: '7',
      GRIDOPS_DEMO_CUSTOMERS: '5000',
      GRIDOPS_BASEMAP_STYLE: 'https://tiles.example.org/style.json',
      NODE_ENV: 'test',
      GRIDOPS_SESSION_TTL_HOURS: '1.5',
    });
    expect(c).toEqual({
      port: 9000,
      databaseUrl: 'postgres://u:p@db:5432/x',
      dataDir: '/srv/gridops',
      demo: true,
      seed: 7,
      demoCustomers: 5000,
      basemapStyle: 'https://tiles.example.org/style.json',
      nodeEnv: 'test',
      sessionTtlHours: 1.5,
      simulator: true,
      simSpeed: 10,
      reportLimit: 5,
      reportWindowSeconds: 600,
    });
  });

  it('demo defaults off with an external database or in production, and can be forced', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://h/db' }).demo).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production' }).demo).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRIDOPS_DEMO: '1' }).demo).toBe(true);
    expect(loadConfig({ GRIDOPS_DEMO: 'off' }).demo).toBe(false);
    expect(loadConfig({ PORT: '' }).port).toBe(8080); // empty means unset
  });

  it('rejects bad values naming each variable and its value', () => {
    const err = (() => {
      try {
        loadConfig({ PORT: '70000', GRIDOPS_DEMO: 'maybe', DATABASE_URL: 'mysql://x', GRIDOPS_SEED: '1.5' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    for (const part of ['PORT="70000"', 'GRIDOPS_DEMO="maybe"', 'DATABASE_URL="mysql://x"', 'GRIDOPS_SEED="1.5"']) expect(msg).toContain(part);
  });
});
