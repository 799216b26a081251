import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import type { JobName, QueueName } from './jobs.js';
import { JobQueues } from './queue.service.js';

interface OpenRow {
  queue: QueueName;
  name: JobName;
  job_id: string;
  payload: unknown;
}

const BATCH = 500;

/**
 * Makes Postgres, not Redis, the source of truth for queued work: every outbox job whose outcome is not
 * recorded must exist in its queue; one that is missing (lost between commit and enqueue, or wiped with
 * Redis) is enqueued again under the same id. Safe to run in every worker replica at once.
 */
@Injectable()
export class OutboxReconciler {
  private readonly logger = new Logger('reconciler');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Returns how many jobs it enqueued again. */
  async reconcile(): Promise<number> {
    let requeued = 0;
    let afterId = '0';
    for (;;) {
      const rows: (OpenRow & { id: string })[] = await this.dataSource.query(
        `SELECT id, queue, name, job_id, payload FROM job_outbox
         WHERE completed_at IS NULL AND created_at < now() - make_interval(secs => $1::double precision / 1000) AND id > $2
         ORDER BY id LIMIT ${BATCH}`,
        [this.config.RECONCILE_GRACE_MS, afterId],
      );
      for (const row of rows) {
        const queue = this.queues.queue(row.queue);
        const job = await queue.getJob(row.job_id);
        if (job) {
          const state = await job.getState();
          // Finished in Redis but not in Postgres: the outcome was never recorded, so run it again.
          if (state !== 'completed' && state !== 'failed') continue;
        }
        // The row was read before the job: its processor may have recorded the outcome since (it commits
        // before BullMQ finishes the job). Only a row still open after the job finished was never recorded.
        if (await this.recorded(row.job_id)) continue;
        if (job) await job.remove();
        await queue.add(row.name, row.payload, { jobId: row.job_id });
        requeued++;
      }
      if (rows.length < BATCH) break;
      afterId = rows[rows.length - 1]!.id;
    }
    if (requeued) this.logger.warn({ msg: 're-enqueued jobs missing from their queues', requeued });
    return requeued;
  }

  private async recorded(jobId: string): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM job_outbox WHERE job_id = $1 AND completed_at IS NOT NULL', [jobId]);
    return rows.length > 0;
  }
}
