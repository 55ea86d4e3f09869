/**
 * Worker thread for buildRoutingFileParallel: contracts one speed period's graph and sends the
 * hierarchy's typed arrays back (transferred, not copied). Node-only.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { contract } from '../../geo/routing/contraction.ts';
import type { Graph } from '../../geo/routing/graph.ts';

const graph = workerData as Graph;
const ch = contract(graph);
const buffers = Object.values(ch).filter((v): v is Int32Array | Float64Array => ArrayBuffer.isView(v)).map((v) => v.buffer as ArrayBuffer);
parentPort?.postMessage(ch, buffers);
