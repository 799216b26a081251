import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource, In, type EntityManager } from 'typeorm';
import { ArticlesService } from '@app/articles';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { ClaimEntity, ClaimsService, type ClaimKind } from '@app/claims';
import { systemActor } from '@app/core';
import { completeInOutbox, completeManyInOutbox, JobQueues, type JobHandler, type JobPayloads, type OutboxJob } from '@app/queue';
import { guessClaimKind, normalizeForMatch, similarityKeys, verifyAnchor } from '@app/text';
import { WorkflowService } from '../workflow.service.js';

type IntakeJob = Job<JobPayloads['claims.intake'], unknown, 'claims.intake'>;
type IntakeOutcome = { movedTo: string } | { skipped: 'already-done' | 'claim-moved-on' };

const INTAKE = systemActor('intake');

/** Most claims one intake transaction carries (its jobs and the waiting claims it takes on). */
const MAX_BATCH = 50;
/** How long a claim whose batch failed is left to its own job (not taken on by other batches). */
const AVOID_MS = 60_000;
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
 * checked, transitioned and audited on its own. The batch also takes on other claims waiting in intake
 * whose job is still open in the outbox (oldest first, up to {@link MAX_BATCH}, skipping claims another
 * transaction holds): their outbox rows are completed in the same transaction, so their own jobs, when
 * they run, find the step done. A batch that fails is retried job by job without taking on others, so
 * one bad claim fails only its own job (and is left to it for a while).
 */
@Injectable()
export class IntakeHandler implements JobHandler<'claims.intake'> {
  readonly jobName = 'claims.intake' as const;
  private readonly logger = new Logger('intake');
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;
  /** Claims not to take on (their batch failed), until the given time. */
  private readonly avoid = new Map<string, number>();

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
    const taken: string[] = [];
    try {
      const outcomes = await this.process(batch.map((w) => w.job), MAX_BATCH - batch.length, taken);
      batch.forEach((w, i) => w.resolve(outcomes[i]!));
    } catch (error) {
      const until = Date.now() + AVOID_MS;
      for (const id of taken) this.avoid.set(id, until);
      if (batch.length === 1 && taken.length === 0) {
        batch[0]!.reject(error);
        return;
      }
      this.logger.warn({ msg: 'intake batch failed; retrying its jobs one by one', jobs: batch.length, takenOn: taken.length, error: (error as Error).message });
      await Promise.all(
        batch.map(async (w) => {
          try {
            const [outcome] = await this.process([w.job], 0, []);
            w.resolve(outcome!);
          } catch (jobError) {
            w.reject(jobError);
          }
        }),
      );
    }
  }

  private avoided(): string[] {
    const now = Date.now();
    for (const [id, until] of this.avoid) if (until < now) this.avoid.delete(id);
    return [...this.avoid.keys()];
  }

  /**
   * Runs the intake step of the jobs, and of up to `takeOn` other claims waiting in intake (their ids
   * are pushed to `taken`), in one transaction; outcomes in the order of `jobs`.
   */
  private async process(jobs: IntakeJob[], takeOn: number, taken: string[]): Promise<IntakeOutcome[]> {
    const { outcomes, owed } = await this.dataSource.transaction(async (manager) => {
      const ids = [...new Set(jobs.map((job) => job.data.claimId))];
      // The jobs' claims are locked first, waiting, in id order (so two batches cannot deadlock on them);
      // the claims taken on after that are only those no one holds (SKIP LOCKED), so nothing waits while holding them.
      const claims = await manager.getRepository(ClaimEntity).find({ where: { id: In(ids) }, order: { id: 'ASC' }, lock: { mode: 'pessimistic_write' } });
      const byId = new Map(claims.map((claim) => [claim.id, claim]));
      const mine = await completeManyInOutbox(manager, jobs.map((job) => job.id!), 'done');
      const others = takeOn > 0 ? await this.takeOn(manager, takeOn, [...ids, ...this.avoided()]) : [];
      taken.push(...others.map((claim) => claim.id));

      const outcomes: (IntakeOutcome | null)[] = [];
      const todo: { index: number | null; claim: ClaimEntity }[] = [];
      const seen = new Set<string>();
      jobs.forEach((job, index) => {
        const claim = byId.get(job.data.claimId);
        if (!mine.has(job.id!)) {
          outcomes.push({ skipped: 'already-done' });
        } else if (!claim || claim.state !== 'intake' || claim.transitionSeq !== job.data.transitionSeq || seen.has(claim.id)) {
          outcomes.push({ skipped: 'claim-moved-on' });
        } else {
          seen.add(claim.id);
          outcomes.push(null);
          todo.push({ index, claim });
        }
      });
      for (const claim of others) todo.push({ index: null, claim });
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
      if (this.config.TEST_INTAKE_PAUSE_MS) {
        // Fault tests wait for this line to know the step is in progress (the claims locked, nothing committed).
        this.logger.warn({ msg: 'test pause inside the intake step', claims: checked.map((c) => c.claim.id), ms: this.config.TEST_INTAKE_PAUSE_MS });
        await sleep(this.config.TEST_INTAKE_PAUSE_MS);
      }

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
            patch: { statementNormalized: normalized, similarityKeys: similarityKeys(normalized), kind, intakeReport: report },
          };
        }),
      );
      const owed: OutboxJob[] = [];
      results.forEach(({ view, jobs: owedJobs }, i) => {
        const index = todo[i]!.index;
        if (index !== null) outcomes[index] = { movedTo: view.state };
        owed.push(...owedJobs);
      });
      return { outcomes: outcomes as IntakeOutcome[], owed };
    });
    await this.queues.dispatch(owed);
    return outcomes;
  }

  /**
   * Locks up to `limit` other claims waiting in intake, oldest first, that no other transaction holds and
   * whose current intake job is still open in the outbox, and completes those outbox rows.
   */
  private async takeOn(manager: EntityManager, limit: number, exclude: string[]): Promise<ClaimEntity[]> {
    const columns = manager.connection.getMetadata(ClaimEntity).columns;
    const result: unknown[] = await manager.query(
      `WITH waiting AS (
         SELECT c.* FROM claims c
          WHERE c.state = 'intake' AND c.id <> ALL($1::uuid[])
            AND EXISTS (SELECT 1 FROM job_outbox o WHERE o.job_id = $3 || c.id || '.' || c.transition_seq AND o.completed_at IS NULL)
          ORDER BY c.created_at, c.id LIMIT $2
          FOR UPDATE OF c SKIP LOCKED
       ), completed AS (
         UPDATE job_outbox o SET completed_at = now(), outcome = 'done'
           FROM waiting w WHERE o.job_id = $3 || w.id || '.' || w.transition_seq AND o.completed_at IS NULL
         RETURNING w.id
       )
       SELECT w.* FROM waiting w JOIN completed USING (id) ORDER BY w.id`,
      // The outbox job id of a claim's intake step is claimStepJobId('intake', id, seq): 'intake.<id>.<seq>'.
      [exclude, limit, 'intake.'],
    );
    const rows = result as Record<string, unknown>[];
    return rows.map((row) => {
      const claim = new ClaimEntity();
      for (const column of columns) (claim as unknown as Record<string, unknown>)[column.propertyName] = row[column.databaseName];
      return claim;
    });
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
