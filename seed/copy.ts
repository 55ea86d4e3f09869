/**
 * Streams rows into PostgreSQL with `COPY … FROM STDIN` (text format) via pg-copy-streams. Node-only.
 */
import type pg from 'pg';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import copyStreams from 'pg-copy-streams';
import { COPY_BINARY_HEADER, COPY_BINARY_TRAILER } from './copy-binary.ts';

/**
 * Runs `COPY table (columns) FROM STDIN` and feeds it the text chunks an iterable yields. Each chunk must hold
 * whole lines in COPY text format (tab-separated, `\N` for null, newline-terminated). Returns the row count
 * PostgreSQL reports.
 * @throws whatever PostgreSQL reports (bad value, constraint violation); the caller's transaction then aborts.
 */
export async function copyRows(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  chunks: Iterable<string> | AsyncIterable<string>,
): Promise<number> {
  const sql = `COPY ${table} (${columns.join(', ')}) FROM STDIN`;
  const sink = client.query(copyStreams.from(sql));
  await pipeline(Readable.from(chunks, { objectMode: false, highWaterMark: 4 }), sink);
  return Number(sink.rowCount ?? 0);
}

/** Escapes a text value for COPY text format (backslash, tab, newline, carriage return). */
export function copyText(s: string | null | undefined): string {
  if (s === null || s === undefined) return '\\N';
  return s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/**
 * Runs `COPY table (columns) FROM STDIN (FORMAT binary)` and feeds it the header, the row buffers an iterable
 * yields (see CopyBinaryWriter) and the trailer. Returns the row count PostgreSQL reports.
 * @throws whatever PostgreSQL reports; the caller's transaction then aborts.
 */
export async function copyBinary(
  client: pg.PoolClient,
  table: string,
  columns: readonly string[],
  chunks: Iterable<Buffer>,
): Promise<number> {
  const sql = `COPY ${table} (${columns.join(', ')}) FROM STDIN (FORMAT binary)`;
  const sink = client.query(copyStreams.from(sql));
  function* framed(): Generator<Buffer> {
    yield COPY_BINARY_HEADER;
    yield* chunks;
    yield COPY_BINARY_TRAILER;
  }
  await pipeline(Readable.from(framed(), { objectMode: false, highWaterMark: 4 }), sink);
  return Number(sink.rowCount ?? 0);
}
