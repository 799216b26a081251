import { z } from 'zod';
import { SOURCE_KINDS, SOURCE_SUBTYPES, STANCES } from '@app/sources';
import { listOf, named, timestamp } from '../openapi.js';

/** One capture attempt of a source (`CaptureView`). */
export const Capture = named(
  'Capture',
  z.strictObject({
    id: z.uuid(),
    sourceId: z.uuid(),
    origin: z.enum(['fetch', 'upload', 'recheck']),
    status: z.enum(['pending', 'ok', 'refused', 'failed']),
    requestedUrl: z.string(),
    finalUrl: z.string().nullable(),
    redirects: z.array(z.string()).nullable(),
    httpStatus: z.number().int().nullable(),
    contentType: z.string().nullable(),
    byteSize: z.number().int().nullable(),
    sha256: z.string().nullable(),
    headers: z.record(z.string(), z.string()).nullable(),
    title: z.string().nullable(),
    publishedAt: timestamp.nullable(),
    reason: z.string().nullable().describe('Why a capture was refused or failed (`address-not-allowed`, `too-large`, …).'),
    detail: z.string().nullable(),
    drift: z.boolean(),
    rot: z.boolean(),
    requestedBy: z.string(),
    requestedAt: timestamp,
    finishedAt: timestamp.nullable(),
  }),
);
export const CaptureWithText = named('CaptureWithText', Capture.extend({ text: z.string().nullable() }));

const sourceFields = {
  id: z.uuid(),
  url: z.string(),
  normalizedUrl: z.string(),
  canonicalUrl: z.string().nullable(),
  title: z.string().nullable(),
  publisher: z.string().nullable(),
  language: z.string().nullable(),
  kind: z.enum(SOURCE_KINDS),
  subtype: z.enum(SOURCE_SUBTYPES),
  recheck: z.boolean(),
  derivedFrom: z.array(z.uuid()),
  createdBy: z.string(),
  createdAt: timestamp,
  version: z.number().int(),
};
export const Source = named('Source', z.strictObject(sourceFields));
export const SourceWithCaptures = named('SourceWithCaptures', z.strictObject({ ...sourceFields, captures: z.array(Capture) }));

export const Evidence = named(
  'Evidence',
  z.strictObject({
    id: z.uuid(),
    claimId: z.uuid(),
    stance: z.enum(STANCES),
    excerpt: z.string().nullable(),
    note: z.string().nullable(),
    createdBy: z.string(),
    createdAt: timestamp,
    source: Source,
    archived: Capture.nullable().describe('The latest successful capture (what the report links to).'),
    latest: Capture.nullable().describe('The latest attempt, of any outcome.'),
  }),
);
export const EvidenceList = listOf('EvidenceList', Evidence);

export const WordDiffPart = named('WordDiffPart', z.strictObject({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() }));
const quoteMatch = z.strictObject({
  quote: z.string(),
  kind: z.enum(['exact', 'normalized', 'fuzzy', 'none']),
  score: z.number().min(0).max(1),
  passage: z.string().nullable(),
  start: z.number().int().nullable(),
  end: z.number().int().nullable(),
  diff: z.array(WordDiffPart).nullable(),
});
/** The wording and the capture are in different languages: a score would mean nothing, so none is given. */
const quoteNotComparable = z.strictObject({
  quote: z.string(),
  kind: z.literal('not-comparable'),
  reason: z.literal('different-languages'),
  quoteLanguage: z.string().nullable(),
  sourceLanguage: z.string().nullable(),
  score: z.null(),
  passage: z.null(),
  start: z.null(),
  end: z.null(),
  diff: z.null(),
});
export const QuoteSignal = named('QuoteSignal', z.discriminatedUnion('kind', [quoteMatch, quoteNotComparable]));
export const NumberSignal = named('NumberSignal', z.strictObject({ value: z.string(), found: z.boolean() }));
export const DateSignal = named(
  'DateSignal',
  z.strictObject({
    expression: z.string().describe('The date as written in the article.'),
    from: z.iso.date(),
    to: z.iso.date(),
    found: z.boolean().describe('The capture states a date within from–to, in any script or format.'),
  }),
);
export const Signal = named(
  'Signal',
  z.strictObject({ captureId: z.uuid(), quotes: z.array(QuoteSignal), numbers: z.array(NumberSignal), dates: z.array(DateSignal), createdAt: timestamp }),
);
export const SignalList = listOf('SignalList', Signal);

export const TrailNode = named(
  'TrailNode',
  z.strictObject({
    sourceId: z.uuid(),
    url: z.string(),
    title: z.string().nullable(),
    publisher: z.string().nullable(),
    kind: z.enum(SOURCE_KINDS),
    subtype: z.enum(SOURCE_SUBTYPES),
    evidenceStance: z.enum(STANCES).nullable(),
    distanceToPrimary: z.number().int().nullable(),
    deadEnd: z.boolean(),
    archived: Capture.nullable(),
    latest: Capture.nullable(),
    drift: z.boolean(),
    rot: z.boolean(),
  }),
);
export const Trail = named(
  'Trail',
  z.strictObject({
    claimId: z.uuid(),
    reachesPrimary: z.boolean(),
    primaryDistance: z.number().int().nullable(),
    cycles: z.array(z.array(z.uuid())),
    deadEnds: z.array(z.uuid()),
    truncated: z.boolean(),
    nodes: z.array(TrailNode),
    edges: z.array(z.strictObject({ from: z.uuid(), derivedFrom: z.uuid() })),
  }),
);
