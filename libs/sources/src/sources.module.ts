import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { CaptureHandler } from './jobs/capture.handler.js';
import { RecheckHandler } from './jobs/recheck.handler.js';
import { SignalsHandler } from './jobs/signals.handler.js';
import { SourcesService } from './sources.service.js';

@Module({
  imports: [AuditModule],
  providers: [SourcesService, CaptureHandler, SignalsHandler, RecheckHandler],
  exports: [SourcesService, CaptureHandler, SignalsHandler, RecheckHandler],
})
export class SourcesModule {}
