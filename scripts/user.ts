/**
 * Account administration from the command line, for production where demo accounts are refused:
 *
 *   npm run user -- list
 *   npm run user -- add <username> <role> [--manager <id>]     (password read from stdin)
 *   npm run user -- set-password <username>                    (password read from stdin)
 *
 * Uses DATABASE_URL, or the embedded cluster in GRIDOPS_DATA_DIR (started if it is not running).
 */
import { loadConfig } from '../server/config.ts';
import { startEmbeddedPostgres } from '../server/db/embedded.ts';
import type { EmbeddedPostgres } from '../server/db/embedded.ts';
import { migrate } from '../server/db/migrate.ts';
import { createPool } from '../server/db/pool.ts';
import { AppError } from '../server/errors.ts';
import { consoleLogger } from '../server/log.ts';
import { addUser, allUsers, setPassword } from '../server/services/users.ts';

const USAGE = 'usage: npm run user -- list | add <username> <role> [--manager <id>] | set-password <username>   (password on stdin)';

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('password: ');
  let data = '';
  for await (const chunk of process.stdin) {
    data += String(chunk);
    if (process.stdin.isTTY && data.includes('\n')) break;
  }
  return data.replace(/\r?\n$/, '').split(/\r?\n/)[0];
}

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  if (!command || !['list', 'add', 'set-password'].includes(command)) throw new Error(USAGE);
  const config = loadConfig(process.env);
  let embedded: EmbeddedPostgres | undefined;
  if (!config.databaseUrl) embedded = await startEmbeddedPostgres({ dataDir: config.dataDir });
  const pool = createPool(config.databaseUrl ?? embedded!.url, { log: consoleLogger, max: 2 });
  try {
    await migrate(pool);
    if (command === 'list') {
      for (const u of await allUsers(pool)) {
        process.stdout.write(`${u.id}\t${u.username}\t${u.role}${u.managerId !== null ? `\tmanager ${u.managerId}` : ''}${u.isDemo ? '\t(demo)' : ''}\n`);
      }
    } else if (command === 'add') {
      const [username, role] = args;
      const m = args.indexOf('--manager');
      const managerId = m >= 0 ? Number(args[m + 1]) : null;
      if (!username || !role || (managerId !== null && !Number.isInteger(managerId))) throw new Error(USAGE);
      await addUser(pool, username, role, await readStdin(), managerId);
      process.stdout.write(`created ${username} (${role})\n`);
    } else {
      const [username] = args;
      if (!username) throw new Error(USAGE);
      await setPassword(pool, username, await readStdin());
      process.stdout.write(`password of ${username} changed; its sessions ended\n`);
    }
  } finally {
    await pool.end();
    await embedded?.stop();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof AppError || err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
