import { z } from 'zod';
import { RUN_STATES, SUGGESTION_KINDS, SUGGESTION_STATES } from '@app/suggestions';
import { named, timestamp } from '../openapi.js';
import { Anchor, Claim } from './claims.js';

const codePoint = z.number().int().min(0);
const isoDate = z.iso.date();

export const SuggestionSpan = named(
  'SuggestionSpan',
  z.strictObject({
    kind: z.enum(SUGGESTION_KINDS),
    rule: z.string(),
    role: z.enum(['claim', 'speaker']).describe('`claim`: the words to check; `speaker`: who is said to have said them.'),
    start: codePoint,
    end: codePoint.describe('Exclusive; code points.'),
    exact: z.string(),
  }),
);

export const ResolvedDate = named(
  'ResolvedDate',
  z.strictObject({
    expression: z.string().describe('As written in the article.'),
    start: codePoint,
    end: codePoint,
    found: z.string().describe('The date rule that found it.'),
    from: isoDate.nullable().describe('First day meant (included); null when it cannot be resolved.'),
    to: isoDate.nullable().describe('Last day meant (included).'),
    granularity: z.enum(['day', 'week', 'month', 'year']).nullable(),
    rule: z.string().describe('How it was placed on the calendar: explicit, publication-year, nearest-year, past-weekday, iso-week …'),
    ambiguous: z.boolean().describe('Another reading is reasonable; `reason` says why.'),
    reason: z.string().nullable(),
  }),
);

export const SuggestionRun = named(
  'SuggestionRun',
  z.strictObject({
    id: z.uuid(),
    articleId: z.uuid(),
    articleVersion: z.number().int(),
    bodySha256: z.string(),
    timeZone: z.string(),
    state: z.enum(RUN_STATES),
    failure: z.string().nullable(),
    requestedBy: z.string(),
    createdAt: timestamp,
    finishedAt: timestamp.nullable(),
  }),
);

export const Suggestion = named(
  'Suggestion',
  z.strictObject({
    id: z.uuid(),
    runId: z.uuid(),
    articleId: z.uuid(),
    ordinal: z.number().int(),
    kind: z.enum(SUGGESTION_KINDS),
    rule: z.string(),
    statement: z.string().describe('A first wording for the editor to rework: the sentence as written.'),
    claimant: z.string().nullable(),
    anchor: Anchor,
    spans: z.array(SuggestionSpan),
    dates: z.array(ResolvedDate),
    state: z.enum(SUGGESTION_STATES),
    claimId: z.uuid().nullable(),
    decidedBy: z.string().nullable(),
    decidedAt: timestamp.nullable(),
    dismissReason: z.string().nullable(),
    createdAt: timestamp,
    version: z.number().int(),
  }),
);

export const SuggestionList = named('SuggestionList', z.strictObject({ run: SuggestionRun.nullable(), items: z.array(Suggestion) }));
export const AcceptedSuggestion = named('AcceptedSuggestion', z.strictObject({ suggestion: Suggestion, claim: Claim }));
