/** Promise-based calls into the Plan view's worker (one worker per open plan; replies come in request order). */
import type { Op, Reply, Request, Requests } from '../../workers/plan-protocol.ts';

/** An error the worker reported (e.g. GeoError 'infeasible' from a rebalance). */
export class WorkerError extends Error {
  readonly code: string | undefined;
  constructor(message: string, code?: string) {
    super(message);
    this.name = 'WorkerError';
    this.code = code;
  }
}

export class PlanWorker {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor() {
    this.worker = new Worker(new URL('../../workers/plan-worker.ts', import.meta.url), { type: 'module', name: 'plan-editor' });
    this.worker.onmessage = (e: MessageEvent<Reply>) => {
      const r = e.data;
      const w = this.waiting.get(r.id);
      if (!w) return;
      this.waiting.delete(r.id);
      if (r.ok) w.resolve(r.result);
      else w.reject(new WorkerError(r.error, r.code));
    };
    this.worker.onerror = (e) => {
      const err = new WorkerError(e.message || 'plan worker failed');
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
  }

  /** Sends one request; resolves to its result. */
  call<K extends Op>(op: K, req: Requests[K]['req']): Promise<Requests[K]['res']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage({ id, op, ...req } as Request);
    });
  }

  /** Stops the worker; pending calls never settle. */
  terminate(): void {
    this.worker.terminate();
    this.waiting.clear();
  }
}
