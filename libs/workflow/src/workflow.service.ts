import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import { auditInsert, AuditService } from '@app/audit';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { ClaimEntity, claimView, type ClaimKind, type ClaimView } from '@app/claims';
import { DomainError, notFound, type Actor, type Role } from '@app/core';
import { liveNotifyQuery } from '@app/db';
import { claimStepJobId, jobId, JobQueues, outboxInsert, outboxJob, type OutboxJob } from '@app/queue';
import { SourcesService } from '@app/sources';
import { VerdictsService } from '@app/verdicts';
import { ClaimTransitionEntity } from './claim-transition.entity.js';
import { decide, HUMAN_STEP_ROLE, isAutomatedStep, type Action, type HumanStep, type Refusal, type Step } from './state-machine.js';
import { NotificationEntity } from './notification.entity.js';
import { VerdictProposalEntity } from './verdict-proposal.entity.js';

/** A person's request to move a claim (the machine's own transitions go through `applySystem`). */
export interface TransitionRequest {
  action: Exclude<Action, 'complete-intake' | 'fail' | 'expire-lease' | 'take'>;
  /** The claim version the person acted on; a stale one is a 409. */
  version: number;
  comment?: string;
  /** For return and reopen: the step to go back to. */
  to?: Step;
  /** For propose: a rating key of the desk's current scale. */
  rating?: string;
  rationale?: string;
  /** For reassign. */
  assigneeId?: string;
  /** For finish-research without a captured source: why; the verdict is then limited to unverifiable. */
  unverifiableReason?: string;
}

export interface TaskFilter {
  articleId?: string;
  kind?: ClaimKind;
  language?: string;
}

export interface TimelineEntry {
  seq: number;
  action: string;
  from: string;
  to: string;
  actorId: string;
  comment: string | null;
  details: Record<string, unknown> | null;
  at: string;
}

export interface WorkflowClaimView extends ClaimView {
  /** The verdict under review, if any. */
  proposal: { rating: string; rationale: string; proposedBy: string; proposedAt: string } | null;
}

const REFUSAL_KIND = {
  'wrong-step': 'conflict',
  'wrong-role': 'forbidden',
  'four-eyes': 'forbidden',
  'task-leased': 'conflict',
  'comment-required': 'unprocessable',
  'invalid-destination': 'unprocessable',
} as const satisfies Record<Refusal['code'], string>;

/** Transitions the machine makes (see {@link WorkflowService.applySystemIn}). */
export type SystemAction = 'complete-intake' | 'fail' | 'expire-lease';

/** Claim fields a machine transition may set besides the workflow bookkeeping. */
export type SystemPatch = Partial<Pick<ClaimEntity, 'kind' | 'statementNormalized' | 'similarityKeys' | 'intakeReport' | 'failedStep' | 'failure'>>;

interface Change {
  action: Action;
  to: Step;
  actor: Actor;
  comment: string | null;
  details: Record<string, unknown>;
  assignee: { id: string | null; until: Date | null };
  correlationId?: string;
  /** The verdict under review after the change, for the view; 'reload' reads it after the write. */
  proposal: VerdictProposalEntity | null | 'reload';
}

const REFUSAL_FIELD: Partial<Record<Refusal['code'], string>> = { 'comment-required': 'comment', 'invalid-destination': 'to' };

/**
 * The one place claims change step. Each transition is checked against the state machine, the claim's
 * version and lease, and written with its timeline entry, audit event and any queue job (through the
 * outbox) in one transaction; the job is handed to BullMQ after commit.
 */
@Injectable()
export class WorkflowService {
  private readonly logger = new Logger('workflow');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Inject(SourcesService) private readonly sources: SourcesService,
    @Inject(VerdictsService) private readonly verdicts: VerdictsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Applies a person's transition request to a claim. */
  async apply(actor: Actor, claimId: string, request: TransitionRequest, correlationId?: string): Promise<WorkflowClaimView> {
    const { view, jobs } = await this.dataSource.transaction(async (manager) => {
      const claim = await this.lockClaim(manager, claimId);
      if (claim.version !== request.version) {
        throw new DomainError('conflict', 'stale-version', `The claim changed since version ${request.version}; it is now at version ${claim.version}. Reload and try again.`, [
          { field: 'version', message: `current version is ${claim.version}` },
        ], { currentVersion: claim.version });
      }
      const proposal = await this.currentProposal(manager, claimId);
      const to = this.decideOrThrow(request.action, claim, actor, proposal, { chosen: request.to, comment: request.comment });
      const details: Record<string, unknown> = {};
      let assignee: { id: string | null; until: Date | null } = { id: null, until: null };

      switch (request.action) {
        case 'propose': {
          const { rating, scaleVersion } = await this.checkRating(manager, claim, request);
          await manager.getRepository(VerdictProposalEntity).insert({
            claimId,
            rating,
            scaleVersion,
            rationale: request.rationale!.trim(),
            proposedBy: actor.id,
            proposedAt: new Date(),
          });
          Object.assign(details, { rating, scaleVersion, rationale: request.rationale!.trim() });
          break;
        }
        case 'approve':
        case 'return':
          if (proposal) {
            await manager.getRepository(VerdictProposalEntity).update(
              { id: proposal.id },
              { decision: request.action === 'approve' ? 'approved' : 'returned', decidedBy: actor.id, decidedAt: new Date(), decisionComment: request.comment ?? null },
            );
            Object.assign(details, { rating: proposal.rating, proposedBy: proposal.proposedBy });
          }
          break;
        case 'reopen':
          break;
        case 'reassign': {
          if (!request.assigneeId) {
            throw new DomainError('invalid', 'assignee-required', 'Name the person to reassign the task to.', [{ field: 'assigneeId', message: 'required for reassign' }]);
          }
          await this.checkAssignee(manager, request.assigneeId, claim.state as HumanStep, proposal?.proposedBy ?? null);
          assignee = { id: request.assigneeId, until: this.leaseEnd() };
          details.assigneeId = request.assigneeId;
          break;
        }
        case 'release':
          details.releasedFrom = claim.assigneeId;
          break;
        case 'retry':
          details.failure = claim.failure;
          break;
        case 'finish-research': {
          // Research needs at least one captured source, unless the checker says why there is none.
          const captured = await this.sources.hasCapturedEvidence(manager, claimId);
          const reason = request.unverifiableReason?.trim() || null;
          if (!captured && !reason) {
            throw new DomainError('unprocessable', 'source-required', 'Attach at least one source with a successful capture, or give `unverifiableReason` (the verdict will then be limited to unverifiable).', [
              { field: 'unverifiableReason', message: 'required when no evidence source has been captured' },
            ]);
          }
          claim.unverifiableReason = captured ? null : reason;
          details.capturedEvidence = captured;
          if (claim.unverifiableReason) details.unverifiableReason = claim.unverifiableReason;
          break;
        }
      }
      // propose, approve and return change the proposal under review; the view shows it as it is after the change.
      const changesProposal = request.action === 'propose' || request.action === 'approve' || request.action === 'return';
      return this.transition(manager, claim, {
        action: request.action,
        to,
        actor,
        comment: request.comment ?? null,
        details,
        assignee,
        correlationId,
        proposal: changesProposal ? 'reload' : proposal,
      });
    });
    await this.queues.dispatch(jobs);
    return view;
  }

  /** The machine's transitions (intake done, step failed, lease expired), with the same bookkeeping. */
  async applySystemIn(
    manager: EntityManager,
    claim: ClaimEntity,
    action: SystemAction,
    actor: Actor,
    details: Record<string, unknown>,
    patch: SystemPatch = {},
  ): Promise<{ view: WorkflowClaimView; jobs: OutboxJob[] }> {
    const [result] = await this.applySystemManyIn(manager, actor, [{ claim, action, details, patch }]);
    return result!;
  }

  /**
   * Several machine transitions, each on its own (already locked) claim, written together: one statement
   * for the audit chain links, one for the claim updates (each checked against the version it was read
   * at), timeline entries, outbox jobs and audit events. All or none: a refused or stale transition
   * throws and the caller's transaction rolls back.
   */
  async applySystemManyIn(
    manager: EntityManager,
    actor: Actor,
    items: { claim: ClaimEntity; action: SystemAction; details: Record<string, unknown>; patch?: SystemPatch }[],
  ): Promise<{ view: WorkflowClaimView; jobs: OutboxJob[] }[]> {
    return this.transitionMany(
      manager,
      items.map(({ claim, action, details, patch }) => {
        const to = this.decideOrThrow(action, claim, actor, null, {});
        Object.assign(claim, patch ?? {});
        // A claim in intake has no verdict under review (proposals exist from assessment to review only).
        const proposal = action === 'expire-lease' ? ('reload' as const) : null;
        return { claim, change: { action, to, actor, comment: null, details, assignee: { id: null, until: null }, proposal } };
      }),
    );
  }

  /**
   * Leases the next task of a human step to the actor: highest priority, then earliest due, then oldest;
   * unassigned or with an expired lease; never a claim whose verdict the actor proposed. SKIP LOCKED
   * makes concurrent pulls take different tasks.
   */
  async takeNext(actor: Actor, step: HumanStep, filter: TaskFilter, correlationId?: string): Promise<WorkflowClaimView | null> {
    const role = HUMAN_STEP_ROLE[step];
    if (!actor.roles.includes(role)) {
      throw new DomainError('forbidden', 'wrong-role', `Taking ${step} tasks needs the ${role} role.`);
    }
    return this.dataSource.transaction(async (manager) => {
      const params: unknown[] = [step];
      const where = [`c.state = $1`, `(c.assignee_id IS NULL OR c.lease_expires_at < now())`];
      if (step === 'review') {
        params.push(actor.id);
        where.push(`NOT EXISTS (SELECT 1 FROM verdict_proposals p WHERE p.claim_id = c.id AND p.decision IS NULL AND p.proposed_by = $${params.length})`);
      }
      if (filter.articleId) {
        params.push(filter.articleId);
        where.push(`c.article_id = $${params.length}`);
      }
      if (filter.kind) {
        params.push(filter.kind);
        where.push(`c.kind = $${params.length}`);
      }
      if (filter.language) {
        params.push(filter.language);
        where.push(`EXISTS (SELECT 1 FROM articles a WHERE a.id = c.article_id AND (a.language = $${params.length} OR a.language LIKE $${params.length} || '-%'))`);
      }
      const rows: { id: string }[] = await manager.query(
        `SELECT c.id FROM claims c WHERE ${where.join(' AND ')}
         ORDER BY c.priority DESC, c.due_at ASC NULLS LAST, c.created_at ASC, c.id ASC
         LIMIT 1 FOR UPDATE SKIP LOCKED`,
        params,
      );
      if (!rows[0]) return null;
      const claim = await this.lockClaim(manager, rows[0].id);
      const previous = claim.assigneeId && claim.leaseExpiresAt && claim.leaseExpiresAt < new Date() ? claim.assigneeId : null;
      const to = this.decideOrThrow('take', claim, actor, null, {});
      const { view } = await this.transition(manager, claim, {
        action: 'take',
        to,
        actor,
        comment: null,
        details: previous ? { previousLeaseExpired: previous } : {},
        assignee: { id: actor.id, until: this.leaseEnd() },
        correlationId,
        proposal: 'reload',
      });
      return view;
    });
  }

  /** Returns the tasks whose leases have run out to their queues, one timeline entry each. */
  async expireLeases(actor: Actor, limit = 200): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows: { id: string }[] = await manager.query(
        `SELECT id FROM claims WHERE assignee_id IS NOT NULL AND lease_expires_at < now() ORDER BY lease_expires_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      for (const { id } of rows) {
        const claim = await this.lockClaim(manager, id);
        await this.applySystemIn(manager, claim, 'expire-lease', actor, { expiredLeaseOf: claim.assigneeId });
      }
      return rows.length;
    });
  }

  async get(claimId: string): Promise<WorkflowClaimView> {
    const claim = await this.dataSource.getRepository(ClaimEntity).findOneBy({ id: claimId });
    if (!claim) throw notFound('claim', claimId);
    return this.view(claim, await this.currentProposal(this.dataSource.manager, claimId));
  }

  /** Every transition of a claim, oldest first, starting with its submission. */
  async timeline(claimId: string): Promise<TimelineEntry[]> {
    const claim = await this.dataSource.getRepository(ClaimEntity).findOneBy({ id: claimId });
    if (!claim) throw notFound('claim', claimId);
    const rows = await this.dataSource.getRepository(ClaimTransitionEntity).find({ where: { claimId }, order: { seq: 'ASC' } });
    const submitted: TimelineEntry = {
      seq: 0,
      action: 'submit',
      from: '',
      to: 'intake',
      actorId: claim.createdBy,
      comment: null,
      details: null,
      at: claim.createdAt.toISOString(),
    };
    return [submitted, ...rows.map((row) => ({
      seq: row.seq,
      action: row.action,
      from: row.fromStep,
      to: row.toStep,
      actorId: row.actorId,
      comment: row.comment,
      details: row.details,
      at: row.at.toISOString(),
    }))];
  }

  /** A person's notifications, newest first. */
  async notifications(userId: string, limit = 50): Promise<{ id: string; kind: string; claimId: string; message: string; createdAt: string }[]> {
    const rows = await this.dataSource.getRepository(NotificationEntity).find({ where: { userId }, order: { createdAt: 'DESC' }, take: limit });
    return rows.map((row) => ({ id: row.id, kind: row.kind, claimId: row.claimId, message: row.message, createdAt: row.createdAt.toISOString() }));
  }

  /** Tasks currently leased, optionally of one person or step (an editor's view of who holds what). */
  async openTasks(filter: { assigneeId?: string; step?: HumanStep }): Promise<WorkflowClaimView[]> {
    const query = this.dataSource
      .getRepository(ClaimEntity)
      .createQueryBuilder('c')
      .where('c.assignee_id IS NOT NULL AND c.lease_expires_at > now()')
      .orderBy('c.assignee_id')
      .addOrderBy('c.lease_expires_at')
      .limit(500);
    if (filter.assigneeId) query.andWhere('c.assignee_id = :assigneeId', { assigneeId: filter.assigneeId });
    if (filter.step) query.andWhere('c.state = :step', { step: filter.step });
    const claims = await query.getMany();
    // One query for every listed claim's undecided proposal, not one per claim.
    const proposals = claims.length
      ? await this.dataSource.getRepository(VerdictProposalEntity).find({ where: { claimId: In(claims.map((c) => c.id)), decision: IsNull() }, order: { proposedAt: 'ASC' } })
      : [];
    const current = new Map(proposals.map((proposal) => [proposal.claimId, proposal]));
    return claims.map((claim) => this.view(claim, current.get(claim.id) ?? null));
  }

  private async transition(manager: EntityManager, claim: ClaimEntity, change: Change): Promise<{ view: WorkflowClaimView; jobs: OutboxJob[] }> {
    const [result] = await this.transitionMany(manager, [{ claim, change }]);
    return result!;
  }

  /**
   * Writes transitions of distinct, locked claims in two statements whatever their number: the audit
   * chain links, then one statement that updates the claims (only at the version they were read at),
   * appends their timeline entries, records the jobs they owe in the outbox and appends their audit
   * events. A claim that changed meanwhile fails the whole statement's check and the transaction.
   */
  private async transitionMany(manager: EntityManager, items: { claim: ClaimEntity; change: Change }[]): Promise<{ view: WorkflowClaimView; jobs: OutboxJob[] }[]> {
    if (items.length === 0) return [];
    const now = new Date();
    const planned = items.map(({ claim, change }) => {
      const before = claimView(claim);
      const from = claim.state;
      const readVersion = claim.version;
      const leaving = change.to !== from;
      claim.state = change.to;
      claim.transitionSeq += 1;
      // Moving to another step ends any lease; take and reassign set a new one.
      claim.assigneeId = change.assignee.id;
      claim.leaseExpiresAt = change.assignee.until;
      if (change.action === 'retry' || change.action === 'reopen' || (leaving && from === 'failed')) {
        claim.failedStep = null;
        claim.failure = null;
      }
      claim.version = readVersion + 1;
      claim.updatedAt = now;
      const jobs: OutboxJob[] = [];
      if (leaving && isAutomatedStep(change.to)) {
        jobs.push(outboxJob('claims.intake', { claimId: claim.id, transitionSeq: claim.transitionSeq }, claimStepJobId(change.to, claim.id, claim.transitionSeq)));
      }
      const notifyUser = this.whoToNotify(change.action, before.state, change.details, claim);
      if (notifyUser && notifyUser !== change.actor.id) {
        jobs.push(
          outboxJob('notify.user', { userId: notifyUser, claimId: claim.id, transitionSeq: claim.transitionSeq }, jobId('notify', claim.id, claim.transitionSeq, notifyUser)),
        );
      }
      return { claim, change, before, from, readVersion, jobs };
    });

    const events = await this.audit.prepare(
      manager,
      planned.map(({ claim, change, before }) => ({
        actor: change.actor,
        action: `claim.${change.action}`,
        target: { type: 'claim', id: claim.id },
        before,
        after: { ...claimView(claim), comment: change.comment, details: change.details },
        correlationId: change.correlationId,
      })),
    );
    const audit = auditInsert(events, '$4');
    const outbox = outboxInsert(planned.flatMap((p) => p.jobs), '$3');
    // Delivered only if the transaction commits, so a failed version check below announces nothing.
    const notify = liveNotifyQuery(
      planned.map(({ claim, change }) => ({ type: 'claim', id: claim.id, articleId: claim.articleId, state: claim.state, version: claim.version, action: change.action, actorId: change.actor.id })),
      '$5',
    );
    const [{ updated }]: { updated: number }[] = await manager.query(
      `WITH updated AS (
         UPDATE claims c SET state = v.state, transition_seq = v.transition_seq, assignee_id = v.assignee_id, lease_expires_at = v.lease_expires_at,
                failed_step = v.failed_step, failure = v.failure, unverifiable_reason = v.unverifiable_reason, kind = v.kind,
                statement_normalized = v.statement_normalized, similarity_keys = v.similarity_keys, intake_report = v.intake_report, updated_at = v.updated_at, version = c.version + 1
           FROM jsonb_to_recordset($1::jsonb) AS v(id uuid, read_version integer, state text, transition_seq integer, assignee_id text,
                lease_expires_at timestamptz, failed_step text, failure text, unverifiable_reason text, kind text, statement_normalized text, similarity_keys integer[],
                intake_report jsonb, updated_at timestamptz)
          WHERE c.id = v.id AND c.version = v.read_version
          RETURNING c.id
       ), timeline AS (
         INSERT INTO claim_transitions (claim_id, seq, action, from_step, to_step, actor_id, comment, details)
         SELECT claim_id, seq, action, from_step, to_step, actor_id, comment, details
           FROM jsonb_to_recordset($2::jsonb) AS t(claim_id uuid, seq integer, action text, from_step text, to_step text, actor_id text, comment text, details jsonb)
       ), outbox AS (${outbox.sql}
       ), audit AS (${audit.sql}
       ), notified AS (${notify.sql})
       SELECT (SELECT count(*)::int FROM updated) AS updated, (SELECT n FROM notified) AS notified`,
      [
        JSON.stringify(
          planned.map(({ claim, readVersion }) => ({
            id: claim.id,
            read_version: readVersion,
            state: claim.state,
            transition_seq: claim.transitionSeq,
            assignee_id: claim.assigneeId,
            lease_expires_at: claim.leaseExpiresAt?.toISOString() ?? null,
            failed_step: claim.failedStep,
            failure: claim.failure,
            unverifiable_reason: claim.unverifiableReason,
            kind: claim.kind,
            statement_normalized: claim.statementNormalized,
            similarity_keys: claim.similarityKeys,
            intake_report: claim.intakeReport,
            updated_at: claim.updatedAt.toISOString(),
          })),
        ),
        JSON.stringify(
          planned.map(({ claim, change, from }) => ({
            claim_id: claim.id,
            seq: claim.transitionSeq,
            action: change.action,
            from_step: from,
            to_step: change.to,
            actor_id: change.actor.id,
            comment: change.comment,
            details: Object.keys(change.details).length ? change.details : null,
          })),
        ),
        outbox.value,
        audit.value,
        notify.value,
      ],
    );
    if (updated !== planned.length) {
      throw new DomainError('conflict', 'stale-version', 'The claim changed while this transition was being made. Reload and try again.');
    }

    const views: { view: WorkflowClaimView; jobs: OutboxJob[] }[] = [];
    for (const { claim, change, jobs } of planned) {
      const proposal = change.proposal === 'reload' ? await this.currentProposal(manager, claim.id) : change.proposal;
      views.push({ view: this.view(claim, proposal), jobs });
    }
    return views;
  }

  /** Returned work goes back to whoever proposed it; reassigned work to the new assignee. */
  private whoToNotify(action: Action, _from: string, details: Record<string, unknown>, claim: ClaimEntity): string | null {
    if (action === 'return') return (details.proposedBy as string | undefined) ?? null;
    if (action === 'reassign') return claim.assigneeId;
    return null;
  }

  private decideOrThrow(
    action: Action,
    claim: ClaimEntity,
    actor: Actor,
    proposal: VerdictProposalEntity | null,
    extra: { chosen?: Step; comment?: string },
  ): Step {
    const leaseHolder = claim.assigneeId && claim.leaseExpiresAt && claim.leaseExpiresAt > new Date() ? claim.assigneeId : null;
    const decision = decide(action, {
      step: claim.state as Step,
      actor: { id: actor.id, roles: actor.roles, system: actor.id.startsWith('system:') },
      leaseHolder,
      proposer: proposal?.proposedBy ?? null,
      failedStep: (claim.failedStep as Step | null) ?? null,
      ...extra,
    });
    if (!decision.ok) {
      const { code, message } = decision.refusal;
      const field = REFUSAL_FIELD[code];
      throw new DomainError(REFUSAL_KIND[code], code === 'wrong-step' ? 'transition-not-allowed' : code, message, field ? [{ field, message }] : []);
    }
    return decision.to;
  }

  /** A proposal names a rating of the current scale; quote ratings are for quote claims only. */
  private async checkRating(manager: EntityManager, claim: ClaimEntity, request: TransitionRequest): Promise<{ rating: string; scaleVersion: number }> {
    const { version, scale } = await this.verdicts.current(manager);
    const rating = scale.ratings.find((r) => r.key === request.rating);
    const problems = [];
    if (!rating) {
      problems.push({ field: 'rating', message: `one of: ${scale.ratings.map((r) => r.key).join(', ')}` });
    } else if (rating.group === 'quote' && claim.kind !== 'quote') {
      problems.push({ field: 'rating', message: 'quote ratings are for quote claims only' });
    } else if (claim.unverifiableReason && rating.value !== null) {
      problems.push({ field: 'rating', message: `research finished without a captured source (${claim.unverifiableReason}): only a rating without a value (unverifiable) is possible` });
    }
    if (!request.rationale?.trim()) problems.push({ field: 'rationale', message: 'explain the verdict' });
    if (problems.length) throw new DomainError('unprocessable', 'invalid-proposal', 'A proposal needs a rating from the scale and a rationale.', problems);
    return { rating: rating!.key, scaleVersion: version };
  }

  private async checkAssignee(manager: EntityManager, userId: string, step: HumanStep, proposer: string | null): Promise<void> {
    const [user]: { roles: Role[]; disabled_at: Date | null }[] = await manager.query('SELECT roles, disabled_at FROM users WHERE id::text = $1', [userId]);
    const role = HUMAN_STEP_ROLE[step];
    const problem = !user || user.disabled_at ? 'no active user with this id' : !user.roles.includes(role) ? `needs the ${role} role for ${step}` : step === 'review' && proposer === userId ? 'the proposer cannot review their own verdict' : null;
    if (problem) throw new DomainError('unprocessable', 'invalid-assignee', `Cannot assign this ${step} task: ${problem}.`, [{ field: 'assigneeId', message: problem }]);
  }

  private leaseEnd(): Date {
    return new Date(Date.now() + this.config.TASK_LEASE_MS);
  }

  private async lockClaim(manager: EntityManager, claimId: string): Promise<ClaimEntity> {
    const claim = await manager.getRepository(ClaimEntity).findOne({ where: { id: claimId }, lock: { mode: 'pessimistic_write' } });
    if (!claim) throw notFound('claim', claimId);
    return claim;
  }

  private async currentProposal(manager: EntityManager, claimId: string): Promise<VerdictProposalEntity | null> {
    return manager.getRepository(VerdictProposalEntity).findOne({ where: { claimId, decision: IsNull() }, order: { proposedAt: 'DESC' } });
  }

  view(claim: ClaimEntity, proposal: VerdictProposalEntity | null): WorkflowClaimView {
    return {
      ...claimView(claim),
      proposal: proposal
        ? { rating: proposal.rating, rationale: proposal.rationale, proposedBy: proposal.proposedBy, proposedAt: proposal.proposedAt.toISOString() }
        : null,
    };
  }
}

