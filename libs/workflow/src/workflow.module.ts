import { Module } from '@nestjs/common';
import { ArticlesModule } from '@app/articles';
import { AuditModule } from '@app/audit';
import { ClaimsModule } from '@app/claims';
import { SourcesModule } from '@app/sources';
import { VerdictsModule } from '@app/verdicts';
import { IntakeHandler } from './jobs/intake.handler.js';
import { NotifyHandler } from './jobs/notify.handler.js';
import { WorkflowService } from './workflow.service.js';

@Module({
  imports: [AuditModule, ClaimsModule, ArticlesModule, SourcesModule, VerdictsModule],
  providers: [WorkflowService, IntakeHandler, NotifyHandler],
  exports: [WorkflowService, IntakeHandler, NotifyHandler],
})
export class WorkflowModule {}
