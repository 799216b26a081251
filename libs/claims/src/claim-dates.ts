import type { ClaimDate } from './claim.entity.js';

/**
 * Reads the dates a claim's words state, resolved against its article's publication time. Claims
 * cannot depend on the suggestion rules (suggestions depend on claims), so the rules are handed in
 * under {@link CLAIM_DATE_READER} by the suggestions library (`ClaimDatesModule`); without a reader a
 * claim made by hand gets no dates.
 */
export interface ClaimDateReader {
  datesOf(article: { body: string; language: string; publishedAt: Date | null }, span: { start: number; end: number }): ClaimDate[];
}

export const CLAIM_DATE_READER = Symbol.for('factcheck.claims.date-reader');
