import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { AuditService } from './audit.service.js';
import { AuditVerificationsService } from './audit-verifications.service.js';
import { AuditCheckpointHandler } from './jobs/audit-checkpoint.handler.js';
import { AuditVerifyHandler } from './jobs/audit-verify.handler.js';
import { AUDIT_SIGNING_KEY, AuditSigningKey } from './signing-key.js';

/** The log itself: append, list, checkpoints. Needs no queue, so every domain (and every script) can import it. */
@Module({
  providers: [
    { provide: AUDIT_SIGNING_KEY, inject: [APP_CONFIG], useFactory: (config: AppConfig) => AuditSigningKey.fromConfig(config) },
    AuditService,
    AuditCheckpointHandler,
  ],
  exports: [AuditService, AuditCheckpointHandler],
})
export class AuditModule {}

/** Verification as a job: requested by the API, run by the worker (needs the queues). */
@Module({
  imports: [AuditModule],
  providers: [AuditVerificationsService, AuditVerifyHandler],
  exports: [AuditVerificationsService, AuditVerifyHandler],
})
export class AuditVerificationsModule {}
