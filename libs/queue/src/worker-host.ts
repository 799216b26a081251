import { Logger } from '@nestjs/common';
import { UnrecoverableError, type Job, type Worker } from 'bullmq';
import type { AppConfig } from '@app/config';
import { isDatabaseUnavailable } from '@app/db';
import type { JobHandler } from './job-handler.js';
import { JOB_QUEUE, QUEUE_NAMES, type JobName, type QueueName } from './jobs.js';
import type { QueueStore } from './queue-store.js';

/**
 * Runs one BullMQ worker per consumed queue and routes each job to the one handler for its name.
 * Refuses to start when a job name has no handler or two, so a job can never sit unprocessed.
 */
export class WorkerHost {
  private readonly logger = new Logger('worker');
  private readonly workers: Worker[] = [];
  private readonly handlers: Map<JobName, JobHandler>;

  constructor(
    private readonly config: AppConfig,
    private readonly store: QueueStore,
    handlers: JobHandler[],
    /** Optional hook for metrics: job name, outcome and duration. */
    private readonly observe?: (jobName: string, outcome: 'done' | 'error', ms: number) => void,
  ) {
    this.handlers = WorkerHost.index(handlers);
  }

  static index(handlers: JobHandler[]): Map<JobName, JobHandler> {
    const byName = new Map<JobName, JobHandler>();
    for (const handler of handlers) {
      if (byName.has(handler.jobName)) throw new Error(`Two handlers for job "${handler.jobName}"`);
      byName.set(handler.jobName, handler);
    }
    const missing = (Object.keys(JOB_QUEUE) as JobName[]).filter((name) => !byName.has(name));
    if (missing.length) throw new Error(`No handler for job(s): ${missing.join(', ')}`);
    return byName;
  }

  consumedQueues(): QueueName[] {
    const wanted = this.config.WORKER_QUEUES;
    const unknown = wanted.filter((name) => !(QUEUE_NAMES as readonly string[]).includes(name));
    if (unknown.length) throw new Error(`WORKER_QUEUES names unknown queue(s): ${unknown.join(', ')}`);
    return wanted.length ? (wanted as QueueName[]) : [...QUEUE_NAMES];
  }

  start(): void {
    for (const queue of this.consumedQueues()) {
      const worker = this.store.createWorker(queue, (job) => this.process(job), {
        concurrency: this.config.WORKER_CONCURRENCY,
        lockDuration: this.config.JOB_LOCK_MS,
        stalledInterval: Math.max(1000, Math.floor(this.config.JOB_LOCK_MS / 2)),
      });
      worker.on('failed', (job, error) =>
        this.logger.warn({ msg: 'job failed', queue, jobId: job?.id, job: job?.name, attempt: job?.attemptsMade, error: error.message }),
      );
      worker.on('error', (error) => this.logger.error({ msg: 'worker error', queue, error: error.message }));
      this.workers.push(worker);
    }
    this.logger.log({ msg: 'worker started', queues: this.consumedQueues(), concurrency: this.config.WORKER_CONCURRENCY, store: this.store.description });
  }

  private async process(job: Job): Promise<unknown> {
    const handler = this.handlers.get(job.name as JobName);
    if (!handler) throw new Error(`No handler for job "${job.name}"`);
    const started = Date.now();
    try {
      const result = await handler.handle(job as never);
      this.logger.debug({ msg: 'job done', jobId: job.id, job: job.name, attempt: job.attemptsMade + 1, ms: Date.now() - started });
      this.observe?.(job.name, 'done', Date.now() - started);
      return result;
    } catch (error) {
      this.observe?.(job.name, 'error', Date.now() - started);
      const lastAttempt = error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      // The failure is recorded before BullMQ hears of it; the error still propagates so BullMQ keeps
      // the job's own record (and retries it when attempts remain). A database outage is not the job's
      // failure: its outbox row stays open and the reconciler runs it again once the database is back.
      if (lastAttempt && handler.onFinalFailure && !isDatabaseUnavailable(error)) await handler.onFinalFailure(job as never, error as Error);
      throw error;
    }
  }

  /** Lets active jobs finish (BullMQ's graceful close); the store closes the connections after. */
  async stop(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}
