import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { AuditService } from '@app/audit';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { systemActor } from '@app/core';
import { notifyLive } from '@app/db';
import { completeInOutbox, JobQueues, type JobHandler, type JobPayloads, type OutboxJob } from '@app/queue';
import { extractText } from '../capture/extract.js';
import { fetchForCapture } from '../capture/fetcher.js';
import { BlobEntity, CaptureEntity } from '../capture.entity.js';
import { captureView, SourcesService } from '../sources.service.js';

type CaptureJob = Job<JobPayloads['sources.capture'], unknown, 'sources.capture'>;

const CAPTURE = systemActor('capture');

interface Result {
  status: 'ok' | 'refused' | 'failed';
  finalUrl?: string | null;
  redirects?: string[];
  httpStatus?: number | null;
  contentType?: string | null;
  headers?: Record<string, string> | null;
  bytes?: Buffer;
  reason?: string | null;
  detail?: string | null;
  extracted?: { title: string | null; publishedAt: string | null; text: string } | null;
}

/** SSRF refusals (`address-not-allowed`, …) are decided before any byte is read: nothing is stored. */
const REFUSALS = new Set(['scheme-not-allowed', 'address-not-allowed', 'too-many-redirects', 'too-large', 'content-type-not-allowed', 'invalid-url']);

/**
 * Captures one source: fetches the URL with the SSRF-safe fetcher (or reads the uploaded bytes), stores
 * the bytes content-addressed, extracts text, and records the outcome, drift or rot, its audit event
 * and the signals jobs for every claim citing the source, in one transaction. A refused or failed fetch
 * is an outcome, not an error; errors (database down) propagate so BullMQ retries.
 */
@Injectable()
export class CaptureHandler implements JobHandler<'sources.capture'> {
  readonly jobName = 'sources.capture' as const;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(SourcesService) private readonly sources: SourcesService,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(job: CaptureJob) {
    const capture = await this.dataSource.getRepository(CaptureEntity).findOneBy({ id: job.data.captureId });
    if (!capture || capture.status !== 'pending') {
      await this.dataSource.transaction((manager) => completeInOutbox(manager, job.id!, 'done'));
      return { skipped: 'not-pending' };
    }
    // The slow part (network, parsing) runs outside any transaction.
    const result = capture.origin === 'upload' ? await this.readUpload(capture) : await this.fetch(capture.requestedUrl);
    const jobs: OutboxJob[] = [];
    const outcome = await this.dataSource.transaction(async (manager) => {
      const locked = await manager.getRepository(CaptureEntity).findOne({ where: { id: capture.id }, lock: { mode: 'pessimistic_write' } });
      if (!(await completeInOutbox(manager, job.id!, 'done')) || !locked || locked.status !== 'pending') return { skipped: 'already-done' };
      const sha256 = result.bytes ? createHash('sha256').update(result.bytes).digest('hex') : locked.sha256;
      if (result.bytes && capture.origin !== 'upload') await this.sources.storeBlob(manager, sha256!, result.bytes);
      const previous = await manager.getRepository(CaptureEntity).findOne({
        select: { id: true, sha256: true },
        where: { sourceId: locked.sourceId, status: 'ok' },
        order: { requestedAt: 'DESC' },
      });
      Object.assign(locked, {
        status: result.status,
        finalUrl: result.finalUrl ?? null,
        redirects: result.redirects ?? null,
        httpStatus: result.httpStatus ?? null,
        contentType: result.contentType ?? locked.contentType,
        byteSize: result.bytes?.length ?? locked.byteSize,
        sha256: result.status === 'ok' ? sha256 : null,
        headers: result.headers ?? null,
        extractedTitle: result.extracted?.title ?? null,
        extractedPublishedAt: result.extracted?.publishedAt ?? null,
        extractedText: result.extracted?.text ?? null,
        reason: result.reason ?? null,
        detail: result.detail ?? null,
        // Drift and rot are judged against what we archived before; the earlier capture stays as it was.
        drift: locked.origin === 'recheck' && result.status === 'ok' && !!previous?.sha256 && previous.sha256 !== sha256,
        rot: locked.origin === 'recheck' && result.status !== 'ok',
        finishedAt: new Date(),
      });
      const saved = await manager.getRepository(CaptureEntity).save(locked);
      const view = captureView(saved);
      const target = { type: 'source', id: saved.sourceId };
      await this.audit.append(manager, { actor: CAPTURE, action: `capture.${saved.status}`, target, after: view });
      await notifyLive(manager, [{ type: 'capture', sourceId: saved.sourceId, captureId: saved.id, status: saved.status }]);
      if (saved.drift) await this.audit.append(manager, { actor: CAPTURE, action: 'source.drift', target, before: { sha256: previous?.sha256 }, after: { sha256: saved.sha256, captureId: saved.id } });
      if (saved.rot) await this.audit.append(manager, { actor: CAPTURE, action: 'source.rot', target, after: { captureId: saved.id, reason: saved.reason, httpStatus: saved.httpStatus } });
      if (saved.status === 'ok') {
        // Exclusive against evidence being attached to this source (they take it FOR SHARE): each sees the
        // other's commit, so signals are queued by one side or the other, never by neither.
        await manager.query('SELECT id FROM sources WHERE id = $1 FOR UPDATE', [saved.sourceId]);
        if (saved.extractedTitle) {
          await manager.query('UPDATE sources SET title = $2 WHERE id = $1 AND title IS NULL', [saved.sourceId, saved.extractedTitle]);
        }
        const citing: { claim_id: string }[] = await manager.query('SELECT claim_id FROM evidence WHERE source_id = $1', [saved.sourceId]);
        jobs.push(...(await this.sources.queueSignals(manager, citing.map(({ claim_id }) => ({ claimId: claim_id, captureId: saved.id })))));
      }
      return { status: saved.status, sha256: saved.sha256 };
    });
    await this.queues.dispatch(jobs);
    return outcome;
  }

  /** Retries ran out on an error (not a refusal): the capture is marked failed with it. */
  async onFinalFailure(job: CaptureJob, error: Error): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const capture = await manager.getRepository(CaptureEntity).findOne({ where: { id: job.data.captureId }, lock: { mode: 'pessimistic_write' } });
      if (!(await completeInOutbox(manager, job.id!, 'failed')) || !capture || capture.status !== 'pending') return;
      Object.assign(capture, { status: 'failed', reason: 'worker-error', detail: error.message.slice(0, 2000), finishedAt: new Date(), rot: capture.origin === 'recheck' });
      await manager.getRepository(CaptureEntity).save(capture);
      await this.audit.append(manager, { actor: CAPTURE, action: 'capture.failed', target: { type: 'source', id: capture.sourceId }, after: captureView(capture) });
      await notifyLive(manager, [{ type: 'capture', sourceId: capture.sourceId, captureId: capture.id, status: capture.status }]);
    });
  }

  private async fetch(url: string): Promise<Result> {
    const fetched = await fetchForCapture(url, {
      maxBytes: this.config.CAPTURE_MAX_BYTES,
      timeoutMs: this.config.CAPTURE_TIMEOUT_MS,
      maxRedirects: this.config.CAPTURE_MAX_REDIRECTS,
      allowLoopback: this.config.CAPTURE_ALLOW_LOOPBACK,
    });
    if (!fetched.ok) {
      return {
        status: REFUSALS.has(fetched.reason) ? 'refused' : 'failed',
        reason: fetched.reason,
        detail: fetched.detail,
        httpStatus: fetched.status ?? null,
        finalUrl: fetched.finalUrl ?? null,
        redirects: fetched.redirects,
      };
    }
    const extracted = await this.extract(fetched.body, fetched.headers['content-type'] ?? fetched.contentType);
    return {
      status: extracted.ok ? 'ok' : 'failed',
      finalUrl: fetched.finalUrl,
      redirects: fetched.redirects,
      httpStatus: fetched.status,
      contentType: fetched.contentType,
      headers: fetched.headers,
      bytes: extracted.ok ? fetched.body : undefined,
      extracted: extracted.ok ? extracted.value : null,
      reason: extracted.ok ? null : 'unreadable-content',
      detail: extracted.ok ? null : extracted.error,
    };
  }

  private async readUpload(capture: CaptureEntity): Promise<Result> {
    const blob = await this.dataSource.getRepository(BlobEntity).findOneByOrFail({ sha256: capture.sha256! });
    const extracted = await this.extract(blob.bytes, capture.contentType ?? 'text/plain');
    return extracted.ok
      ? { status: 'ok', contentType: capture.contentType, extracted: extracted.value }
      : { status: 'failed', reason: 'unreadable-content', detail: extracted.error };
  }

  /** A document that cannot be parsed (a corrupt PDF) is a failed capture, not a job to retry forever. */
  private async extract(bytes: Buffer, contentType: string) {
    try {
      return { ok: true as const, value: await extractText(bytes, contentType) };
    } catch (error) {
      return { ok: false as const, error: (error as Error).message.slice(0, 500) };
    }
  }
}
