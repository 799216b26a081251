import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource, type EntityManager } from 'typeorm';
import { ArticleEntity } from '@app/articles';
import { AuditService } from '@app/audit';
import { systemActor } from '@app/core';
import { notifyLive } from '@app/db';
import { completeInOutbox, type JobHandler, type JobPayloads } from '@app/queue';
import { reportFiles, type RenderedFile } from '../render/render.js';
import { ReportAssembler } from '../report-assembler.js';
import type { ReportModel } from '../report-model.js';
import { ReportEntity } from '../report.entity.js';

type RenderJob = Job<JobPayloads['reports.render'], unknown, 'reports.render'>;

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const RENDERER = systemActor('reports');
/** Files are stored in INSERTs of about this many characters: the report's bodies are never all in memory at once. */
const ARTIFACT_BATCH_CHARS = 1 << 20;
/** …and of at most this many files: 4 bind parameters each, far below PostgreSQL's 65,535. */
const ARTIFACT_BATCH_FILES = 1000;

/**
 * Renders a requested report version from one REPEATABLE READ snapshot, stores every file exactly as
 * rendered with its sha256, and publishes the version with the audit position it reflects.
 */
@Injectable()
export class RenderReportHandler implements JobHandler<'reports.render'> {
  readonly jobName = 'reports.render' as const;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ReportAssembler) private readonly assembler: ReportAssembler,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async handle(job: RenderJob) {
    // Seal what the report reflects first, so the checkpoint it carries covers its verdicts' history.
    await this.audit.checkpoint();
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const report = await manager.getRepository(ReportEntity).findOne({ where: { id: job.data.reportId }, lock: { mode: 'pessimistic_write' } });
      if (!(await completeInOutbox(manager, job.id!, 'done')) || !report || report.status !== 'rendering') return { skipped: 'not-rendering' };
      const article = await manager.getRepository(ArticleEntity).findOneByOrFail({ id: report.articleId });
      const publishedAt = new Date();
      const model = await this.assembler.assemble(manager, report, article, publishedAt);
      const files = await this.storeFiles(manager, report.id, model);
      const captureIds = [...new Set(model.claims.flatMap((claim) => claim.evidence.flatMap((e) => (e.archived ? [e.archived.captureId] : []))))];
      if (captureIds.length) {
        await manager.query('INSERT INTO report_captures (report_id, capture_id) SELECT $1, unnest($2::uuid[])', [report.id, captureIds]);
      }
      const contentSha256 = sha256([...files].sort((a, b) => (a.path < b.path ? -1 : 1)).map((f) => `${f.path}\n${f.sha256}\n`).join(''));
      Object.assign(report, { status: 'published', publishedAt, auditSeq: String(model.auditSeq), contentSha256 });
      await manager.getRepository(ReportEntity).save(report);
      await this.audit.append(manager, {
        actor: RENDERER,
        action: 'report.published',
        target: { type: 'article', id: report.articleId },
        after: { reportId: report.id, version: report.version, auditSeq: model.auditSeq, contentSha256, files },
      });
      await notifyLive(manager, [{ type: 'report', articleId: report.articleId, version: report.version }]);
      return { version: report.version, files: files.length, contentSha256 };
    });
  }

  /** Renders and stores every file with its sha256, a batch at a time; returns each file's path and sha256. */
  private async storeFiles(manager: EntityManager, reportId: string, model: ReportModel): Promise<{ path: string; sha256: string }[]> {
    const files: { path: string; sha256: string }[] = [];
    let batch: (RenderedFile & { sha256: string })[] = [];
    let batchChars = 0;
    const store = async () => {
      // One bind parameter per value: text[] parameters would be escaped into one array literal, and parsed back.
      const rows = batch.map((_, i) => `($1, $${4 * i + 2}, $${4 * i + 3}, $${4 * i + 4}, $${4 * i + 5})`);
      await manager.query(
        `INSERT INTO report_artifacts (report_id, path, content_type, body, sha256) VALUES ${rows.join(', ')}`,
        [reportId, ...batch.flatMap((f) => [f.path, f.contentType, f.body, f.sha256])],
      );
      batch = [];
      batchChars = 0;
    };
    for (const file of reportFiles(model)) {
      const stored = { ...file, sha256: sha256(file.body) };
      files.push({ path: stored.path, sha256: stored.sha256 });
      batch.push(stored);
      batchChars += stored.body.length;
      if (batchChars >= ARTIFACT_BATCH_CHARS || batch.length >= ARTIFACT_BATCH_FILES) await store();
    }
    if (batch.length) await store();
    return files;
  }

  async onFinalFailure(job: RenderJob, error: Error): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const report = await manager.getRepository(ReportEntity).findOne({ where: { id: job.data.reportId }, lock: { mode: 'pessimistic_write' } });
      if (!(await completeInOutbox(manager, job.id!, 'failed')) || !report || report.status !== 'rendering') return;
      Object.assign(report, { status: 'failed', failure: error.message.slice(0, 2000) });
      await manager.getRepository(ReportEntity).save(report);
      await this.audit.append(manager, { actor: RENDERER, action: 'report.failed', target: { type: 'article', id: report.articleId }, after: { reportId: report.id, version: report.version, failure: report.failure } });
    });
  }
}
