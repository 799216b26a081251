import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ArticlesService, directionOf, type ArticleEntity } from '@app/articles';
import { AuditService } from '@app/audit';
import { APP_CONFIG, publicBaseUrl, type AppConfig } from '@app/config';
import { DomainError, notFound, type Actor } from '@app/core';
import { onceForKey, onReadReplica, type IdempotencyRequest } from '@app/db';
import { addToOutbox, jobId, JobQueues, type OutboxJob } from '@app/queue';
import { isReportLanguage, reportLanguageFor, REPORT_LANGUAGES, type ReportLanguage } from './render/messages.js';
import { renderLaterVersionNotice, type IndexItem, type PageContext } from './render/render.js';
import { ReportAssembler } from './report-assembler.js';
import { kindOfChanges, reportChanges, type ReportChanges } from './report-changes.js';
import { claimPageUrl, reportUrls, type ReportClaim } from './report-model.js';
import { ReaderReportEntity, ReportEntity, type ReportKind } from './report.entity.js';

/** A published file as the public routes serve it, before its body is read. */
export interface PublishedFile {
  reportId: string;
  path: string;
  version: number;
  contentType: string;
  sha256: string;
}

interface LaterVersion {
  version: number;
  kind: ReportKind;
  correction_note: string | null;
  published_at: Date;
  language: string;
}

export interface PublishAnswer {
  id: string;
  articleId: string;
  version: number;
  status: string;
  /** `first`, `update` (new ratings only) or `correction` (something published changed). */
  kind: ReportKind;
  /** The language the report is written in. */
  language: string;
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
    kind: report.kind,
    language: report.language,
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
    @Inject(ReportAssembler) private readonly assembler: ReportAssembler,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  baseUrl(): string {
    return publicBaseUrl(this.config);
  }

  /**
   * Reserves the next version of the article's report and queues its rendering, in `language` (default:
   * the article's, when the catalogue has it). A later version is an **update** when it only adds
   * ratings (no note needed) and a **correction** when a published rating, rationale or evidence
   * changed or a checked claim went back to pending: a correction needs a note, shown to readers on it
   * and on every later version.
   */
  async publish(
    actor: Actor,
    articleId: string,
    input: { correctionNote?: string | null; language?: string | null },
    options: { idempotency?: IdempotencyRequest; correlationId?: string } = {},
  ): Promise<PublishAnswer> {
    const jobs: OutboxJob[] = [];
    const { result } = await this.dataSource.transaction((manager) =>
      onceForKey(manager, options.idempotency, async () => {
        const article = await this.articles.findEntity(articleId, manager);
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
        const language = input.language ?? reportLanguageFor(article.language);
        if (!isReportLanguage(language)) {
          throw new DomainError('invalid', 'unsupported-report-language', `Reports can be written in ${REPORT_LANGUAGES.join(', ')}.`, [
            { field: 'language', message: `one of ${REPORT_LANGUAGES.join(', ')}` },
          ]);
        }
        const changes = await this.changesSincePublished(manager, article, version, language);
        const kind: ReportKind = changes ? kindOfChanges(changes) : 'first';
        if (kind === 'correction' && !note) {
          const what = [...changes!.changed, ...changes!.withdrawn];
          throw new DomainError(
            'unprocessable',
            'correction-note-required',
            `Version ${version} corrects what was published (${what.length} claim(s): ${what.join(', ')}): say what changed and why in a correction note.`,
            [{ field: 'correctionNote', message: 'required for a correction' }],
          );
        }
        const report = await manager.getRepository(ReportEntity).save({
          articleId,
          version,
          status: 'rendering' as const,
          kind,
          language,
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

  /**
   * What the next version would change against the latest published one (null when none is published):
   * the report as it would be assembled now, compared with the stored JSON of the latest version.
   */
  private async changesSincePublished(manager: EntityManager, article: ArticleEntity, version: number, language: ReportLanguage): Promise<ReportChanges | null> {
    const [previous]: { body: string }[] = await manager.query(
      `SELECT a.body FROM report_artifacts a JOIN reports r ON r.id = a.report_id
       WHERE r.article_id = $1 AND r.status = 'published' AND a.path = 'report.json' ORDER BY r.version DESC LIMIT 1`,
      [article.id],
    );
    if (!previous) return null;
    const next = await this.assembler.assemble(manager, { version, kind: 'update', language, correctionNote: null }, article, new Date());
    return reportChanges((JSON.parse(previous.body) as { claims: ReportClaim[] }).claims, next.claims);
  }

  async versions(articleId: string): Promise<PublishAnswer[]> {
    await this.articles.findEntity(articleId);
    const rows = await this.dataSource.getRepository(ReportEntity).find({ where: { articleId }, order: { version: 'ASC' } });
    return rows.map((row) => view(row, this.baseUrl()));
  }

  /** A published file without its body; `version` null means the latest published version. */
  private async artifact(manager: EntityManager, articleId: string, version: number | null, path: string): Promise<PublishedFile> {
    const [row]: { report_id: string; version: number; content_type: string; sha256: string }[] = await manager.query(
      `SELECT a.report_id, r.version, a.content_type, a.sha256
       FROM (SELECT id, version FROM reports WHERE article_id = $1 AND status = 'published' ${version === null ? '' : 'AND version = $3'} ORDER BY version DESC LIMIT 1) r
       LEFT JOIN report_artifacts a ON a.report_id = r.id AND a.path = $2`,
      version === null ? [articleId, path] : [articleId, path, version],
    );
    if (!row) throw new DomainError('not-found', 'report-not-found', 'No published report at this address.');
    if (!row.report_id) throw new DomainError('not-found', 'report-page-not-found', 'This report has no such page.');
    return { reportId: row.report_id, path, version: row.version, contentType: row.content_type, sha256: row.sha256 };
  }

  /**
   * A published file as served to readers. An HTML page of an older version gets, above its stored
   * body (never inside the stored bytes, which keep their sha256), a notice linking to the latest
   * version with the corrections since; `etag` then names both the stored file and the latest version.
   * The body is read only when asked for (`body()`), so a revalidation that matches the ETag (a 304)
   * never loads the page. Read on the read replica (published reports only ever grow there, whole).
   */
  async served(articleId: string, version: number | null, path: string): Promise<{ artifact: PublishedFile; etag: string; latest: number; body(): Promise<string> }> {
    const { artifact, newer, own } = await onReadReplica(this.dataSource, async (manager) => {
      const artifact = await this.artifact(manager, articleId, version, path);
      const later: LaterVersion[] = await manager.query(
        `SELECT version, kind, correction_note, published_at, language FROM reports WHERE article_id = $1 AND status = 'published' AND version >= $2 ORDER BY version`,
        [articleId, artifact.version],
      );
      const [own, ...newer] = later;
      return { artifact, own, newer };
    });
    const stored = async (manager: EntityManager) => {
      const [row]: { body: string }[] = await manager.query('SELECT body FROM report_artifacts WHERE report_id = $1 AND path = $2', [artifact.reportId, path]);
      return row!.body;
    };
    const latest = newer.at(-1);
    if (!latest || !artifact.contentType.startsWith('text/html')) {
      return { artifact, etag: `"${artifact.sha256}"`, latest: latest?.version ?? artifact.version, body: () => onReadReplica(this.dataSource, stored) };
    }
    return {
      artifact,
      etag: `"${artifact.sha256}.v${latest.version}"`,
      latest: latest.version,
      // The notice is built from the versions read above, so it always matches the ETag.
      body: () =>
        onReadReplica(this.dataSource, async (manager) => {
          const body = await stored(manager);
          const article = await this.articles.findEntity(articleId, manager);
          const language = own && isReportLanguage(own.language) ? own.language : 'en';
          const notice = renderLaterVersionNotice(this.pageContext(language, article.language), {
            version: artifact.version,
            latest: { version: latest.version, publishedAt: latest.published_at.toISOString(), path: `/reports/${articleId}/v${latest.version}` },
            corrections: newer.flatMap((row) => (row.kind === 'correction' && row.correction_note ? [{ version: row.version, note: row.correction_note }] : [])),
          });
          const at = body.indexOf('<body');
          const insertAt = at < 0 ? 0 : body.indexOf('>', at) + 1;
          return `${body.slice(0, insertAt)}\n${notice}${body.slice(insertAt)}`;
        }),
    };
  }

  newsroomName(): string {
    return this.config.NEWSROOM_NAME;
  }

  /** The language of a published version (the latest when `version` is null); English when there is none. */
  async languageOf(articleId: string, version: number | null): Promise<ReportLanguage> {
    const [row]: { language: string }[] = await this.dataSource.query(
      `SELECT language FROM reports WHERE article_id = $1 AND status = 'published' ${version === null ? '' : 'AND version = $2'} ORDER BY version DESC LIMIT 1`,
      version === null ? [articleId] : [articleId, version],
    );
    return row && isReportLanguage(row.language) ? row.language : 'en';
  }

  /** How public pages are rendered in `language` for a document in `contentLanguage`. */
  pageContext(language: ReportLanguage, contentLanguage: string = language): PageContext {
    return { language, contentLanguage, timeZone: this.config.NEWSROOM_TIME_ZONE, paperSize: this.config.NEWSROOM_PAPER_SIZE };
  }

  /**
   * The latest published version of every article's report, newest publication first, a page at a
   * time (`before`: the publication time and article id the previous page ended with). On the read replica.
   */
  async publishedIndex(limit: number, before?: { publishedAt: Date; articleId: string }): Promise<(IndexItem & { articleId: string; publishedAtDate: Date })[]> {
    const rows: { article_id: string; version: number; published_at: Date; title: string; outlet: string | null; language: string }[] = await onReadReplica(this.dataSource, (manager) => manager.query(
      `SELECT r.article_id, r.version, r.published_at, a.title, a.outlet, a.language
       FROM (SELECT DISTINCT ON (article_id) article_id, version, published_at FROM reports WHERE status = 'published' ORDER BY article_id, version DESC) r
       JOIN articles a ON a.id = r.article_id
       ${before ? 'WHERE (r.published_at, r.article_id) < ($2, $3)' : ''}
       ORDER BY r.published_at DESC, r.article_id DESC LIMIT $1`,
      before ? [limit, before.publishedAt, before.articleId] : [limit],
    ));
    return rows.map((row) => ({
      articleId: row.article_id,
      title: row.title,
      outlet: row.outlet,
      language: row.language,
      dir: directionOf(row.language),
      version: row.version,
      publishedAt: row.published_at.toISOString(),
      publishedAtDate: row.published_at,
      path: `/reports/${row.article_id}`,
    }));
  }

  /** Captured bytes, public only when a published report links to them. On the read replica. */
  async publicCapture(captureId: string): Promise<{ bytes: Buffer; contentType: string; sha256: string }> {
    const rows: { bytes: Buffer; content_type: string | null; sha256: string }[] = await onReadReplica(this.dataSource, (manager) => manager.query(
      `SELECT b.bytes, c.content_type, c.sha256 FROM captures c JOIN blobs b ON b.sha256 = c.sha256
       WHERE c.id = $1 AND EXISTS (SELECT 1 FROM report_captures rc JOIN reports r ON r.id = rc.report_id AND r.status = 'published' WHERE rc.capture_id = c.id)`,
      [captureId],
    ));
    if (!rows[0]) throw new DomainError('not-found', 'archive-not-found', 'No published report links to this capture.');
    return { bytes: rows[0].bytes, contentType: rows[0].content_type ?? 'application/octet-stream', sha256: rows[0].sha256 };
  }

  /** The article body as received, public once a report on it is published (the claims' appearance). On the read replica. */
  async publicArticle(articleId: string): Promise<{ body: string; language: string; sha256: string }> {
    const rows: { body: string; language: string; body_sha256: string }[] = await onReadReplica(this.dataSource, (manager) => manager.query(
      `SELECT a.body, a.language, a.body_sha256 FROM articles a WHERE a.id = $1 AND EXISTS (SELECT 1 FROM reports r WHERE r.article_id = a.id AND r.status = 'published')`,
      [articleId],
    ));
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
