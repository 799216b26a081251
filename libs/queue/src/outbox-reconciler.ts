import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
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
/** Queue lookups in flight at once. */
const LOOKUPS_AT_ONCE = 20;

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
      // Each row's job is looked up in its queue (a few at a time), then the rows whose job is missing or
      // finished are checked again in Postgres with one query.
      const suspects: { row: OpenRow; job: Job | undefined }[] = [];
      for (let i = 0; i < rows.length; i += LOOKUPS_AT_ONCE) {
        const looked = await Promise.all(
          rows.slice(i, i + LOOKUPS_AT_ONCE).map(async (row) => {
            const job: Job | undefined = await this.queues.queue(row.queue).getJob(row.job_id);
            if (job) {
              const state = await job.getState();
              // Finished in Redis but not in Postgres: the outcome was never recorded, so run it again.
              if (state !== 'completed' && state !== 'failed') return null;
            }
            return { row, job };
          }),
        );
        for (const suspect of looked) if (suspect) suspects.push(suspect);
      }
      // The rows were read before the jobs: their processors may have recorded the outcome since (they
      // commit before BullMQ finishes the job). Only a row still open after its job finished was never recorded.
      const recorded = await this.recorded(suspects.map((s) => s.row.job_id));
      for (const { row, job } of suspects) {
        if (recorded.has(row.job_id)) continue;
        if (job) await job.remove();
        await this.queues.queue(row.queue).add(row.name, row.payload, { jobId: row.job_id });
        requeued++;
      }
      if (rows.length < BATCH) break;
      afterId = rows[rows.length - 1]!.id;
    }
    if (requeued) this.logger.warn({ msg: 're-enqueued jobs missing from their queues', requeued });
    return requeued;
  }

  private async recorded(jobIds: string[]): Promise<Set<string>> {
    if (jobIds.length === 0) return new Set();
    const rows: { job_id: string }[] = await this.dataSource.query('SELECT job_id FROM job_outbox WHERE job_id = ANY($1::text[]) AND completed_at IS NOT NULL', [jobIds]);
    return new Set(rows.map((row) => row.job_id));
  }
}
