/**
 * Background jobs of this server process (plan computations): an in-memory registry with each job's status
 * and progress, read by `GET /api/jobs/:id`. Jobs live in the process that started them (a restart loses
 * running jobs; the results they stored stay). Finished jobs are forgotten after an hour.
 */
import { randomUUID } from 'node:crypto';
import { ConflictError, NotFoundError } from '../errors.ts';

export type JobStatus = 'running' | 'done' | 'failed' | 'cancelled';

/** A job as the API shows it. */
export interface JobView {
  id: string;
  kind: string;
  status: JobStatus;
  /** 0–1. */
  progress: number;
  /** The stored plan, once done. */
  planId?: number;
  /** Why it failed (a message a planner can act on). */
  error?: string;
  /** Error code when known (`infeasible`, …). */
  code?: string;
  createdBy: number | null;
  createdAt: string;
  finishedAt?: string;
}

/** What a job's body can report while it runs. */
export interface JobContext {
  /** Reports progress in [0, 1] (clamped, never goes back). */
  progress(fraction: number): void;
  /** Aborted when the job is cancelled: the body should stop its work and store nothing. */
  signal: AbortSignal;
}

/** How long a finished job stays readable, ms. */
const KEEP_MS = 60 * 60 * 1000;

const jobs = new Map<string, JobView>();
/** Abort controllers of running jobs. */
const controllers = new Map<string, AbortController>();

function prune(now: number): void {
  for (const [id, j] of jobs) if (j.finishedAt && now - Date.parse(j.finishedAt) > KEEP_MS) jobs.delete(id);
}

/**
 * Starts `run` in the background and returns the job at once. `onChange` is called with a copy of the job
 * after each progress report and when it ends (errors thrown by `onChange` are ignored). `run` resolves to the
 * id of what it stored; if it throws, the job fails with the error's message (and `code` when it has one).
 */
export function startJob(
  kind: string,
  userId: number | null,
  run: (ctx: JobContext) => Promise<{ planId?: number }>,
  onChange: (job: JobView) => void = () => {},
): JobView {
  prune(Date.now());
  const job: JobView = { id: randomUUID(), kind, status: 'running', progress: 0, createdBy: userId, createdAt: new Date().toISOString() };
  jobs.set(job.id, job);
  const controller = new AbortController();
  controllers.set(job.id, controller);
  const notify = (): void => {
    try {
      onChange({ ...job });
    } catch {
      // a listener's failure must not change the job
    }
  };
  const ctx: JobContext = {
    progress(fraction) {
      if (job.status !== 'running') return;
      const f = Math.min(1, Math.max(job.progress, fraction));
      if (f === job.progress) return;
      job.progress = f;
      notify();
    },
    signal: controller.signal,
  };
  controller.signal.addEventListener('abort', () => {
    if (job.status !== 'running') return;
    job.status = 'cancelled';
    job.finishedAt = new Date().toISOString();
    notify();
  });
  // start after the caller has answered
  setImmediate(() => {
    run(ctx).then(
      (r) => {
        controllers.delete(job.id);
        if (job.status !== 'running') return; // cancelled meanwhile
        job.status = 'done';
        job.progress = 1;
        if (r.planId !== undefined) job.planId = r.planId;
        job.finishedAt = new Date().toISOString();
        notify();
      },
      (err: unknown) => {
        controllers.delete(job.id);
        if (job.status !== 'running') return;
        job.status = 'failed';
        job.error = err instanceof Error ? err.message : String(err);
        const code = (err as { code?: unknown }).code;
        if (typeof code === 'string') job.code = code;
        job.finishedAt = new Date().toISOString();
        notify();
      },
    );
  });
  return { ...job };
}

/**
 * A job by id (a copy).
 * @throws NotFoundError for an unknown (or forgotten) job.
 */
export function getJob(id: string): JobView {
  const j = jobs.get(id);
  if (!j) throw new NotFoundError(`No job ${id}`);
  return { ...j };
}

/**
 * Cancels a running job: its status becomes `cancelled` at once and its body is asked to stop (`ctx.signal`);
 * whatever it finishes afterwards is ignored. Resolves to the job (a copy).
 * @throws NotFoundError for an unknown job; ConflictError when the job has already ended.
 */
export function cancelJob(id: string): JobView {
  const j = jobs.get(id);
  if (!j) throw new NotFoundError(`No job ${id}`);
  if (j.status !== 'running') throw new ConflictError(`Job ${id} has already ended (${j.status})`, { status: j.status });
  controllers.get(id)?.abort();
  return { ...j };
}
