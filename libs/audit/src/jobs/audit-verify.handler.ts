import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { completeInOutbox, type JobHandler, type JobPayloads } from '@app/queue';
import { AuditVerificationsService } from '../audit-verifications.service.js';

type VerifyJob = Job<JobPayloads['audit.verify'], unknown, 'audit.verify'>;

/** Runs one requested verification in pages; errors propagate so BullMQ retries (the run starts over). */
@Injectable()
export class AuditVerifyHandler implements JobHandler<'audit.verify'> {
  readonly jobName = 'audit.verify' as const;

  constructor(
    @Inject(AuditVerificationsService) private readonly verifications: AuditVerificationsService,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  async handle(job: VerifyJob) {
    const view = await this.verifications.run(job.data.verificationId);
    await this.dataSource.transaction((manager) => completeInOutbox(manager, job.id!, 'done'));
    return view ? { ok: view.result?.ok ?? null, eventsChecked: view.progress.eventsChecked } : { skipped: 'finished' };
  }

  async onFinalFailure(job: VerifyJob, error: Error): Promise<void> {
    await this.verifications.fail(job.data.verificationId, error);
    await this.dataSource.transaction((manager) => completeInOutbox(manager, job.id!, 'failed'));
  }
}
