import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ArticlesService, type ArticleText } from '@app/articles';
import { auditInsert, AuditService } from '@app/audit';
import { DomainError, decodeCursor, encodeCursor, notFound, type Actor, type FieldProblem } from '@app/core';
import { escapeLike, liveNotifyQuery, onceForKey, type IdempotencyRequest } from '@app/db';
import { claimStepJobId, JobQueues, outboxInsert, outboxJob, type OutboxJob } from '@app/queue';
import { isWellFormedText, languageOfText, resolveAnchor, similarityKeys, toNfc, type Anchor, type AnchorRequest } from '@app/text';
import { CLAIM_DATE_READER, type ClaimDateReader } from './claim-dates.js';
import { CLAIM_PRIORITIES, ClaimEntity, type ClaimDate, type ClaimKind, type ClaimPriority } from './claim.entity.js';

export interface SubmitClaimInput {
  statement: string;
  kind?: ClaimKind | null;
  claimant?: string | null;
  priority?: ClaimPriority;
  dueAt?: Date | null;
  anchor: AnchorRequest;
  /**
   * Dates resolved for the claim (an accepted suggestion's). When left out, the dates its anchored
   * words state are read and resolved against the article's publication time (see {@link ClaimDateReader}).
   */
  dates?: ClaimDate[] | null;
}

export interface ClaimView {
  id: string;
  articleId: string;
  statement: string;
  kind: ClaimKind | null;
  claimant: string | null;
  priority: ClaimPriority;
  dueAt: string | null;
  state: string;
  /** Workflow bookkeeping: transitions so far, the lease of the current human step, a failed step's error. */
  transitionSeq: number;
  assigneeId: string | null;
  leaseExpiresAt: string | null;
  failedStep: string | null;
  failure: string | null;
  /** What the intake step found (anchor check, guessed kind, earlier similar claims); null before intake. */
  intake: Record<string, unknown> | null;
  /** Set when research finished without a captured source: the verdict can only be unverifiable. */
  unverifiableReason: string | null;
  anchor: Anchor;
  /** The dates the claim means, resolved against the publication time; null when none were resolved. */
  dates: ClaimDate[] | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface SimilarClaim {
  claimId: string;
  statement: string;
  state: string;
  similarity: number;
}

export interface ClaimFilter {
  articleId?: string;
  state?: string;
  kind?: ClaimKind;
  claimant?: string;
  /** Case-insensitive substring of the statement (trigram index). */
  q?: string;
  cursor?: string;
  limit: number;
}

export const claimView = (claim: ClaimEntity): ClaimView => ({
  id: claim.id,
  articleId: claim.articleId,
  statement: claim.statement,
  kind: claim.kind,
  claimant: claim.claimant,
  priority: CLAIM_PRIORITIES[claim.priority] ?? 'normal',
  dueAt: claim.dueAt?.toISOString() ?? null,
  state: claim.state,
  transitionSeq: claim.transitionSeq,
  assigneeId: claim.assigneeId,
  leaseExpiresAt: claim.leaseExpiresAt?.toISOString() ?? null,
  failedStep: claim.failedStep,
  failure: claim.failure,
  intake: claim.intakeReport,
  unverifiableReason: claim.unverifiableReason,
  anchor: {
    quote: { type: 'TextQuoteSelector', exact: claim.quoteExact, prefix: claim.quotePrefix, suffix: claim.quoteSuffix },
    position: { type: 'TextPositionSelector', start: claim.positionStart, end: claim.positionEnd },
  },
  dates: claim.resolvedDates ?? null,
  createdBy: claim.createdBy,
  createdAt: claim.createdAt.toISOString(),
  updatedAt: claim.updatedAt.toISOString(),
  version: claim.version,
});

/** The lowest trigram similarity at which an earlier claim is shown as prior work (pg_trgm's default). */
const SIMILARITY_THRESHOLD = 0.3;
/** Most claims one group write carries (see ClaimsService.submitGrouped). */
const MAX_GROUP_CLAIMS = 200;
/** Group writes in flight at once in one process (each on its own connection). */
const MAX_GROUPS_IN_FLIGHT = 2;

/** One request's claims, checked and anchored, ready to write. */
interface Submission {
  actor: Actor;
  articleId: string;
  prepared: { input: SubmitClaimInput; statement: string; anchor: Anchor }[];
  correlationId?: string;
}

interface WaitingSubmission {
  submission: Submission;
  resolve: (claims: ClaimView[]) => void;
  reject: (error: unknown) => void;
}


/** `language` of an unlabelled text in an article in `articleLanguage`, omitted when it cannot be told. */
const languageProperty = (text: string, articleLanguage: string) => {
  const language = languageOfText(text, articleLanguage);
  return language ? { language } : {};
};

/** Claims: submission with anchors, reading, listing and W3C annotation export. */
@Injectable()
export class ClaimsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(ArticlesService) private readonly articles: ArticlesService,
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Optional() @Inject(CLAIM_DATE_READER) private readonly dateReader?: ClaimDateReader,
  ) {}

  /** Submissions waiting for the next group write, oldest first. */
  private readonly waiting: WaitingSubmission[] = [];
  private groupsInFlight = 0;

  /**
   * Submits claims for one article, all or none: every anchor is resolved against the article body
   * first, and any problem is reported with the index of the claim (`claims.2.anchor.exact`).
   */
  async submit(
    actor: Actor,
    articleId: string,
    inputs: SubmitClaimInput[],
    options: { idempotency?: IdempotencyRequest; correlationId?: string; fieldPrefix?: (index: number) => string } = {},
  ): Promise<{ claims: ClaimView[]; replayed: boolean }> {
    const prefix = options.fieldPrefix ?? ((index: number) => (inputs.length === 1 ? '' : `claims.${index}.`));
    const article = await this.articles.text(articleId);
    const prepared = this.withDates(article, inputs.map((input, index) => this.prepare(article.body, input, prefix(index))));
    const submission: Submission = { actor, articleId, prepared, correlationId: options.correlationId };
    if (!options.idempotency) return { claims: await this.submitGrouped(submission), replayed: false };
    const jobs: OutboxJob[] = [];
    const { result, replayed } = await this.dataSource.transaction((manager) =>
      onceForKey(manager, options.idempotency, async () => (await this.insert(manager, [submission], jobs))[0]!),
    );
    // Intake jobs are in the outbox with the claims; handing them to BullMQ now only saves latency.
    await this.queues.dispatch(jobs);
    return { claims: result, replayed };
  }

  /** Claims submitted without dates get the dates their anchored words state. */
  private withDates<T extends { input: SubmitClaimInput; anchor: Anchor }>(article: ArticleText, prepared: T[]): T[] {
    const reader = this.dateReader;
    if (!reader) return prepared;
    return prepared.map((p) => (p.input.dates !== undefined ? p : { ...p, input: { ...p.input, dates: reader.datesOf(article, p.anchor.position) } }));
  }

  /**
   * Submissions without an idempotency key that arrive while earlier ones are being written share the
   * next write (group commit): one audit-links statement and one insert for all of them, one commit, one
   * hand-off to BullMQ. The insert is one statement, atomic on its own, so no transaction is held. A group
   * that fails is written again submission by submission, so a bad one fails only its own request.
   */
  private submitGrouped(submission: Submission): Promise<ClaimView[]> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ submission, resolve, reject });
      // Submissions that arrive in the same turn of the event loop join the same group.
      if (this.waiting.length === 1) setImmediate(() => this.drainSubmissions());
    });
  }

  private drainSubmissions(): void {
    while (this.groupsInFlight < MAX_GROUPS_IN_FLIGHT && this.waiting.length > 0) {
      const group = this.takeGroup();
      this.groupsInFlight++;
      void this.writeGroup(group).finally(() => {
        this.groupsInFlight--;
        this.drainSubmissions();
      });
    }
  }

  /** The oldest waiting submissions, up to MAX_GROUP_CLAIMS claims (a larger single submission goes alone). */
  private takeGroup(): WaitingSubmission[] {
    let claims = 0;
    let count = 0;
    for (const waiting of this.waiting) {
      claims += waiting.submission.prepared.length;
      if (count > 0 && claims > MAX_GROUP_CLAIMS) break;
      count++;
    }
    return this.waiting.splice(0, count);
  }

  private async writeGroup(group: WaitingSubmission[]): Promise<void> {
    const jobs: OutboxJob[] = [];
    let views: ClaimView[][];
    try {
      views = await this.insert(this.dataSource.manager, group.map((w) => w.submission), jobs);
    } catch (error) {
      if (group.length === 1) group[0]!.reject(error);
      else await Promise.all(group.map((w) => this.writeGroup([w])));
      return;
    }
    // Committed with their outbox rows: answer now; handing the jobs to BullMQ only saves the reconciler's delay.
    group.forEach((w, i) => w.resolve(views[i]!));
    await this.queues.dispatch(jobs);
  }

  private prepare(body: string, input: SubmitClaimInput, fieldPrefix: string) {
    const problems: FieldProblem[] = [];
    const statement = toNfc(input.statement).trim();
    if (!statement) problems.push({ field: `${fieldPrefix}statement`, message: 'must not be empty' });
    for (const [field, value] of Object.entries({
      statement: input.statement,
      claimant: input.claimant,
      'anchor.exact': input.anchor.exact,
      'anchor.prefix': input.anchor.prefix,
      'anchor.suffix': input.anchor.suffix,
    })) {
      if (typeof value === 'string' && !isWellFormedText(value)) problems.push({ field: fieldPrefix + field, message: 'not well-formed Unicode text' });
    }
    if (problems.length) throw new DomainError('invalid', 'invalid-claim', 'The claim is not valid.', problems);
    const resolved = resolveAnchor(body, input.anchor);
    if (!resolved.ok) {
      throw new DomainError('unprocessable', resolved.code, resolved.message, [
        { field: `${fieldPrefix}anchor.${resolved.field}`, message: resolved.message },
      ], resolved.occurrences ? { occurrences: resolved.occurrences } : {});
    }
    return { input, statement, anchor: resolved.anchor };
  }

  /**
   * Writes the claims of the submissions with one statement for the audit chain links of the new claims
   * and one that inserts the claims, their intake jobs (outbox) and their `claim.submitted` audit events
   * together, and announces them (delivered at commit). Ids and timestamps are set here, so each audit
   * event carries the claim exactly as stored. The new claims' chains cannot be contended (no one else
   * knows their ids), and the unique (target, chain position) index would refuse a clash, so the links
   * need no transaction around both statements. Returns each submission's claims, in order.
   */
  private async insert(manager: EntityManager, submissions: Submission[], jobs: OutboxJob[]): Promise<ClaimView[][]> {
    const now = new Date();
    const claims = submissions.flatMap((submission) =>
      submission.prepared.map(({ input, statement, anchor }) => {
        const claim = new ClaimEntity();
        Object.assign(claim, {
          id: randomUUID(),
          articleId: submission.articleId,
          statement,
          kind: input.kind ?? null,
          claimant: input.claimant ? toNfc(input.claimant).trim() : null,
          priority: CLAIM_PRIORITIES.indexOf(input.priority ?? 'normal'),
          dueAt: input.dueAt ?? null,
          state: 'intake',
          transitionSeq: 0,
          assigneeId: null,
          leaseExpiresAt: null,
          failedStep: null,
          failure: null,
          unverifiableReason: null,
          statementNormalized: null,
          similarityKeys: null,
          intakeReport: null,
          resolvedDates: input.dates?.length ? input.dates : null,
          quoteExact: anchor.quote.exact,
          quotePrefix: anchor.quote.prefix,
          quoteSuffix: anchor.quote.suffix,
          positionStart: anchor.position.start,
          positionEnd: anchor.position.end,
          createdBy: submission.actor.id,
          createdAt: now,
          updatedAt: now,
          version: 1,
        } satisfies Omit<ClaimEntity, 'article'>);
        return { claim, view: claimView(claim), submission };
      }),
    );
    const owed = claims.map(({ claim }) => outboxJob('claims.intake', { claimId: claim.id, transitionSeq: 0 }, claimStepJobId('intake', claim.id, 0)));
    const events = await this.audit.prepare(
      manager,
      claims.map(({ view, submission: { actor, correlationId } }) => ({ actor, action: 'claim.submitted', target: { type: 'claim', id: view.id }, after: view, correlationId })),
    );
    const outbox = outboxInsert(owed, '$2');
    const audit = auditInsert(events, '$3');
    const notify = liveNotifyQuery(
      claims.map(({ claim: c, submission }) => ({ type: 'claim', id: c.id, articleId: c.articleId, state: c.state, version: c.version, action: 'submit', actorId: submission.actor.id })),
      '$4',
    );
    await manager.query(
      `WITH inserted AS (
         INSERT INTO claims (id, article_id, statement, kind, claimant, priority, due_at, state, transition_seq, resolved_dates, quote_exact, quote_prefix, quote_suffix,
                             position_start, position_end, created_by, created_at, updated_at, version)
         SELECT id, article_id, statement, kind, claimant, priority, due_at, state, transition_seq, resolved_dates, quote_exact, quote_prefix, quote_suffix,
                position_start, position_end, created_by, created_at, updated_at, version
           FROM jsonb_to_recordset($1::jsonb) AS c(id uuid, article_id uuid, statement text, kind text, claimant text, priority smallint, due_at timestamptz,
                state text, transition_seq integer, resolved_dates jsonb, quote_exact text, quote_prefix text, quote_suffix text, position_start integer, position_end integer,
                created_by text, created_at timestamptz, updated_at timestamptz, version integer)
       ), outbox AS (${outbox.sql}
       ), audit AS (${audit.sql}
       ), notified AS (${notify.sql})
       SELECT n FROM notified`,
      [
        JSON.stringify(
          claims.map(({ claim: c }) => ({
            id: c.id,
            article_id: c.articleId,
            statement: c.statement,
            kind: c.kind,
            claimant: c.claimant,
            priority: c.priority,
            due_at: c.dueAt?.toISOString() ?? null,
            state: c.state,
            transition_seq: c.transitionSeq,
            resolved_dates: c.resolvedDates,
            quote_exact: c.quoteExact,
            quote_prefix: c.quotePrefix,
            quote_suffix: c.quoteSuffix,
            position_start: c.positionStart,
            position_end: c.positionEnd,
            created_by: c.createdBy,
            created_at: c.createdAt.toISOString(),
            updated_at: c.updatedAt.toISOString(),
            version: c.version,
          })),
        ),
        outbox.value,
        audit.value,
        notify.value,
      ],
    );
    jobs.push(...owed);
    return submissions.map((submission) => claims.filter((c) => c.submission === submission).map((c) => c.view));
  }

  async get(id: string): Promise<ClaimView> {
    const claim = await this.dataSource.getRepository(ClaimEntity).findOneBy({ id });
    if (!claim) throw notFound('claim', id);
    return claimView(claim);
  }

  async list(filter: ClaimFilter): Promise<{ items: ClaimView[]; nextCursor: string | null }> {
    const query = this.dataSource
      .getRepository(ClaimEntity)
      .createQueryBuilder('c')
      .orderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(filter.limit + 1);
    if (filter.articleId) query.andWhere('c.article_id = :articleId', { articleId: filter.articleId });
    if (filter.state) query.andWhere('c.state = :state', { state: filter.state });
    if (filter.kind) query.andWhere('c.kind = :kind', { kind: filter.kind });
    if (filter.claimant) query.andWhere('lower(c.claimant) = lower(:claimant)', { claimant: toNfc(filter.claimant) });
    if (filter.q) query.andWhere(`c.statement ILIKE :q ESCAPE '\\'`, { q: `%${escapeLike(toNfc(filter.q))}%` });
    if (filter.cursor) {
      const after = decodeCursor(filter.cursor);
      query.andWhere('(c.created_at, c.id) > (:createdAt, :id)', after);
    }
    const rows = await query.getMany();
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(claimView),
      nextCursor: rows.length > filter.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
    };
  }

  /** Earlier claims whose normalised statements are similar (pg_trgm), best first, for the checker to see prior work. */
  async findSimilar(manager: EntityManager, claimId: string, normalized: string, limit = 5): Promise<SimilarClaim[]> {
    const [similar] = await this.findSimilarMany(manager, [{ claimId, normalized }], limit);
    return similar!;
  }

  /**
   * {@link findSimilar} for several claims in one statement; the answers are in the order of `probes`.
   * Candidates are the claims sharing a similarity key with the probe (GIN index, a few postings per key
   * whatever the table's size); only those are ranked by exact trigram similarity, so near matches
   * (a word changed, words reordered, spelling folded by normalisation) are found in every article, and
   * claims that merely share a few common words are not read at all.
   */
  async findSimilarMany(manager: EntityManager, probes: { claimId: string; normalized: string }[], limit = 5): Promise<SimilarClaim[][]> {
    if (probes.length === 0) return [];
    const rows: { ord: string; id: string; statement: string; state: string; similarity: number }[] = await manager.query(
      `SELECT q.ord, n.id, n.statement, n.state, n.similarity
         FROM unnest($1::uuid[], $2::text[], $3::text[]) WITH ORDINALITY AS q(claim_id, normalized, keys, ord)
        CROSS JOIN LATERAL (
          SELECT id, statement, state, created_at, similarity
            FROM (SELECT id, statement, state, created_at, similarity(statement_normalized, q.normalized) AS similarity
                    FROM claims WHERE similarity_keys && q.keys::integer[] AND id <> q.claim_id) candidates
           WHERE similarity >= $5
           ORDER BY similarity DESC, created_at ASC LIMIT $4
        ) n
        ORDER BY q.ord, n.similarity DESC, n.created_at ASC`,
      [probes.map((p) => p.claimId), probes.map((p) => p.normalized), probes.map((p) => `{${similarityKeys(p.normalized).join(',')}}`), limit, SIMILARITY_THRESHOLD],
    );
    const answers: SimilarClaim[][] = probes.map(() => []);
    for (const row of rows) {
      answers[Number(row.ord) - 1]!.push({ claimId: row.id, statement: row.statement, state: row.state, similarity: Math.round(Number(row.similarity) * 1000) / 1000 });
    }
    return answers;
  }

  /** The claim as a W3C Web Annotation (JSON-LD) targeting the article with both selectors. */
  async annotation(id: string, baseUrl: string): Promise<Record<string, unknown>> {
    const claim = await this.get(id);
    const article = await this.articles.findEntity(claim.articleId);
    return {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: `${baseUrl}/v1/claims/${claim.id}/annotation`,
      type: 'Annotation',
      motivation: 'assessing',
      created: claim.createdAt,
      creator: { id: `${baseUrl}/v1/users/${claim.createdBy}`, type: 'Person' },
      // The statement is in the editor's words, often not in the article's language: each says its own.
      body: { type: 'TextualBody', value: claim.statement, format: 'text/plain', ...languageProperty(claim.statement, article.language), purpose: 'describing' },
      target: {
        source: { id: article.url ?? `urn:uuid:${article.id}`, type: 'Text', format: 'text/plain', language: article.language },
        selector: [claim.anchor.quote, claim.anchor.position],
      },
    };
  }
}
