import { z } from 'zod';
import { listOf, named, timestamp } from '../openapi.js';
import { SignedCheckpoint } from './audit.js';
import { REPORT_KINDS, REPORT_LANGUAGES } from '@app/reports';

export const Rating = named(
  'Rating',
  z.strictObject({
    key: z.string(),
    group: z.enum(['general', 'quote']),
    value: z.number().int().nullable().describe('Higher is truer; null for a rating without a value (unverifiable).'),
    labels: z.record(z.string(), z.string()).describe('Label per language tag; `en` always.'),
  }),
);
export const RatingScale = named('RatingScale', z.strictObject({ version: z.number().int(), ratings: z.array(Rating) }));
export const VersionedRatingScale = named('VersionedRatingScale', z.strictObject({ version: z.number().int(), scale: z.strictObject({ ratings: z.array(Rating) }) }));

/** A report version: what publishing answers and the versions list holds (`PublishAnswer`). */
export const ReportVersion = named(
  'ReportVersion',
  z.strictObject({
    id: z.uuid(),
    articleId: z.uuid(),
    version: z.number().int().min(1),
    status: z.enum(['rendering', 'published', 'failed']),
    kind: z.enum(REPORT_KINDS),
    language: z.enum(REPORT_LANGUAGES),
    correctionNote: z.string().nullable(),
    requestedAt: timestamp,
    publishedAt: timestamp.nullable(),
    auditSeq: z.number().int().nullable(),
    contentSha256: z.string().nullable(),
    failure: z.string().nullable(),
    urls: z.strictObject({ html: z.string(), json: z.string(), markdown: z.string() }).describe('Where the report appears once rendered.'),
  }),
);
export const ReportVersionList = listOf('ReportVersionList', ReportVersion);

export const ReaderReport = named(
  'ReaderReport',
  z.strictObject({
    id: z.uuid(),
    articleId: z.uuid(),
    reportVersion: z.number().int().nullable(),
    claimId: z.uuid().nullable(),
    message: z.string(),
    contact: z.string().nullable(),
    status: z.enum(['open', 'resolved']),
    createdAt: timestamp,
    resolvedBy: z.string().nullable(),
    resolvedAt: timestamp.nullable(),
    resolutionNote: z.string().nullable(),
  }),
);
export const ReaderReportList = listOf('ReaderReportList', ReaderReport);
export const ReaderReportReceived = named('ReaderReportReceived', z.strictObject({ id: z.uuid(), received: z.literal(true) }));

const ReportUrls = z.strictObject({ html: z.string(), json: z.string(), markdown: z.string(), errors: z.string() });

const ReportEvidence = z.strictObject({
  stance: z.string(),
  excerpt: z.string().nullable(),
  note: z.string().nullable(),
  sourceId: z.uuid(),
  url: z.string(),
  title: z.string().nullable(),
  archived: z.strictObject({ captureId: z.uuid(), capturedAt: timestamp, sha256: z.string(), url: z.string(), path: z.string() }).nullable(),
});

const ReportClaim = z.strictObject({
  id: z.uuid(),
  start: z.number().int(),
  end: z.number().int(),
  quote: z.strictObject({ exact: z.string(), prefix: z.string(), suffix: z.string() }),
  statement: z.string(),
  claimant: z.string().nullable(),
  kind: z.string().nullable(),
  madeAt: timestamp.nullable(),
  status: z.enum(['checked', 'pending']),
  verdict: z
    .strictObject({
      rating: z.string(),
      label: z.string(),
      labelEn: z.string(),
      value: z.number().int().nullable(),
      best: z.number().int().nullable(),
      worst: z.number().int().nullable(),
      rationale: z.string(),
      scaleVersion: z.number().int(),
      proposedBy: z.string(),
      approvedBy: z.string().nullable(),
      approvedAt: timestamp.nullable(),
    })
    .nullable(),
  evidence: z.array(ReportEvidence),
  trail: z
    .strictObject({
      reachesPrimary: z.boolean(),
      primaryDistance: z.number().int().nullable(),
      cycles: z.number().int(),
      deadEnds: z.number().int(),
      roots: z.array(z.uuid()).describe('Evidence sources, where the trail starts'),
      nodes: z.array(
        z.strictObject({ sourceId: z.uuid(), url: z.string(), title: z.string().nullable(), kind: z.string(), distanceToPrimary: z.number().int().nullable(), deadEnd: z.boolean() }),
      ),
      edges: z.array(z.strictObject({ from: z.uuid(), derivedFrom: z.uuid() })),
    })
    .nullable(),
  pageUrl: z.string(),
  pagePath: z.string().describe("The claim page's path, for links between public pages"),
  jsonLdUrl: z.string(),
});

/** A published report version as JSON (`report.json`, the `ReportModel` every format renders from). */
export const PublishedReport = named(
  'PublishedReport',
  z.strictObject({
    newsroom: z.strictObject({ name: z.string(), url: z.string(), timeZone: z.string(), paperSize: z.enum(['A4', 'letter']) }),
    baseUrl: z.string(),
    language: z.enum(REPORT_LANGUAGES).describe('The language the report is written in'),
    dir: z.enum(['rtl', 'ltr']),
    article: z.strictObject({
      id: z.uuid(),
      title: z.string(),
      outlet: z.string().nullable(),
      url: z.string().nullable(),
      language: z.string(),
      dir: z.enum(['rtl', 'ltr']),
      publishedAt: timestamp.nullable(),
      bodySha256: z.string(),
    }),
    version: z.number().int().min(1),
    kind: z.enum(REPORT_KINDS),
    publishedAt: timestamp,
    auditSeq: z.number().int(),
    auditCheckpoint: SignedCheckpoint.nullable().describe('The signed audit checkpoint current when this version was published: keep it to hold the desk to its log.'),
    ratingScaleVersions: z.array(z.number().int()),
    scaleGuide: z.strictObject({ groups: z.array(z.strictObject({ group: z.string(), labels: z.array(z.string()) })), withoutValue: z.array(z.string()) }),
    corrections: z.array(z.strictObject({ version: z.number().int(), note: z.string(), publishedAt: timestamp.nullable() })),
    history: z.array(z.strictObject({ version: z.number().int(), kind: z.enum(REPORT_KINDS), note: z.string().nullable(), publishedAt: timestamp.nullable() })),
    summary: z.array(z.strictObject({ rating: z.string(), label: z.string(), labelEn: z.string(), count: z.number().int() })),
    pendingCount: z.number().int(),
    claims: z.array(ReportClaim),
    sources: z.array(
      z.strictObject({ id: z.uuid(), url: z.string(), title: z.string().nullable(), publisher: z.string().nullable(), language: z.string().nullable(), kind: z.string(), subtype: z.string() }),
    ),
    urls: ReportUrls.describe('Absolute addresses (PUBLIC_BASE_URL)'),
    paths: ReportUrls.describe('The same addresses as paths, for links between public pages'),
  }),
);

/** One claim's schema.org ClaimReview (JSON-LD); schema.org allows more members than these. */
export const ClaimReview = named(
  'ClaimReview',
  z.looseObject({
    '@context': z.string(),
    '@type': z.literal('ClaimReview'),
    url: z.string(),
    claimReviewed: z.string(),
    reviewRating: z.looseObject({ '@type': z.literal('Rating'), alternateName: z.string() }),
    itemReviewed: z.looseObject({ '@type': z.literal('Claim') }),
  }),
);
