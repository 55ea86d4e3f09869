/**
 * A tiny line logger: one line per message on stderr (info on stdout), with optional JSON details.
 * Tests pass `silentLogger` or a collecting logger to keep output readable.
 */
export interface Logger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

const format = (level: string, message: string, details?: Record<string, unknown>): string =>
  `${new Date().toISOString()} ${level} ${message}${details ? ' ' + JSON.stringify(details, errorReplacer) : ''}\n`;

// Error objects serialise to {} by default; keep their name, message and stack in the log.
function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { ...value, name: value.name, message: value.message, stack: value.stack };
  return value;
}

/** The default logger: info to stdout, warnings and errors to stderr. */
export const consoleLogger: Logger = {
  info: (m, d) => void process.stdout.write(format('INFO', m, d)),
  warn: (m, d) => void process.stderr.write(format('WARN', m, d)),
  error: (m, d) => void process.stderr.write(format('ERROR', m, d)),
};

/** A logger that drops everything. */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };

/** A logger that keeps every line in `lines` (for tests asserting on what was logged). */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const push = (level: string) => (m: string, d?: Record<string, unknown>) => void lines.push(format(level, m, d));
  return { lines, info: push('INFO'), warn: push('WARN'), error: push('ERROR') };
}
