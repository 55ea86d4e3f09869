/**
 * `npm start`: loads the configuration, starts GridOps and prints `GridOps ready at http://localhost:<port>`.
 * Exit codes: 0 after SIGINT/SIGTERM, 1 for a bad configuration, missing PostgreSQL/PostGIS or demo passwords
 * in production (one line, no stack), 2 when the database is unreachable at start.
 */
import { ConfigError, loadConfig } from './config.ts';
import { EmbeddedPostgresError, MissingPostgresError } from './db/embedded.ts';
import { consoleLogger } from './log.ts';
import { DatabaseUnreachableError, DemoPasswordError, startGridOps } from './start.ts';
import type { RunningServer } from './start.ts';

function fail(message: string, code: number): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message, 1);
    throw err;
  }

  // a signal during the start (e.g. Ctrl-C while seeding) aborts it and stops the embedded cluster
  const starting = new AbortController();
  const abortStart = (): void => starting.abort();
  process.once('SIGINT', abortStart);
  process.once('SIGTERM', abortStart);

  let running: RunningServer;
  try {
    running = await startGridOps(config, consoleLogger, { signal: starting.signal });
  } catch (err) {
    if (starting.signal.aborted) fail('Start interrupted.', 0);
    if (err instanceof DatabaseUnreachableError) fail(err.message, 2);
    if (err instanceof MissingPostgresError || err instanceof DemoPasswordError || err instanceof EmbeddedPostgresError) fail(err.message, 1);
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') fail(`Port ${config.port} is already in use; set PORT to another port.`, 1);
    throw err;
  }

  process.off('SIGINT', abortStart);
  process.off('SIGTERM', abortStart);
  const t = running.timingsMs;
  process.stdout.write(`GridOps ready at ${running.url}\n`);
  process.stdout.write(
    `(started in ${(t.total / 1000).toFixed(1)} s: database ${t.database} ms, migrations ${t.migrate} ms, seed ${t.seed} ms, accounts ${t.accounts} ms, http ${t.listen} ms)\n`,
  );

  let stopping = false;
  const stop = (signal: string): void => {
    // `npm start` relays Ctrl-C, so a signal can arrive twice: the first one wins
    if (stopping) return;
    stopping = true;
    process.stdout.write(`${signal}: shutting down…\n`);
    setTimeout(() => fail('shutdown took longer than 30 s; exiting anyway', 1), 30_000).unref();
    running.close().then(
      () => process.exit(0),
      (err: Error) => fail(`shutdown failed: ${err.message}`, 1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`GridOps failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
