import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { JOB_QUEUE, QUEUE_NAMES, type JobName, type JobPayloads, type QueueName } from './jobs.js';
import type { OutboxJob } from './outbox.js';
import { QUEUE_STORE, type QueueStore } from './queue-store.js';

/** Defaults every job gets: retried with exponential backoff, bounded retention of finished jobs. */
export function defaultJobOptions(config: Pick<AppConfig, 'JOB_ATTEMPTS' | 'JOB_BACKOFF_MS'>): JobsOptions {
  return {
    attempts: config.JOB_ATTEMPTS,
    backoff: { type: 'exponential', delay: config.JOB_BACKOFF_MS },
    removeOnComplete: { count: 1000, age: 24 * 3600 },
    removeOnFail: { count: 5000, age: 7 * 24 * 3600 },
  };
}

/** The one way to put work on a queue. */
@Injectable()
export class JobQueues implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('queues');
  private readonly queues = new Map<QueueName, Queue>();
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    /** Redis or PostgreSQL; the worker host takes its workers from the same store. */
    @Inject(QUEUE_STORE) readonly store: QueueStore,
  ) {}

  onModuleInit(): void {
    this.store.connect();
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = this.store.createQueue(name, { defaultJobOptions: defaultJobOptions(this.config) });
      // Failures surface on the calls that fail (and /ready reports the store); unhandled 'error' events would only add noise.
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  allQueues(): Queue[] {
    return QUEUE_NAMES.map((name) => this.queue(name));
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: JobsOptions & { jobId?: string } = {}) {
    return this.queue(JOB_QUEUE[name]).add(name, payload, options);
  }

  /**
   * Hands committed outbox jobs to BullMQ, one bulk add per queue (a batch of 50 claims is one round trip,
   * not 50). Best effort: when the queue store is down the jobs stay open in the outbox and a worker's
   * reconciler enqueues them later, so the HTTP request still succeeds. A job id already queued is kept.
   */
  async dispatch(jobs: OutboxJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const byQueue = new Map<QueueName, OutboxJob[]>();
    for (const job of jobs) byQueue.set(JOB_QUEUE[job.name], [...(byQueue.get(JOB_QUEUE[job.name]) ?? []), job]);
    try {
      await Promise.all(
        [...byQueue].map(([queue, queued]) => this.queue(queue).addBulk(queued.map((job) => ({ name: job.name, data: job.payload, opts: { jobId: job.jobId } })))),
      );
    } catch (error) {
      this.logger.warn({ msg: 'queue hand-off deferred to the reconciler', jobs: jobs.map((job) => job.jobId), error: (error as Error).message });
    }
  }

  /** Creates or updates a repeatable job (idempotent: one scheduler per job name). */
  async schedule<N extends JobName>(name: N, payload: JobPayloads[N], everyMs: number) {
    return this.queue(JOB_QUEUE[name]).upsertJobScheduler(name, { every: everyMs }, { name, data: payload });
  }

  async ping(): Promise<void> {
    await this.store.ping();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    await this.store.close();
  }
}
