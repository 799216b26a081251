export { ReportsModule } from './reports.module.js';
export { ReportsService, type PublishAnswer } from './reports.service.js';
export { RenderReportHandler } from './jobs/render.handler.js';
export { ReportEntity, ReportArtifactEntity, ReportCaptureEntity, ReaderReportEntity } from './report.entity.js';
export { REPORT_CSS } from './render/templates.js';
export { renderReport, safeUrl } from './render/render.js';
export { claimReview } from './render/claim-review.js';
export type { ReportModel, ReportClaim } from './report-model.js';
