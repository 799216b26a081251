import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ArticlesService } from '@app/articles';
import { AuditService } from '@app/audit';
import { APP_CONFIG, publicBaseUrl, type AppConfig } from '@app/config';
import { DomainError, notFound, type Actor } from '@app/core';
import { onceForKey, type IdempotencyRequest } from '@app/db';
import { addToOutbox, jobId, JobQueues, type OutboxJob } from '@app/queue';
import { claimPageUrl, reportUrls } from './report-model.js';
import { ReaderReportEntity, ReportArtifactEntity, ReportEntity } from './report.entity.js';

export interface PublishAnswer {
  id: string;
  articleId: string;
  version: number;
  status: string;
  correctionNote: string | null;
  requestedAt: string;
  publishedAt: string | null;
  auditSeq: number | null;
  contentSha256: string | null;
  failure: string | null;
  /** Where the report appears once rendered. */
  urls: { html: string; json: string; markdown: string };
}

const view = (report: ReportEntity, baseUrl: string): PublishAnswer => {
  const urls = reportUrls(baseUrl, report.articleId, report.version);
  return {
    id: report.id,
    articleId: report.articleId,
    version: report.version,
    status: report.status,
    correctionNote: report.correctionNote,
    requestedAt: report.requestedAt.toISOString(),
    publishedAt: report.publishedAt?.toISOString() ?? null,
    auditSeq: report.auditSeq === null ? null : Number(report.auditSeq),
    contentSha256: report.contentSha256,
    failure: report.failure,
    urls: { html: urls.html, json: urls.json, markdown: urls.markdown },
  };
};

/** Publishing (versions, corrections), reading published files, and readers' error reports. */
@Injectable()
export class ReportsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(ArticlesService) private readonly articles: ArticlesService,
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  baseUrl(): string {
    return publicBaseUrl(this.config);
  }

  /**
   * Reserves the next version of the article's report and queues its rendering. Version 1 needs no
   * note; every later version needs a correction note, shown to readers on it and all later versions.
   */
  async publish(
    actor: Actor,
    articleId: string,
    input: { correctionNote?: string | null },
    options: { idempotency?: IdempotencyRequest; correlationId?: string } = {},
  ): Promise<PublishAnswer> {
    const jobs: OutboxJob[] = [];
    const { result } = await this.dataSource.transaction((manager) =>
      onceForKey(manager, options.idempotency, async () => {
        await this.articles.findEntity(articleId, manager);
        // One publisher at a time per article: versions are consecutive.
        await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 11))', [`report:${articleId}`]);
        const [latest]: { version: number; status: string }[] = await manager.query(
          'SELECT version, status FROM reports WHERE article_id = $1 ORDER BY version DESC LIMIT 1',
          [articleId],
        );
        if (latest?.status === 'rendering') {
          throw new DomainError('conflict', 'report-rendering', `Version ${latest.version} is still being rendered; publish again when it is out.`);
        }
        const version = (latest?.version ?? 0) + 1;
        const note = input.correctionNote?.trim() || null;
        if (version > 1 && !note) {
          throw new DomainError('unprocessable', 'correction-note-required', `Version ${version} replaces a published report: say what changed in a correction note.`, [
            { field: 'correctionNote', message: 'required for every version after the first' },
          ]);
        }
        const report = await manager.getRepository(ReportEntity).save({
          articleId,
          version,
          status: 'rendering' as const,
          correctionNote: note,
          requestedBy: actor.id,
          requestedAt: new Date(),
        });
        const answer = view(report, this.baseUrl());
        await this.audit.append(manager, { actor, action: 'report.publish-requested', target: { type: 'article', id: articleId }, after: answer, correlationId: options.correlationId });
        jobs.push(await addToOutbox(manager, 'reports.render', { reportId: report.id }, jobId('render', report.id)));
        return answer;
      }),
    );
    await this.queues.dispatch(jobs);
    return result;
  }

  async versions(articleId: string): Promise<PublishAnswer[]> {
    await this.articles.findEntity(articleId);
    const rows = await this.dataSource.getRepository(ReportEntity).find({ where: { articleId }, order: { version: 'ASC' } });
    return rows.map((row) => view(row, this.baseUrl()));
  }

  /** A published file, exactly as stored; `version` null means the latest published version. */
  async artifact(articleId: string, version: number | null, path: string): Promise<ReportArtifactEntity & { version: number }> {
    const [report]: { id: string; version: number }[] = await this.dataSource.query(
      `SELECT id, version FROM reports WHERE article_id = $1 AND status = 'published' ${version === null ? '' : 'AND version = $2'}
       ORDER BY version DESC LIMIT 1`,
      version === null ? [articleId] : [articleId, version],
    );
    if (!report) throw new DomainError('not-found', 'report-not-found', 'No published report at this address.');
    const artifact = await this.dataSource.getRepository(ReportArtifactEntity).findOneBy({ reportId: report.id, path });
    if (!artifact) throw new DomainError('not-found', 'report-page-not-found', 'This report has no such page.');
    return { ...artifact, version: report.version };
  }

  /** Captured bytes, public only when a published report links to them. */
  async publicCapture(captureId: string): Promise<{ bytes: Buffer; contentType: string; sha256: string }> {
    const rows: { bytes: Buffer; content_type: string | null; sha256: string }[] = await this.dataSource.query(
      `SELECT b.bytes, c.content_type, c.sha256 FROM captures c JOIN blobs b ON b.sha256 = c.sha256
       WHERE c.id = $1 AND EXISTS (SELECT 1 FROM report_captures rc JOIN reports r ON r.id = rc.report_id AND r.status = 'published' WHERE rc.capture_id = c.id)`,
      [captureId],
    );
    if (!rows[0]) throw new DomainError('not-found', 'archive-not-found', 'No published report links to this capture.');
    return { bytes: rows[0].bytes, contentType: rows[0].content_type ?? 'application/octet-stream', sha256: rows[0].sha256 };
  }

  /** The article body as received, public once a report on it is published (the claims' appearance). */
  async publicArticle(articleId: string): Promise<{ body: string; language: string; sha256: string }> {
    const rows: { body: string; language: string; body_sha256: string }[] = await this.dataSource.query(
      `SELECT a.body, a.language, a.body_sha256 FROM articles a WHERE a.id = $1 AND EXISTS (SELECT 1 FROM reports r WHERE r.article_id = a.id AND r.status = 'published')`,
      [articleId],
    );
    if (!rows[0]) throw new DomainError('not-found', 'archive-not-found', 'No published report covers this article.');
    return { body: rows[0].body, language: rows[0].language, sha256: rows[0].body_sha256 };
  }

  /** A reader's error report: stored as an open task for editors and written to the audit log. */
  async receiveReaderReport(
    articleId: string,
    input: { version?: number | null; claimId?: string | null; message: string; contact?: string | null },
    correlationId?: string,
  ): Promise<{ id: string; received: true }> {
    return this.dataSource.transaction(async (manager) => {
      const [published]: unknown[] = await manager.query(`SELECT 1 FROM reports WHERE article_id = $1 AND status = 'published' LIMIT 1`, [articleId]);
      if (!published) throw new DomainError('not-found', 'report-not-found', 'No published report for this article.');
      if (input.claimId) {
        const [claim]: unknown[] = await manager.query('SELECT 1 FROM claims WHERE id = $1 AND article_id = $2', [input.claimId, articleId]);
        if (!claim) throw new DomainError('unprocessable', 'claim-not-in-report', 'This claim is not part of the report.', [{ field: 'claimId', message: 'not a claim of this article' }]);
      }
      const row = await manager.getRepository(ReaderReportEntity).save({
        articleId,
        reportVersion: input.version ?? null,
        claimId: input.claimId ?? null,
        message: input.message,
        contact: input.contact ?? null,
        status: 'open' as const,
      });
      // The reader's contact stays out of the audit log: it is personal data, kept only with the task.
      await this.audit.append(manager, {
        actor: { id: 'reader', roles: [] },
        action: 'reader-report.received',
        target: { type: 'article', id: articleId },
        after: { readerReportId: row.id, version: row.reportVersion, claimId: row.claimId, message: row.message },
        correlationId,
      });
      return { id: row.id, received: true as const };
    });
  }

  async readerReports(status: 'open' | 'resolved' | undefined): Promise<ReaderReportEntity[]> {
    return this.dataSource.getRepository(ReaderReportEntity).find({ where: status ? { status } : {}, order: { createdAt: 'DESC' }, take: 500 });
  }

  async resolveReaderReport(actor: Actor, id: string, note: string, correlationId?: string): Promise<ReaderReportEntity> {
    return this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(ReaderReportEntity);
      const row = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!row) throw notFound('reader-report', id);
      if (row.status === 'resolved') throw new DomainError('conflict', 'already-resolved', 'This error report is already resolved.');
      Object.assign(row, { status: 'resolved', resolvedBy: actor.id, resolvedAt: new Date(), resolutionNote: note });
      const saved = await repo.save(row);
      await this.audit.append(manager, { actor, action: 'reader-report.resolved', target: { type: 'article', id: row.articleId }, after: { readerReportId: id, note }, correlationId });
      return saved;
    });
  }

  claimPage(articleId: string, version: number, claimId: string): string {
    return claimPageUrl(this.baseUrl(), articleId, version, claimId);
  }
}
