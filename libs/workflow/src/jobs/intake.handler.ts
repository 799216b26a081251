import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { ArticlesService } from '@app/articles';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { ClaimEntity, ClaimsService, type ClaimKind } from '@app/claims';
import { systemActor } from '@app/core';
import { completeInOutbox, JobQueues, type JobHandler, type JobPayloads } from '@app/queue';
import { guessClaimKind, normalizeForMatch, verifyAnchor } from '@app/text';
import { WorkflowService } from '../workflow.service.js';

type IntakeJob = Job<JobPayloads['claims.intake'], unknown, 'claims.intake'>;

const INTAKE = systemActor('intake');

/**
 * The automated intake step: normalise the statement for matching, check the anchor still matches the
 * article, guess the kind when none was given, find earlier similar claims, then move the claim to
 * research. Idempotent: the outbox row of the job is completed in the same transaction, so a job that
 * runs again (after a crash, a stall or a duplicate enqueue) changes nothing.
 */
@Injectable()
export class IntakeHandler implements JobHandler<'claims.intake'> {
  readonly jobName = 'claims.intake' as const;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ClaimsService) private readonly claims: ClaimsService,
    @Inject(ArticlesService) private readonly articles: ArticlesService,
    @Inject(WorkflowService) private readonly workflow: WorkflowService,
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async handle(job: IntakeJob) {
    const { claimId, transitionSeq } = job.data;
    const outcome = await this.dataSource.transaction(async (manager) => {
      const claim = await manager.getRepository(ClaimEntity).findOne({ where: { id: claimId }, lock: { mode: 'pessimistic_write' } });
      if (!(await completeInOutbox(manager, job.id!, 'done'))) return { skipped: 'already-done' as const };
      if (!claim || claim.state !== 'intake' || claim.transitionSeq !== transitionSeq) return { skipped: 'claim-moved-on' as const };

      const article = await this.articles.findEntity(claim.articleId, manager);
      const normalized = normalizeForMatch(claim.statement);
      const anchorVerified = verifyAnchor(article.body, {
        quote: { type: 'TextQuoteSelector', exact: claim.quoteExact, prefix: claim.quotePrefix, suffix: claim.quoteSuffix },
        position: { type: 'TextPositionSelector', start: claim.positionStart, end: claim.positionEnd },
      });
      const kindGuessed = claim.kind === null;
      const kind: ClaimKind = claim.kind ?? guessClaimKind(claim.statement);
      const similarClaims = await this.claims.findSimilar(manager, claim.id, normalized);
      if (this.config.TEST_INTAKE_PAUSE_MS) {
        // Fault tests wait for this line to know the step is in progress (the claim locked, nothing committed).
        new Logger('intake').warn({ msg: 'test pause inside the intake step', claimId, ms: this.config.TEST_INTAKE_PAUSE_MS });
        await sleep(this.config.TEST_INTAKE_PAUSE_MS);
      }

      const report = { anchorVerified, kind, kindGuessed, similarClaims, normalizedStatement: normalized };
      return this.workflow.applySystemIn(manager, claim, 'complete-intake', INTAKE, { anchorVerified, kind, kindGuessed, similarClaims: similarClaims.length }, {
        statementNormalized: normalized,
        kind,
        intakeReport: report,
      });
    });
    if ('jobs' in outcome) {
      await this.queues.dispatch(outcome.jobs);
      return { movedTo: outcome.view.state };
    }
    return outcome;
  }

  /** Retries ran out: the claim goes to `failed` with the error, visible to editors who can retry it. */
  async onFinalFailure(job: IntakeJob, error: Error): Promise<void> {
    const { claimId, transitionSeq } = job.data;
    await this.dataSource.transaction(async (manager) => {
      const claim = await manager.getRepository(ClaimEntity).findOne({ where: { id: claimId }, lock: { mode: 'pessimistic_write' } });
      if (!(await completeInOutbox(manager, job.id!, 'failed'))) return;
      if (!claim || claim.state !== 'intake' || claim.transitionSeq !== transitionSeq) return;
      const failure = error.message.slice(0, 2000);
      await this.workflow.applySystemIn(manager, claim, 'fail', INTAKE, { error: failure, attempts: job.attemptsMade + 1 }, { failedStep: 'intake', failure });
    });
  }
}
