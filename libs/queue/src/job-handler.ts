import type { Job } from 'bullmq';
import type { JobName, JobPayloads } from './jobs.js';

/** A processor for one job name. Handlers re-read state from Postgres, are idempotent, and let errors propagate. */
export interface JobHandler<N extends JobName = JobName> {
  readonly jobName: N;
  handle(job: Job<JobPayloads[N], unknown, N>): Promise<unknown>;
}

/** Multi-provider token under which domains register their handlers with the worker. */
export const JOB_HANDLERS = Symbol('JOB_HANDLERS');
