/**
 * Background jobs of this server process (plan computations): an in-memory registry with each job's status
 * and progress, read by `GET /api/jobs/:id`. Jobs live in the process that started them (a restart loses
 * running jobs; the results they stored stay). Finished jobs are forgotten after an hour.
 */
import { randomUUID } from 'node:crypto';
import { NotFoundError } from '../errors.ts';

export type JobStatus = 'running' | 'done' | 'failed';

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
}

/** How long a finished job stays readable, ms. */
const KEEP_MS = 60 * 60 * 1000;

const jobs = new Map<string, JobView>();

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
  };
  // start after the caller has answered
  setImmediate(() => {
    run(ctx).then(
      (r) => {
        job.status = 'done';
        job.progress = 1;
        if (r.planId !== undefined) job.planId = r.planId;
        job.finishedAt = new Date().toISOString();
        notify();
      },
      (err: unknown) => {
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
