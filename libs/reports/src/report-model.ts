import type { ArticleView } from '@app/articles';
import type { SignedCheckpoint } from '@app/audit';
import type { ReportLanguage } from './render/messages.js';
import type { ReportKind } from './report.entity.js';

/** One entry of a report's version history. */
export interface ReportHistoryEntry {
  version: number;
  kind: ReportKind;
  note: string | null;
  publishedAt: string | null;
}

/** Everything a published report shows, assembled once in one snapshot; every format renders from it. */
export interface ReportModel {
  newsroom: { name: string; url: string; timeZone: string; paperSize: 'A4' | 'letter' };
  baseUrl: string;
  /** The language the report is written in (its headings, labels, dates), and its direction. */
  language: ReportLanguage;
  dir: 'rtl' | 'ltr';
  article: Pick<ArticleView, 'id' | 'title' | 'outlet' | 'url' | 'language' | 'dir' | 'publishedAt' | 'bodySha256'>;
  version: number;
  kind: ReportKind;
  publishedAt: string;
  auditSeq: number;
  /** The signed audit checkpoint current when this version was published (null: none existed yet). */
  auditCheckpoint: SignedCheckpoint | null;
  ratingScaleVersions: number[];
  /** What the ratings mean, in the report language: each group from best to worst, then those without a value. */
  scaleGuide: { groups: { group: string; labels: string[] }[]; withoutValue: string[] };
  /** Every correction note up to and including this version, oldest first. */
  corrections: { version: number; note: string; publishedAt: string | null }[];
  /** Every version up to and including this one, oldest first, with its kind (first, update, correction). */
  history: ReportHistoryEntry[];
  summary: { rating: string; label: string; labelEn: string; count: number }[];
  pendingCount: number;
  claims: ReportClaim[];
  sources: ReportSource[];
  /** Absolute addresses (identities in JSON and JSON-LD, `PUBLIC_BASE_URL`). */
  urls: ReportUrls;
  /** The same addresses as paths, for links between public pages: they work on whatever host serves them. */
  paths: ReportUrls;
}

export interface ReportUrls {
  html: string;
  json: string;
  markdown: string;
  errors: string;
}

export interface ReportClaim {
  id: string;
  /** Position in the article (code points), for article order. */
  start: number;
  end: number;
  quote: { exact: string; prefix: string; suffix: string };
  statement: string;
  claimant: string | null;
  kind: string | null;
  /** When the claim was made: the article's publication time. */
  madeAt: string | null;
  status: 'checked' | 'pending';
  verdict: {
    rating: string;
    label: string;
    labelEn: string;
    value: number | null;
    best: number | null;
    worst: number | null;
    rationale: string;
    scaleVersion: number;
    proposedBy: string;
    approvedBy: string | null;
    approvedAt: string | null;
  } | null;
  evidence: ReportEvidence[];
  trail: ReportTrail | null;
  pageUrl: string;
  /** The claim page's path (links between public pages). */
  pagePath: string;
  jsonLdUrl: string;
}

/** The source trail of a checked claim: the graph from its evidence back through derived-from edges. */
export interface ReportTrail {
  reachesPrimary: boolean;
  primaryDistance: number | null;
  cycles: number;
  deadEnds: number;
  /** Evidence sources, where the trail starts. */
  roots: string[];
  nodes: { sourceId: string; url: string; title: string | null; kind: string; distanceToPrimary: number | null; deadEnd: boolean }[];
  edges: { from: string; derivedFrom: string }[];
}

export interface ReportEvidence {
  stance: string;
  excerpt: string | null;
  note: string | null;
  sourceId: string;
  url: string;
  title: string | null;
  archived: { captureId: string; capturedAt: string; sha256: string; url: string; path: string } | null;
}

export interface ReportSource {
  id: string;
  url: string;
  title: string | null;
  publisher: string | null;
  language: string | null;
  kind: string;
  subtype: string;
}

/** Addresses of a version's files; `baseUrl` '' gives paths. */
export const reportUrls = (baseUrl: string, articleId: string, version: number): ReportUrls => {
  const root = `${baseUrl}/reports/${articleId}/v${version}`;
  return { html: root, json: `${root}.json`, markdown: `${root}.md`, errors: `${baseUrl}/reports/${articleId}/errors` };
};

export const claimPageUrl = (baseUrl: string, articleId: string, version: number, claimId: string) =>
  `${baseUrl}/reports/${articleId}/v${version}/claims/${claimId}`;

export const archiveUrl = (baseUrl: string, captureId: string) => `${baseUrl}/archive/${captureId}`;
