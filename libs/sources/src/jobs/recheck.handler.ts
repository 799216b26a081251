import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { systemActor } from '@app/core';
import { JobQueues, type JobHandler, type OutboxJob } from '@app/queue';
import { SourceEntity } from '../source.entity.js';
import { SourcesService } from '../sources.service.js';

const BATCH = 200;

/**
 * Repeatable job: queues a new capture of every re-checkable source whose latest capture is older than
 * RECHECK_MIN_AGE_MS. The capture step then records drift (a changed sha256) or rot (an error status or
 * a failed fetch); earlier captures are never replaced.
 */
@Injectable()
export class RecheckHandler implements JobHandler<'sources.recheck'> {
  readonly jobName = 'sources.recheck' as const;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SourcesService) private readonly sources: SourcesService,
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle() {
    const jobs: OutboxJob[] = await this.dataSource.transaction(async (manager) => {
      // No pending capture: a re-check never piles up behind a slow or stuck one.
      const due: { id: string }[] = await manager.query(
        `SELECT s.id FROM sources s
         WHERE s.recheck
           AND NOT EXISTS (SELECT 1 FROM captures c WHERE c.source_id = s.id AND c.status = 'pending')
           AND NOT EXISTS (SELECT 1 FROM captures c WHERE c.source_id = s.id AND c.requested_at > now() - make_interval(secs => $1::double precision / 1000))
         ORDER BY s.id LIMIT ${BATCH} FOR UPDATE OF s SKIP LOCKED`,
        [this.config.RECHECK_MIN_AGE_MS],
      );
      const sources = due.length ? await manager.getRepository(SourceEntity).findBy({ id: In(due.map((row) => row.id)) }) : [];
      const queued: OutboxJob[] = [];
      for (const source of sources) queued.push(await this.sources.queueCapture(manager, systemActor('recheck'), source, 'recheck'));
      return queued;
    });
    await this.queues.dispatch(jobs);
    return { queued: jobs.length };
  }
}
