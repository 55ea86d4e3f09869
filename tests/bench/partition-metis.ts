/** Runs Debian's `gpmetis` on a CSR graph with integer multi-constraint vertex weights. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CsrGraph } from '../../geo/partition/types.ts';

export interface MetisRun {
  assignment: Int32Array;
  /** METIS's own "Partitioning" timer (s), excluding file I/O. */
  seconds: number;
  /** wall time of the whole process (s), including reading and writing files. */
  wallSeconds: number;
  version: string;
}

/** True when `gpmetis` can be run. */
export function hasGpmetis(): boolean {
  try {
    execFileSync('gpmetis', ['-help'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes the graph in METIS format (`n m 010 ncon`, 1-based neighbours, integer weights) and runs
 * `gpmetis FILE k` with its defaults (k-way, ufactor 30 = ±3%, contiguity not forced).
 */
export function runGpmetis(graph: CsrGraph, weights: readonly Float64Array[], k: number, extraArgs: string[] = []): MetisRun {
  const n = graph.offsets.length - 1;
  const dir = mkdtempSync(join(tmpdir(), 'metis-'));
  const file = join(dir, 'graph.metis');
  const lines: string[] = [`${n} ${graph.targets.length / 2} 010 ${weights.length}`];
  for (let u = 0; u < n; u++) {
    const row: number[] = weights.map((w) => Math.round(w[u]));
    for (let i = graph.offsets[u]; i < graph.offsets[u + 1]; i++) row.push(graph.targets[i] + 1);
    lines.push(row.join(' '));
  }
  writeFileSync(file, lines.join('\n') + '\n');
  const t = performance.now();
  const out = execFileSync('gpmetis', [...extraArgs, file, String(k)], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const wallSeconds = (performance.now() - t) / 1000;
  const assignment = Int32Array.from(readFileSync(`${file}.part.${k}`, 'utf8').trim().split('\n').map(Number));
  rmSync(dir, { recursive: true, force: true });
  const seconds = Number(out.match(/Partitioning:\s*([\d.]+)/)?.[1] ?? wallSeconds);
  const version = out.match(/METIS\s+([\d.]+)/)?.[1] ?? '?';
  return { assignment, seconds, wallSeconds, version };
}
