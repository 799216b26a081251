import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ArticleEntity, ArticlesService } from '@app/articles';
import { AuditService } from '@app/audit';
import { ClaimsService, type ClaimKind, type ClaimPriority, type ClaimView } from '@app/claims';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DomainError, notFound, type Actor } from '@app/core';
import { addToOutbox, JobQueues, jobId, type OutboxJob } from '@app/queue';
import { toNfc } from '@app/text';
import { SuggestionEntity, SuggestionRunEntity, type RunState, type SuggestionState } from './suggestion.entity.js';
import { toClaimDate } from './claim-dates.module.js';
import { suggestClaims, type ResolvedDate, type SuggestionSpan } from './suggest.js';
import type { SuggestionKind } from './rules/common.js';

/**
 * Articles up to this many code points get their suggestions in the request (a few milliseconds);
 * longer ones in the worker, so no request waits on a long text.
 */
export const INLINE_SUGGESTION_CODE_POINTS = 20_000;

export interface SuggestionRunView {
  id: string;
  articleId: string;
  articleVersion: number;
  bodySha256: string;
  timeZone: string;
  state: RunState;
  failure: string | null;
  requestedBy: string;
  createdAt: string;
  finishedAt: string | null;
}

export interface SuggestionView {
  id: string;
  runId: string;
  articleId: string;
  ordinal: number;
  kind: SuggestionKind;
  rule: string;
  statement: string;
  claimant: string | null;
  anchor: ClaimView['anchor'];
  spans: SuggestionSpan[];
  dates: ResolvedDate[];
  state: SuggestionState;
  claimId: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  dismissReason: string | null;
  createdAt: string;
  version: number;
}

/** What the editor may change when accepting: the claim is theirs, the suggestion only a draft. */
export interface AcceptEdits {
  statement?: string;
  kind?: ClaimKind;
  claimant?: string | null;
  priority?: ClaimPriority;
  dueAt?: Date | null;
}

const runView = (run: SuggestionRunEntity): SuggestionRunView => ({
  id: run.id,
  articleId: run.articleId,
  articleVersion: run.articleVersion,
  bodySha256: run.bodySha256,
  timeZone: run.timeZone,
  state: run.state,
  failure: run.failure,
  requestedBy: run.requestedBy,
  createdAt: run.createdAt.toISOString(),
  finishedAt: run.finishedAt?.toISOString() ?? null,
});

export const suggestionView = (s: SuggestionEntity): SuggestionView => ({
  id: s.id,
  runId: s.runId,
  articleId: s.articleId,
  ordinal: s.ordinal,
  kind: s.kind,
  rule: s.rule,
  statement: s.statement,
  claimant: s.claimant,
  anchor: {
    quote: { type: 'TextQuoteSelector', exact: s.quoteExact, prefix: s.quotePrefix, suffix: s.quoteSuffix },
    position: { type: 'TextPositionSelector', start: s.positionStart, end: s.positionEnd },
  },
  spans: s.spans,
  dates: s.dates,
  state: s.state,
  claimId: s.claimId,
  decidedBy: s.decidedBy,
  decidedAt: s.decidedAt?.toISOString() ?? null,
  dismissReason: s.dismissReason,
  createdAt: s.createdAt.toISOString(),
  version: s.version,
});

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** Suggestions: computing them per article body, listing them, and the editor's accept or dismiss. */
@Injectable()
export class SuggestionsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(ArticlesService) private readonly articles: ArticlesService,
    @Inject(ClaimsService) private readonly claims: ClaimsService,
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Asks for the suggestions of the article's current body, read in `timeZone` (the newsroom's by
   * default). Idempotent per body and zone: a second request finds the first run (`created: false`).
   * Short articles are done when this returns; long ones are `pending` until the worker finishes.
   */
  async request(actor: Actor, articleId: string, options: { timeZone?: string; correlationId?: string } = {}): Promise<{ run: SuggestionRunView; created: boolean }> {
    const timeZone = options.timeZone ?? this.config.NEWSROOM_TIME_ZONE;
    if (!isTimeZone(timeZone)) {
      throw new DomainError('invalid', 'invalid-time-zone', `${timeZone} is not an IANA time zone.`, [{ field: 'timeZone', message: 'must be an IANA time zone such as "Asia/Riyadh"' }]);
    }
    const jobs: OutboxJob[] = [];
    const result = await this.dataSource.transaction(async (manager) => {
      const article = await this.articles.findEntity(articleId, manager);
      const inserted: { id: string }[] = await manager.query(
        `INSERT INTO suggestion_runs (article_id, article_version, body_sha256, time_zone, state, requested_by)
         VALUES ($1, $2, $3, $4, 'pending', $5) ON CONFLICT (article_id, body_sha256, time_zone) DO NOTHING RETURNING id`,
        [article.id, article.version, article.bodySha256, timeZone, actor.id],
      );
      if (inserted.length === 0) {
        const existing = await manager.getRepository(SuggestionRunEntity).findOneByOrFail({ articleId, bodySha256: article.bodySha256, timeZone });
        return { run: existing, created: false };
      }
      const runId = inserted[0]!.id;
      if (article.bodyCodePoints <= INLINE_SUGGESTION_CODE_POINTS) await this.computeIn(manager, runId, article);
      else jobs.push(await addToOutbox(manager, 'suggestions.compute', { runId }, jobId('suggestions', runId)));
      const run = await manager.getRepository(SuggestionRunEntity).findOneByOrFail({ id: runId });
      await this.audit.append(manager, {
        actor,
        action: 'suggestions.requested',
        target: { type: 'article', id: articleId },
        after: { runId, articleVersion: run.articleVersion, bodySha256: run.bodySha256, timeZone, state: run.state },
        correlationId: options.correlationId,
      });
      return { run, created: true };
    });
    await this.queues.dispatch(jobs);
    return { run: runView(result.run), created: result.created };
  }

  /** Computes a pending run inside the caller's transaction; a run already done is left alone (idempotent). */
  async computeIn(manager: EntityManager, runId: string, article?: ArticleEntity): Promise<'done' | 'already-done'> {
    const [run]: { id: string; article_id: string; body_sha256: string; time_zone: string; state: RunState }[] = await manager.query(
      'SELECT id, article_id, body_sha256, time_zone, state FROM suggestion_runs WHERE id = $1 FOR UPDATE',
      [runId],
    );
    if (!run) throw notFound('suggestion-run', runId);
    if (run.state !== 'pending') return 'already-done';
    const source = article ?? (await this.articles.findEntity(run.article_id, manager));
    if (source.bodySha256 !== run.body_sha256) {
      await manager.query(`UPDATE suggestion_runs SET state = 'failed', failure = $2, finished_at = now() WHERE id = $1`, [runId, 'The article body changed before its suggestions were computed.']);
      return 'done';
    }
    const drafts = suggestClaims(source.body, { language: source.language, publishedAt: source.publishedAt, timeZone: run.time_zone });
    if (drafts.length) {
      await manager.query(
        `INSERT INTO suggestions (run_id, article_id, ordinal, kind, rule, statement, claimant, quote_exact, quote_prefix, quote_suffix, position_start, position_end, spans, dates, version)
         SELECT $1, $2, s.ordinal, s.kind, s.rule, s.statement, s.claimant, s.quote_exact, s.quote_prefix, s.quote_suffix, s.position_start, s.position_end, s.spans, s.dates, 1
           FROM jsonb_to_recordset($3::jsonb) AS s(ordinal integer, kind text, rule text, statement text, claimant text, quote_exact text, quote_prefix text,
                quote_suffix text, position_start integer, position_end integer, spans jsonb, dates jsonb)`,
        [
          runId,
          source.id,
          JSON.stringify(
            drafts.map((d, ordinal) => ({
              ordinal,
              kind: d.kind,
              rule: d.rule,
              statement: d.statement,
              claimant: d.claimant,
              quote_exact: d.anchor.quote.exact,
              quote_prefix: d.anchor.quote.prefix,
              quote_suffix: d.anchor.quote.suffix,
              position_start: d.anchor.position.start,
              position_end: d.anchor.position.end,
              spans: d.spans,
              dates: d.dates,
            })),
          ),
        ],
      );
    }
    await manager.query(`UPDATE suggestion_runs SET state = 'done', finished_at = now() WHERE id = $1`, [runId]);
    return 'done';
  }

  /** Records a run the worker gave up on, so the editor sees why instead of waiting. */
  async fail(runId: string, failure: string): Promise<void> {
    await this.dataSource.query(`UPDATE suggestion_runs SET state = 'failed', failure = $2, finished_at = now() WHERE id = $1 AND state = 'pending'`, [runId, failure.slice(0, 2000)]);
  }

  /**
   * The article's suggestions for its current body (latest run), with each one's state. `run` is null
   * when none were asked for yet. Decided suggestions stay listed.
   */
  async list(articleId: string, filter: { state?: SuggestionState; kind?: SuggestionKind } = {}): Promise<{ run: SuggestionRunView | null; items: SuggestionView[] }> {
    const article = await this.articles.findEntity(articleId);
    const run = await this.dataSource.getRepository(SuggestionRunEntity).findOne({
      where: { articleId, bodySha256: article.bodySha256 },
      order: { createdAt: 'DESC', id: 'DESC' },
    });
    if (!run) return { run: null, items: [] };
    const items = await this.dataSource.getRepository(SuggestionEntity).find({
      where: { runId: run.id, ...(filter.state ? { state: filter.state } : {}), ...(filter.kind ? { kind: filter.kind } : {}) },
      order: { ordinal: 'ASC' },
    });
    return { run: runView(run), items: items.map(suggestionView) };
  }

  async get(id: string): Promise<SuggestionView> {
    const s = await this.dataSource.getRepository(SuggestionEntity).findOneBy({ id });
    if (!s) throw notFound('suggestion', id);
    return suggestionView(s);
  }

  /**
   * Accepts a suggestion: the claim is submitted through the normal path (anchor resolved against the
   * body, intake queued, `claim.submitted` audited) with the suggestion's dates, then the suggestion is
   * marked accepted (audited). Refused with 409 when it was decided already or the article's body is
   * no longer the one it was computed from. The claim is created under a key derived from the
   * suggestion, so two accepts at once, or a retry after a crash between the two steps, make one claim.
   */
  async accept(actor: Actor, id: string, edits: AcceptEdits = {}, correlationId?: string): Promise<{ suggestion: SuggestionView; claim: ClaimView; replayed: boolean }> {
    const suggestion = await this.get(id);
    const run = await this.dataSource.getRepository(SuggestionRunEntity).findOneByOrFail({ id: suggestion.runId });
    this.assertOpen(suggestion);
    const article = await this.articles.findEntity(suggestion.articleId);
    if (article.bodySha256 !== run.bodySha256) {
      throw new DomainError('conflict', 'article-changed', `The article changed (version ${run.articleVersion} → ${article.version}) since this suggestion was made; ask for new suggestions.`, [], {
        suggestedFromVersion: run.articleVersion,
        currentVersion: article.version,
      });
    }
    const { claims, replayed } = await this.claims.submit(
      actor,
      suggestion.articleId,
      [
        {
          statement: edits.statement ?? suggestion.statement,
          kind: edits.kind ?? suggestion.kind,
          claimant: edits.claimant === undefined ? suggestion.claimant : edits.claimant,
          priority: edits.priority,
          dueAt: edits.dueAt ?? null,
          anchor: { start: suggestion.anchor.position.start, end: suggestion.anchor.position.end, exact: suggestion.anchor.quote.exact },
          dates: suggestion.dates.map(toClaimDate),
        },
      ],
      { correlationId, idempotency: { actorId: 'system:suggestions', key: `accept.${id}`, request: ['accept', id] } },
    );
    const claim = claims[0]!;
    const accepted = await this.dataSource.transaction(async (manager) => {
      const [rows]: [SuggestionRow[], number] = await manager.query(
        `UPDATE suggestions SET state = 'accepted', claim_id = $2, decided_by = $3, decided_at = now(), version = version + 1
          WHERE id = $1 AND state = 'open' RETURNING id`,
        [id, claim.id, actor.id],
      );
      // Someone else's accept made this claim a moment ago (the key replayed it): theirs is the success.
      if (rows.length === 0) return null;
      const after = suggestionView(await manager.getRepository(SuggestionEntity).findOneByOrFail({ id }));
      await this.audit.append(manager, {
        actor,
        action: 'suggestion.accepted',
        target: { type: 'suggestion', id },
        before: suggestion,
        after,
        correlationId,
      });
      return after;
    });
    if (!accepted) {
      this.assertOpen(await this.get(id));
      throw new Error(`suggestion ${id} is open but could not be accepted`);
    }
    return { suggestion: accepted, claim, replayed };
  }

  /** Dismisses a suggestion with the editor's reason (audited); 409 when it was decided already. */
  async dismiss(actor: Actor, id: string, reason: string, correlationId?: string): Promise<SuggestionView> {
    const text = toNfc(reason).trim();
    if (!text) throw new DomainError('invalid', 'invalid-reason', 'Give a reason for dismissing the suggestion.', [{ field: 'reason', message: 'must not be empty' }]);
    const before = await this.get(id);
    this.assertOpen(before);
    return this.dataSource.transaction(async (manager) => {
      const [rows]: [SuggestionRow[], number] = await manager.query(
        `UPDATE suggestions SET state = 'dismissed', dismiss_reason = $2, decided_by = $3, decided_at = now(), version = version + 1
          WHERE id = $1 AND state = 'open' RETURNING id`,
        [id, text, actor.id],
      );
      if (rows.length === 0) this.assertOpen(await this.get(id));
      const after = suggestionView(await manager.getRepository(SuggestionEntity).findOneByOrFail({ id }));
      await this.audit.append(manager, { actor, action: 'suggestion.dismissed', target: { type: 'suggestion', id }, before, after, correlationId });
      return after;
    });
  }

  private assertOpen(s: SuggestionView): void {
    if (s.state !== 'open') {
      throw new DomainError('conflict', 'suggestion-decided', `This suggestion was ${s.state} already${s.decidedAt ? ` at ${s.decidedAt}` : ''}.`, [], {
        state: s.state,
        claimId: s.claimId,
      });
    }
  }
}

type SuggestionRow = { id: string };
