/**
 * SSE clients for `bench:live`, run in a worker thread per server so that reading 200 streams does not share
 * the publisher's event loop. Receives `{url, cookie, clients, total}`; posts `{ready}` once every stream is
 * open; on `'finish'` posts each client's lost/duplicated/out-of-order counts and every delivery latency (ms).
 */
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';

const { url, cookie, clients, total } = workerData as { url: string; cookie: string; clients: number; total: number };

interface Client {
  /** seq → times received */
  seen: Uint16Array;
  /** events whose SSE id was not above the previous one's */
  outOfOrder: number;
  lastId: number;
  ctrl: AbortController;
}

// publish → receive latency, ms, of every delivery to this worker's clients
const latencies: number[] = [];
const all: Client[] = [];
// the bench payload starts {"seq":N,"sentAt":T,…}: read both without parsing the whole event
const SEQ = /"seq":(\d+),"sentAt":([\d.]+)/;

async function open(): Promise<void> {
  const c: Client = { seen: new Uint16Array(total), outOfOrder: 0, lastId: 0, ctrl: new AbortController() };
  all.push(c);
  const res = await fetch(`${url}/api/events`, { headers: { cookie, accept: 'text/event-stream' }, signal: c.ctrl.signal });
  if (res.status !== 200 || !res.body) throw new Error(`SSE answered ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const now = performance.timeOrigin + performance.now();
        buf += value;
        let i;
        while ((i = buf.indexOf('\n\n')) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          if (!block.startsWith('id: ') || !block.includes('"type":"bench.live"')) continue;
          const id = Number(block.slice(4, block.indexOf('\n')));
          const m = SEQ.exec(block);
          if (!m) continue;
          const seq = Number(m[1]);
          c.seen[seq]++;
          if (!(id > c.lastId)) c.outOfOrder++;
          c.lastId = Math.max(c.lastId, id);
          latencies.push(now - Number(m[2]));
        }
      }
    } catch {
      // aborted at the end
    }
  })();
}

await Promise.all(Array.from({ length: clients }, () => open()));
parentPort!.postMessage({ ready: true });
parentPort!.on('message', (m: unknown) => {
  if (m === 'count') {
    parentPort!.postMessage({ count: latencies.length });
    return;
  }
  if (m !== 'finish') return;
  const perClient = all.map((c) => {
    let lost = 0;
    let duplicated = 0;
    for (let s = 0; s < total; s++) {
      if (c.seen[s] === 0) lost++;
      else if (c.seen[s] > 1) duplicated += c.seen[s] - 1;
    }
    c.ctrl.abort();
    return { lost, duplicated, outOfOrder: c.outOfOrder };
  });
  const lat = Float64Array.from(latencies);
  parentPort!.postMessage({ perClient, latencies: lat }, [lat.buffer]);
});
