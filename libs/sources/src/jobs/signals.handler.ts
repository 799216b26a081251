import { Inject, Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { ClaimEntity } from '@app/claims';
import { notifyLive } from '@app/db';
import { completeInOutbox, type JobHandler, type JobPayloads } from '@app/queue';
import { datesIn } from '@app/suggestions';
import { extractQuotedWording, findNumbers, quoteSignal } from '@app/text';
import { CaptureEntity } from '../capture.entity.js';

/**
 * Machine signals for one claim against one capture: where its quoted wording is found (exact, after
 * Arabic-aware normalisation, or fuzzy with a score and word diff; "not comparable" when the wording and
 * the source are in different languages), which of its numbers occur, and whether the capture states the
 * dates the claim was resolved to. Signals are shown to the checker; they never set a verdict.
 */
@Injectable()
export class SignalsHandler implements JobHandler<'sources.signals'> {
  readonly jobName = 'sources.signals' as const;

  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async handle(job: Job<JobPayloads['sources.signals'], unknown, 'sources.signals'>) {
    const { claimId, captureId } = job.data;
    const [claim, capture] = await Promise.all([
      this.dataSource.getRepository(ClaimEntity).findOneBy({ id: claimId }),
      this.dataSource.getRepository(CaptureEntity).findOneBy({ id: captureId }),
    ]);
    const text = capture?.status === 'ok' ? (capture.extractedText ?? '') : null;
    // The wording is compared only with a source in its language: across languages a similarity score means nothing.
    const [languages]: { article: string; source: string | null }[] =
      claim && capture
        ? await this.dataSource.query('SELECT a.language AS article, s.language AS source FROM articles a, sources s WHERE a.id = $1 AND s.id = $2', [claim.articleId, capture.sourceId])
        : [];
    const signals =
      claim && text !== null && languages
        ? {
            quotes: quotedWordingOf(claim).map((quote) => ({ quote, ...quoteSignal(quote, text, { quoteLanguage: languages.article, sourceLanguage: languages.source }) })),
            numbers: findNumbers(`${claim.statement} ${claim.quoteExact}`, text),
            dates: dateSignals(claim, text),
          }
        : null;
    return this.dataSource.transaction(async (manager) => {
      if (!(await completeInOutbox(manager, job.id!, 'done'))) return { skipped: 'already-done' };
      if (!signals) return { skipped: 'nothing-to-compare' };
      await manager.query(
        `INSERT INTO signals (claim_id, capture_id, quotes, numbers, dates) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (claim_id, capture_id) DO NOTHING`,
        [claimId, captureId, JSON.stringify(signals.quotes), JSON.stringify(signals.numbers), JSON.stringify(signals.dates)],
      );
      // Signals land after the capture's own event: without this, a screen showing the claim would not know they exist.
      await notifyLive(manager, [{ type: 'signals', claimId, captureId }]);
      return { quotes: signals.quotes.map((q) => q.kind) };
    });
  }
}

/** The wording to look for: what the statement puts in quotes; for a quote claim, else its anchored span. */
export function quotedWordingOf(claim: Pick<ClaimEntity, 'statement' | 'quoteExact' | 'kind'>): string[] {
  const fromStatement = extractQuotedWording(claim.statement);
  if (fromStatement.length) return fromStatement;
  const fromAnchor = extractQuotedWording(claim.quoteExact);
  if (fromAnchor.length) return fromAnchor;
  return claim.kind === 'quote' ? [claim.quoteExact] : [];
}

/**
 * The date signal: for each date the claim was resolved to, whether the capture states a date within it
 * ("16 July 2001", "١٦ تموز ٢٠٠١", "2001-07-16" all state 2001-07-16; any of them states the year 2001).
 */
export function dateSignals(claim: Pick<ClaimEntity, 'resolvedDates'>, sourceText: string): { expression: string; from: string; to: string; found: boolean }[] {
  const wanted = (claim.resolvedDates ?? []).filter((d): d is typeof d & { from: string; to: string } => d.from !== null && d.to !== null);
  if (wanted.length === 0) return [];
  const stated = datesIn(sourceText);
  return wanted.map((d) => ({ expression: d.expression, from: d.from, to: d.to, found: stated.some((s) => s.from >= d.from && s.to <= d.to) }));
}
