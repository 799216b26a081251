import { Inject, Injectable } from '@nestjs/common';
import type { JobHandler } from '@app/queue';
import { AuditService } from '../audit.service.js';

/** Repeatable job: seal the audit chain heads that moved since the last checkpoint. */
@Injectable()
export class AuditCheckpointHandler implements JobHandler<'audit.checkpoint'> {
  readonly jobName = 'audit.checkpoint' as const;

  constructor(@Inject(AuditService) private readonly audit: AuditService) {}

  async handle() {
    return (await this.audit.checkpoint()) ?? { sealed: 0 };
  }
}
