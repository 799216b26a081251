import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DomainError, notFound, type Actor } from '@app/core';
import { isUniqueViolation } from '@app/db';
import { addToOutbox, jobId, JobQueues, type OutboxJob } from '@app/queue';
import { AuditService } from './audit.service.js';
import { AuditVerificationEntity } from './audit-verification.entity.js';
import type { AuditProblem } from './audit-verifier.js';

/** A verification as the API shows it: progress while it runs, then its result. */
export interface VerificationView {
  id: string;
  status: AuditVerificationEntity['state'];
  incremental: boolean;
  pageSize: number;
  /** Incremental: the checkpoint (verified before) it started after. */
  fromCheckpointSeq: number | null;
  /** The latest checkpoint it checked, and the highest event sequence number it covered. */
  coveredCheckpointSeq: number | null;
  throughEventSeq: number | null;
  progress: { eventsChecked: number; eventsTotal: number | null; checkpointsChecked: number };
  result: { ok: boolean; problemCount: number; problems: AuditProblem[] } | null;
  error: string | null;
  requestedBy: string;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

/** Problems kept on the record (all are counted). */
const PROBLEMS_KEPT = 1000;
/** Progress is written at most this often. */
const PROGRESS_EVERY_MS = 500;

const toView = (v: AuditVerificationEntity): VerificationView => ({
  id: v.id,
  status: v.state,
  incremental: v.incremental,
  pageSize: v.pageSize,
  fromCheckpointSeq: v.fromCheckpointSeq === null ? null : Number(v.fromCheckpointSeq),
  coveredCheckpointSeq: v.coveredCheckpointSeq === null ? null : Number(v.coveredCheckpointSeq),
  throughEventSeq: v.throughEventSeq === null ? null : Number(v.throughEventSeq),
  progress: { eventsChecked: Number(v.eventsChecked), eventsTotal: v.eventsTotal === null ? null : Number(v.eventsTotal), checkpointsChecked: v.checkpointsChecked },
  result: v.state === 'done' ? { ok: v.ok === true, problemCount: v.problemCount, problems: v.problems } : null,
  error: v.error,
  requestedBy: v.requestedBy,
  createdAt: v.createdAt.toISOString(),
  startedAt: v.startedAt?.toISOString() ?? null,
  finishedAt: v.finishedAt?.toISOString() ?? null,
});

/** Verification as a job: requested over HTTP, run by the worker in pages, with progress and result recorded. */
@Injectable()
export class AuditVerificationsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'AUDIT_VERIFY_PAGE_SIZE'>,
  ) {}

  /**
   * Records a verification and hands it to the worker (through the outbox: a queue outage delays it,
   * never loses it). One at a time: while one is queued or running, another is refused (409).
   */
  async start(actor: Actor, options: { incremental?: boolean; pageSize?: number }): Promise<VerificationView> {
    let job: OutboxJob | null = null;
    let saved: AuditVerificationEntity;
    try {
      saved = await this.dataSource.transaction(async (manager) => {
        const verification = await manager.getRepository(AuditVerificationEntity).save(
          manager.getRepository(AuditVerificationEntity).create({
            requestedBy: actor.id,
            incremental: options.incremental ?? false,
            pageSize: options.pageSize ?? this.config.AUDIT_VERIFY_PAGE_SIZE,
          }),
        );
        job = await addToOutbox(manager, 'audit.verify', { verificationId: verification.id }, jobId('audit-verify', verification.id));
        return verification;
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        const [running] = await this.dataSource.query(`SELECT id FROM audit_verifications WHERE state IN ('queued', 'running') LIMIT 1`);
        throw new DomainError('conflict', 'verification-in-progress', 'A verification is already queued or running; wait for it to finish.', [], { running: running?.id ?? null });
      }
      throw error;
    }
    await this.queues.dispatch([job!]);
    return this.get(saved.id);
  }

  async get(id: string): Promise<VerificationView> {
    const verification = await this.dataSource.getRepository(AuditVerificationEntity).findOneBy({ id });
    if (!verification) throw notFound('verification', id);
    return toView(verification);
  }

  /**
   * Runs one verification (the job's body). Idempotent: a retry after a crash starts it again from its
   * beginning; a finished one is left as it is.
   */
  async run(id: string): Promise<VerificationView | null> {
    const repo = this.dataSource.getRepository(AuditVerificationEntity);
    const verification = await repo.findOneBy({ id });
    if (!verification || verification.state === 'done' || verification.state === 'failed') return null;
    let from: { checkpointSeq: number; throughEventSeq: number } | undefined;
    if (verification.incremental) {
      const [last]: { covered_checkpoint_seq: string; through_event_seq: string }[] = await this.dataSource.query(
        `SELECT covered_checkpoint_seq, through_event_seq FROM audit_verifications
         WHERE state = 'done' AND ok AND covered_checkpoint_seq IS NOT NULL AND through_event_seq IS NOT NULL
         ORDER BY finished_at DESC LIMIT 1`,
      );
      if (last) from = { checkpointSeq: Number(last.covered_checkpoint_seq), throughEventSeq: Number(last.through_event_seq) };
    }
    await repo.update({ id }, { state: 'running', startedAt: new Date(), eventsChecked: '0', checkpointsChecked: 0 });
    let written = 0;
    const outcome = await this.audit.verify({
      pageSize: verification.pageSize,
      from,
      onProgress: async (progress) => {
        if (Date.now() - written < PROGRESS_EVERY_MS && progress.eventsChecked < progress.eventsTotal) return;
        written = Date.now();
        await repo.update({ id }, { eventsChecked: String(progress.eventsChecked), eventsTotal: String(progress.eventsTotal), checkpointsChecked: progress.checkpointsChecked });
      },
    });
    await repo.update(
      { id },
      {
        state: 'done',
        finishedAt: new Date(),
        ok: outcome.ok,
        problemCount: outcome.problemCount,
        problems: outcome.problems.slice(0, PROBLEMS_KEPT),
        eventsChecked: String(outcome.eventsChecked),
        eventsTotal: String(outcome.eventsChecked),
        checkpointsChecked: outcome.checkpointsChecked,
        coveredCheckpointSeq: outcome.latestCheckpointSeq === null ? null : String(outcome.latestCheckpointSeq),
        throughEventSeq: String(outcome.throughEventSeq),
        fromCheckpointSeq: outcome.fromCheckpointSeq === null ? null : String(outcome.fromCheckpointSeq),
      },
    );
    return this.get(id);
  }

  /** No retry left: the verification is marked failed with the error, so the next one may start. */
  async fail(id: string, error: Error): Promise<void> {
    await this.dataSource.getRepository(AuditVerificationEntity).update({ id }, { state: 'failed', finishedAt: new Date(), error: error.message.slice(0, 2000) });
  }
}
