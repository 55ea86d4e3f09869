/**
 * Worker thread for plan computations: runs `partition` on the graph and weights it is given and posts
 * `{type: 'progress', fraction}` messages, then `{type: 'done', result}` (typed arrays transferred) or
 * `{type: 'error', code, field, message}` for a GeoError. Node-only; started by `services/plans.ts`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { GeoError } from '../../geo/errors.ts';
import { partition } from '../../geo/partition/index.ts';
import type { CsrGraph, PartitionOptions } from '../../geo/partition/index.ts';

/** What the worker receives. */
export interface PartitionJobInput {
  graph: CsrGraph;
  weights: Float64Array[];
  options: Omit<PartitionOptions, 'onProgress'>;
}

const input = workerData as PartitionJobInput;
let last = -1;
try {
  const result = partition(input.graph, input.weights, {
    ...input.options,
    onProgress: (fraction) => {
      // at most one message per percent
      if (fraction - last < 0.01 && fraction < 1) return;
      last = fraction;
      parentPort?.postMessage({ type: 'progress', fraction });
    },
  });
  parentPort?.postMessage({ type: 'done', result }, [result.assignment.buffer as ArrayBuffer, result.loads.buffer as ArrayBuffer]);
} catch (err) {
  if (err instanceof GeoError) parentPort?.postMessage({ type: 'error', code: err.code, field: err.field, message: err.message });
  else throw err;
}
