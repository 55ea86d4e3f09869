/**
 * The embedded PostgreSQL: a private cluster in `<dataDir>/postgres`, made with the installed `initdb`
 * and run with `pg_ctl` on a free local port. Used by `main.ts` when there is no `DATABASE_URL`, by the
 * server tests' global setup (a throwaway cluster in a temp dir), the e2e tests and the seed CLI.
 *
 * PostgreSQL refuses to run as root, so as root every PostgreSQL binary runs as the `postgres` system user
 * (`runuser -u postgres --`) and the cluster folder belongs to it; otherwise it runs as the current user.
 */
import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, dirname, join, resolve } from 'node:path';
import pg from 'pg';

/** The Debian package that provides PostgreSQL with PostGIS, named in every "missing" message. */
export const POSTGIS_PACKAGE = 'postgresql-15-postgis-3';

/** Thrown when PostgreSQL or PostGIS is not installed; the message names the package to install. */
export class MissingPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingPostgresError';
  }
}

/** Thrown when the cluster cannot be created or started; the message includes the tail of the server log. */
export class EmbeddedPostgresError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

/** Where the PostgreSQL binaries are. */
export interface PgInstall {
  binDir: string;
  /** Major version, e.g. 15. */
  major: number;
  shareDir: string;
}

const BINARIES = ['initdb', 'pg_ctl', 'postgres'];

function run(file: string, args: string[], asPostgres: boolean, timeoutMs = 120_000): Promise<{ stdout: string; stderr: string }> {
  const [cmd, argv] = asPostgres ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  return new Promise((resolvePromise, reject) => {
    execFile(cmd, argv, { timeout: timeoutMs, env: { ...process.env, LC_ALL: 'C' } }, (err, stdout, stderr) => {
      if (err) {
        const e = err as Error & { stdout?: string; stderr?: string };
        e.stdout = stdout;
        e.stderr = stderr;
        reject(e);
      } else resolvePromise({ stdout, stderr });
    });
  });
}

const hasAll = (dir: string): boolean => BINARIES.every((b) => existsSync(join(dir, b)));

/**
 * Finds `initdb`, `pg_ctl` and `postgres`: first on PATH, else the highest version under
 * `/usr/lib/postgresql/<version>/bin`, and checks that PostGIS is installed for that version.
 * @throws MissingPostgresError naming the Debian package when either is missing.
 */
export async function findPostgres(pathEnv = process.env.PATH ?? '', root = '/usr/lib/postgresql'): Promise<PgInstall> {
  let binDir = pathEnv.split(delimiter).find((d) => d !== '' && hasAll(d));
  if (!binDir && existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => /^\d+(\.\d+)?$/.test(v) && hasAll(join(root, v, 'bin')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length > 0) binDir = join(root, versions[0], 'bin');
  }
  if (!binDir) {
    throw new MissingPostgresError(
      `PostgreSQL is not installed (initdb, pg_ctl and postgres not found on PATH or in ${root}/*/bin): install the Debian package ${POSTGIS_PACKAGE} (apt-get install -y ${POSTGIS_PACKAGE}).`,
    );
  }
  const pgConfig = join(binDir, 'pg_config');
  let shareDir: string;
  let major: number;
  try {
    const sharedir = await run(existsSync(pgConfig) ? pgConfig : 'pg_config', ['--sharedir', '--version'], false, 10_000);
    const [share, version] = sharedir.stdout.trim().split('\n');
    shareDir = share.trim();
    major = Number(/PostgreSQL (\d+)/.exec(version)?.[1] ?? NaN);
  } catch {
    throw new MissingPostgresError(`pg_config not found next to ${binDir}/initdb: install the Debian package ${POSTGIS_PACKAGE}.`);
  }
  const pkg = Number.isFinite(major) ? `postgresql-${major}-postgis-3` : POSTGIS_PACKAGE;
  if (!existsSync(join(shareDir, 'extension', 'postgis.control'))) {
    throw new MissingPostgresError(
      `PostGIS is not installed for PostgreSQL ${major} (no ${shareDir}/extension/postgis.control): install the Debian package ${pkg} (apt-get install -y ${pkg}).`,
    );
  }
  return { binDir, major, shareDir };
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePromise(port));
    });
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid and port of a postmaster that is running on `clusterDir`, or null (a stale pid file is removed). */
function runningPostmaster(clusterDir: string): { pid: number; port: number } | null {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  let ours = false;
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
    // a live pid might have been reused by an unrelated process after a crash: check it is a postgres
    // serving this very directory
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      ours = cmdline.some((a) => /postgres|postmaster/.test(a)) && cmdline.some((a) => a !== '' && resolve(a) === resolve(clusterDir));
    } catch {
      ours = !existsSync('/proc/self'); // without /proc, trust the pid
    }
  }
  if (ours && Number.isInteger(port) && port > 0) return { pid, port };
  rmSync(pidFile, { force: true });
  return null;
}

export interface EmbeddedOptions {
  /** The app's data folder; the cluster lives in `<dataDir>/postgres`. */
  dataDir: string;
  /** Database to create (default `gridops`). */
  database?: string;
  /** Faster but crash-unsafe settings (fsync off), for throwaway test clusters. */
  throwaway?: boolean;
  /** Port to run on (default: a free one picked at each start). */
  port?: number;
  /** Progress messages. */
  log?: (message: string) => void;
}

/** A running embedded cluster. */
export interface EmbeddedPostgres {
  /** `postgresql://postgres@127.0.0.1:<port>/<database>`. */
  url: string;
  port: number;
  clusterDir: string;
  /** Whether `initdb` ran now (first start). */
  created: boolean;
  /** False when another process had already started this cluster; `stop` then leaves it running. */
  owned: boolean;
  /** Connection URL of another database on the same cluster. */
  urlFor(database: string): string;
  /** Stops the cluster (`pg_ctl stop -m fast`) if this process started it. */
  stop(): Promise<void>;
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Makes sure the postgres system user can reach `dir`: every ancestor must be searchable by others.
 * @throws EmbeddedPostgresError naming the first folder that is not.
 */
function checkTraversable(dir: string): void {
  for (let d = dirname(dir); ; d = dirname(d)) {
    const mode = statSync(d).mode;
    if ((mode & 0o001) === 0) {
      throw new EmbeddedPostgresError(`the postgres user cannot enter ${d} (mode ${(mode & 0o777).toString(8)}); run chmod o+x ${d} or set GRIDOPS_DATA_DIR elsewhere`);
    }
    if (d === dirname(d)) break;
  }
}

/**
 * Starts (creating on first run) the embedded cluster and makes sure the database exists with PostGIS.
 * Attaches to the cluster if another process already runs it. A stale `postmaster.pid` is removed.
 * @throws MissingPostgresError when PostgreSQL/PostGIS are not installed.
 * @throws EmbeddedPostgresError when initdb or the server fails (with the server log's tail).
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const log = opts.log ?? (() => {});
  const database = opts.database ?? 'gridops';
  const install = await findPostgres();
  const asPostgres = process.getuid?.() === 0;
  const clusterDir = resolve(opts.dataDir, 'postgres');
  const bin = (name: string): string => join(install.binDir, name);
  const logFile = join(clusterDir, 'server.log');

  let postgresUid = -1;
  let postgresGid = -1;
  if (asPostgres) {
    try {
      const { stdout } = await run('id', ['-u', 'postgres'], false, 5_000);
      postgresUid = Number(stdout.trim());
      postgresGid = Number((await run('id', ['-g', 'postgres'], false, 5_000)).stdout.trim());
    } catch {
      throw new MissingPostgresError(`running as root needs the "postgres" system user, which the Debian package ${POSTGIS_PACKAGE} creates; install it.`);
    }
  }

  mkdirSync(dirname(clusterDir), { recursive: true });
  if (!existsSync(clusterDir)) mkdirSync(clusterDir, { mode: 0o700 });
  if (asPostgres) {
    checkTraversable(clusterDir);
    chownSync(clusterDir, postgresUid, postgresGid);
  }

  let created = false;
  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    log(`creating the embedded PostgreSQL ${install.major} cluster in ${clusterDir}`);
    // an interrupted earlier initdb leaves a partial folder that initdb refuses to reuse
    for (const entry of readdirSync(clusterDir)) rmSync(join(clusterDir, entry), { recursive: true, force: true });
    try {
      await run(bin('initdb'), ['-D', clusterDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'], asPostgres);
    } catch (err) {
      const e = err as Error & { stderr?: string };
      throw new EmbeddedPostgresError(`initdb failed: ${(e.stderr || e.message).trim()}`);
    }
    // only local connections: the unix socket in the cluster folder and 127.0.0.1
    writeFileSync(
      join(clusterDir, 'pg_hba.conf'),
      'local all all trust\nhost all all 127.0.0.1/32 trust\n',
    );
    if (asPostgres) chownSync(join(clusterDir, 'pg_hba.conf'), postgresUid, postgresGid);
    created = true;
  }

  const existing = runningPostmaster(clusterDir);
  let port: number;
  let owned = false;
  if (existing) {
    port = existing.port;
    log(`attaching to the embedded PostgreSQL already running on port ${port}`);
  } else {
    port = 0;
    let lastError = '';
    for (let attempt = 0; attempt < 3 && port === 0; attempt++) {
      const candidate = opts.port ?? (await freePort());
      const settings = [
        `-p ${candidate}`,
        `-k ${clusterDir}`,
        `-c listen_addresses=127.0.0.1`,
        '-c max_connections=100',
        // A private single-node cluster: no replication, so minimal WAL lets the seed's COPY into tables it
        // truncated in the same transaction skip the WAL; bigger maintenance memory speeds its index builds.
        '-c wal_level=minimal',
        '-c max_wal_senders=0',
        '-c max_wal_size=2GB',
        '-c maintenance_work_mem=256MB',
        ...(opts.throwaway ? ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'] : []),
      ].join(' ');
      try {
        await run(bin('pg_ctl'), ['start', '-w', '-t', '120', '-D', clusterDir, '-l', logFile, '-o', settings], asPostgres, 150_000);
        port = candidate;
      } catch (err) {
        const e = err as Error & { stderr?: string };
        lastError = `${(e.stderr || e.message).trim()}\n${tail(logFile)}`;
        runningPostmaster(clusterDir); // clears a pid file left by the failed attempt
      }
    }
    if (port === 0) throw new EmbeddedPostgresError(`could not start PostgreSQL in ${clusterDir}:\n${lastError}`);
    owned = true;
    log(`embedded PostgreSQL ${install.major} running on 127.0.0.1:${port}`);
  }

  const urlFor = (db: string): string => `postgresql://postgres@127.0.0.1:${port}/${encodeURIComponent(db)}`;
  const stop = async (): Promise<void> => {
    if (!owned) return;
    owned = false;
    await run(bin('pg_ctl'), ['stop', '-w', '-t', '60', '-D', clusterDir, '-m', 'fast'], asPostgres, 90_000).catch((err: Error & { stderr?: string }) => {
      log(`pg_ctl stop: ${(err.stderr || err.message).trim()}`);
    });
  };

  try {
    await ensureDatabase(urlFor('postgres'), urlFor(database), database);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url: urlFor(database), port, clusterDir, created, get owned() { return owned; }, urlFor, stop };
}

async function ensureDatabase(adminUrl: string, dbUrl: string, database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) {
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`).catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err; // created meanwhile by another process
      });
    }
  } finally {
    await admin.end();
  }
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS postgis');
  } catch (err) {
    throw new MissingPostgresError(`CREATE EXTENSION postgis failed (${(err as Error).message}): install the Debian package ${POSTGIS_PACKAGE}.`);
  } finally {
    await db.end();
  }
}
