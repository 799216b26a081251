// What the verdict section reads out of the claim, the rating scale and the timeline. Pure: no React,
// no fetching, so the rules it mirrors from the API stay easy to see.
// `.js`: the unit tests (apps/web/test/verdict.spec.ts) compile this file as Node ESM too.
import type { components } from '../api/schema.js';

type Schemas = components['schemas'];
export type Rating = Schemas['Rating'];
type TimelineEntry = Schemas['TimelineEntry'];
type ClaimFacts = Pick<Schemas['WorkflowClaim'], 'kind' | 'unverifiableReason' | 'assigneeId' | 'leaseExpiresAt'>;

/**
 * A rating's label in the interface language (the tag, then its primary subtag), else in English, which
 * every scale has; `lang` is the language the label is in, so it is read (and marked up) as such.
 */
export function ratingLabel(rating: Pick<Rating, 'key' | 'labels'>, language: string): { text: string; lang: string } {
  const labels = rating.labels as Record<string, string>;
  const primary = language.split('-')[0]!;
  for (const tag of [language, primary, 'en']) {
    if (labels[tag]) return { text: labels[tag], lang: tag };
  }
  const [tag, text] = Object.entries(labels)[0] ?? ['en', rating.key];
  return { text, lang: tag };
}

/**
 * The ratings the API accepts for this claim (the workflow's `checkRating`): quote ratings for quote
 * claims only, and only ratings without a value after research finished without a captured source.
 */
export function ratingsFor(ratings: readonly Rating[], claim: Pick<ClaimFacts, 'kind' | 'unverifiableReason'>): Rating[] {
  return ratings.filter((rating) => (rating.group !== 'quote' || claim.kind === 'quote') && (!claim.unverifiableReason || rating.value === null));
}

/** Who holds the claim's lease now: nobody once it has expired (the API's lease check). */
export function leaseHolder(claim: Pick<ClaimFacts, 'assigneeId' | 'leaseExpiresAt'>, now = Date.now()): string | null {
  return claim.assigneeId && claim.leaseExpiresAt && Date.parse(claim.leaseExpiresAt) > now ? claim.assigneeId : null;
}

export interface ApprovedVerdict {
  rating: string;
  rationale: string | null;
  proposedBy: string;
  proposedAt: string | null;
  approvedBy: string;
  approvedAt: string;
}

/**
 * The verdict the latest approval decided, read from the timeline: the approval names the rating and
 * its proposer; the proposal before it carries the rationale and when it was made.
 */
export function approvedVerdict(timeline: readonly TimelineEntry[]): ApprovedVerdict | null {
  const approvalAt = timeline.findLastIndex((entry) => entry.action === 'approve');
  if (approvalAt < 0) return null;
  const approval = timeline[approvalAt]!;
  const proposal = timeline.slice(0, approvalAt).findLast((entry) => entry.action === 'propose');
  const rating = stringDetail(approval, 'rating') ?? (proposal && stringDetail(proposal, 'rating'));
  if (!rating) return null;
  return {
    rating,
    rationale: (proposal && stringDetail(proposal, 'rationale')) ?? null,
    proposedBy: stringDetail(approval, 'proposedBy') ?? proposal?.actorId ?? '',
    proposedAt: proposal?.at ?? null,
    approvedBy: approval.actorId,
    approvedAt: approval.at,
  };
}

/**
 * The return that brought the claim into `step`, when that was its latest change of step (leases taken
 * and released since do not count): who sent it back and why.
 */
export function returnedInto(timeline: readonly TimelineEntry[], step: string): TimelineEntry | null {
  const last = timeline.findLast((entry) => entry.from !== entry.to);
  return last && last.action === 'return' && last.to === step && last.comment ? last : null;
}

function stringDetail(entry: TimelineEntry, name: string): string | undefined {
  const value = entry.details?.[name];
  return typeof value === 'string' ? value : undefined;
}
