import { Module } from '@nestjs/common';
import { AuditService } from './audit.service.js';
import { AuditCheckpointHandler } from './jobs/audit-checkpoint.handler.js';

@Module({ providers: [AuditService, AuditCheckpointHandler], exports: [AuditService, AuditCheckpointHandler] })
export class AuditModule {}
