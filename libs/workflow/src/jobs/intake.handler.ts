import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource, In } from 'typeorm';
import { ArticlesService } from '@app/articles';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { ClaimEntity, ClaimsService, type ClaimKind } from '@app/claims';
import { systemActor } from '@app/core';
import { completeInOutbox, completeManyInOutbox, JobQueues, type JobHandler, type JobPayloads, type OutboxJob } from '@app/queue';
import { guessClaimKind, normalizeForMatch, verifyAnchor } from '@app/text';
import { WorkflowService } from '../workflow.service.js';

type IntakeJob = Job<JobPayloads['claims.intake'], unknown, 'claims.intake'>;
type IntakeOutcome = { movedTo: string } | { skipped: 'already-done' | 'claim-moved-on' };

const INTAKE = systemActor('intake');

/** Most jobs one intake transaction carries. */
const MAX_BATCH = 50;
/** Batches in flight at once in one process (each on its own connection). */
const MAX_BATCHES_IN_FLIGHT = 2;

interface Waiting {
  job: IntakeJob;
  resolve: (outcome: IntakeOutcome) => void;
  reject: (error: unknown) => void;
}

/**
 * The automated intake step: normalise the statement for matching, check the anchor still matches the
 * article, guess the kind when none was given, find earlier similar claims, then move the claim to
 * research. Idempotent: the outbox row of the job is completed in the same transaction, so a job that
 * runs again (after a crash, a stall or a duplicate enqueue) changes nothing.
 *
 * The jobs this process's worker is running at the same moment are carried in one transaction (group
 * commit): the same statements for all of them (claims locked in id order, outbox rows completed, the
 * similar-claims lookups, the audit chain links, one write of every transition), each claim still
 * checked, transitioned and audited on its own. A batch that fails is retried job by job, so one bad
 * claim fails only its own job.
 */
@Injectable()
export class IntakeHandler implements JobHandler<'claims.intake'> {
  readonly jobName = 'claims.intake' as const;
  private readonly logger = new Logger('intake');
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ClaimsService) private readonly claims: ClaimsService,
    @Inject(ArticlesService) private readonly articles: ArticlesService,
    @Inject(WorkflowService) private readonly workflow: WorkflowService,
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  handle(job: IntakeJob): Promise<IntakeOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ job, resolve, reject });
      // Jobs the worker hands over in the same turn of the event loop join the same batch.
      if (this.waiting.length === 1) setImmediate(() => this.drain());
    });
  }

  private drain(): void {
    while (this.inFlight < MAX_BATCHES_IN_FLIGHT && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.runBatch(batch).finally(() => {
        this.inFlight--;
        this.drain();
      });
    }
  }

  private async runBatch(batch: Waiting[]): Promise<void> {
    try {
      const outcomes = await this.process(batch.map((w) => w.job));
      batch.forEach((w, i) => w.resolve(outcomes[i]!));
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      this.logger.warn({ msg: 'intake batch failed; retrying its jobs one by one', jobs: batch.length, error: (error as Error).message });
      await Promise.all(
        batch.map(async (w) => {
          try {
            const [outcome] = await this.process([w.job]);
            w.resolve(outcome!);
          } catch (jobError) {
            w.reject(jobError);
          }
        }),
      );
    }
  }

  /** Runs the intake step of the jobs in one transaction; outcomes in the order of `jobs`. */
  private async process(jobs: IntakeJob[]): Promise<IntakeOutcome[]> {
    const { outcomes, owed } = await this.dataSource.transaction(async (manager) => {
      const ids = [...new Set(jobs.map((job) => job.data.claimId))];
      // Locked in id order, so two batches sharing claims cannot deadlock.
      const claims = await manager.getRepository(ClaimEntity).find({ where: { id: In(ids) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
      const byId = new Map(claims.map((claim) => [claim.id, claim]));
      const mine = await completeManyInOutbox(manager, jobs.map((job) => job.id!), 'done');

      const outcomes: (IntakeOutcome | null)[] = [];
      const todo: { index: number; claim: ClaimEntity }[] = [];
      const taken = new Set<string>();
      jobs.forEach((job, index) => {
        const claim = byId.get(job.data.claimId);
        if (!mine.has(job.id!)) {
          outcomes.push({ skipped: 'already-done' });
        } else if (!claim || claim.state !== 'intake' || claim.transitionSeq !== job.data.transitionSeq || taken.has(claim.id)) {
          outcomes.push({ skipped: 'claim-moved-on' });
        } else {
          taken.add(claim.id);
          outcomes.push(null);
          todo.push({ index, claim });
        }
      });
      if (todo.length === 0) return { outcomes: outcomes as IntakeOutcome[], owed: [] };

      const bodies = await this.articles.bodies(todo.map((t) => t.claim.articleId), manager);
      const checked = todo.map(({ claim }) => {
        const body = bodies.get(claim.articleId);
        if (body === undefined) throw new Error(`article ${claim.articleId} of claim ${claim.id} not found`);
        const normalized = normalizeForMatch(claim.statement);
        const anchorVerified = verifyAnchor(body, {
          quote: { type: 'TextQuoteSelector', exact: claim.quoteExact, prefix: claim.quotePrefix, suffix: claim.quoteSuffix },
          position: { type: 'TextPositionSelector', start: claim.positionStart, end: claim.positionEnd },
        });
        const kindGuessed = claim.kind === null;
        const kind: ClaimKind = claim.kind ?? guessClaimKind(claim.statement);
        return { claim, normalized, anchorVerified, kind, kindGuessed };
      });
      const similar = await this.claims.findSimilarMany(manager, checked.map((c) => ({ claimId: c.claim.id, normalized: c.normalized })));
      if (this.config.TEST_INTAKE_PAUSE_MS) await sleep(this.config.TEST_INTAKE_PAUSE_MS);

      const results = await this.workflow.applySystemManyIn(
        manager,
        INTAKE,
        checked.map(({ claim, normalized, anchorVerified, kind, kindGuessed }, i) => {
          const similarClaims = similar[i]!;
          const report = { anchorVerified, kind, kindGuessed, similarClaims, normalizedStatement: normalized };
          return {
            claim,
            action: 'complete-intake' as const,
            details: { anchorVerified, kind, kindGuessed, similarClaims: similarClaims.length },
            patch: { statementNormalized: normalized, kind, intakeReport: report },
          };
        }),
      );
      const owed: OutboxJob[] = [];
      results.forEach(({ view, jobs: owedJobs }, i) => {
        outcomes[todo[i]!.index] = { movedTo: view.state };
        owed.push(...owedJobs);
      });
      return { outcomes: outcomes as IntakeOutcome[], owed };
    });
    await this.queues.dispatch(owed);
    return outcomes;
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
