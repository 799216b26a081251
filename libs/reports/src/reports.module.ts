import { Module } from '@nestjs/common';
import { ArticlesModule } from '@app/articles';
import { AuditModule } from '@app/audit';
import { SourcesModule } from '@app/sources';
import { VerdictsModule } from '@app/verdicts';
import { RenderReportHandler } from './jobs/render.handler.js';
import { ReportAssembler } from './report-assembler.js';
import { ReportsService } from './reports.service.js';

@Module({
  imports: [AuditModule, ArticlesModule, SourcesModule, VerdictsModule],
  providers: [ReportsService, ReportAssembler, RenderReportHandler],
  exports: [ReportsService, RenderReportHandler],
})
export class ReportsModule {}
