import { Module } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { AuditService } from './audit.service.js';
import { AuditVerificationsService } from './audit-verifications.service.js';
import { AuditCheckpointHandler } from './jobs/audit-checkpoint.handler.js';
import { AuditVerifyHandler } from './jobs/audit-verify.handler.js';
import { AUDIT_SIGNING_KEY, AuditSigningKey } from './signing-key.js';

@Module({
  providers: [
    { provide: AUDIT_SIGNING_KEY, inject: [APP_CONFIG], useFactory: (config: AppConfig) => AuditSigningKey.fromConfig(config) },
    AuditService,
    AuditVerificationsService,
    AuditCheckpointHandler,
    AuditVerifyHandler,
  ],
  exports: [AuditService, AuditVerificationsService, AuditCheckpointHandler, AuditVerifyHandler],
})
export class AuditModule {}
