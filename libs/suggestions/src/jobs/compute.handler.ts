import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { completeInOutbox, type JobHandler, type JobPayloads } from '@app/queue';
import { SuggestionsService } from '../suggestions.service.js';

/** Computes the suggestions of a long article (short ones are computed in the request). */
@Injectable()
export class ComputeSuggestionsHandler implements JobHandler<'suggestions.compute'> {
  readonly jobName = 'suggestions.compute' as const;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SuggestionsService) private readonly suggestions: SuggestionsService,
  ) {}

  async handle(job: Job<JobPayloads['suggestions.compute'], unknown, 'suggestions.compute'>) {
    return this.dataSource.transaction(async (manager) => {
      if (!(await completeInOutbox(manager, job.id!, 'done'))) return { skipped: 'already-done' };
      return { outcome: await this.suggestions.computeIn(manager, job.data.runId) };
    });
  }

  async onFinalFailure(job: Job<JobPayloads['suggestions.compute'], unknown, 'suggestions.compute'>, error: Error): Promise<void> {
    await this.suggestions.fail(job.data.runId, error.message);
  }
}
