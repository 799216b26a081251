import type { Job } from 'bullmq';
import type { JobName, JobPayloads } from './jobs.js';

/** A processor for one job name. Handlers re-read state from Postgres, are idempotent, and let errors propagate. */
export interface JobHandler<N extends JobName = JobName> {
  readonly jobName: N;
  handle(job: Job<JobPayloads[N], unknown, N>): Promise<unknown>;
  /** Called once when no retry is left (or the error is unrecoverable): record the failure visibly. */
  onFinalFailure?(job: Job<JobPayloads[N], unknown, N>, error: Error): Promise<void>;
}

/** Multi-provider token under which domains register their handlers with the worker. */
export const JOB_HANDLERS = Symbol('JOB_HANDLERS');
