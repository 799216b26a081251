import type { ArticleView } from '@app/articles';

/** Everything a published report shows, assembled once in one snapshot; every format renders from it. */
export interface ReportModel {
  newsroom: { name: string; url: string };
  baseUrl: string;
  article: Pick<ArticleView, 'id' | 'title' | 'outlet' | 'url' | 'language' | 'dir' | 'publishedAt' | 'bodySha256'>;
  version: number;
  publishedAt: string;
  auditSeq: number;
  ratingScaleVersions: number[];
  /** Every correction note up to and including this version, oldest first. */
  corrections: { version: number; note: string; publishedAt: string | null }[];
  summary: { rating: string; label: string; labelEn: string; count: number }[];
  pendingCount: number;
  claims: ReportClaim[];
  sources: ReportSource[];
  urls: ReportUrls;
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
  trail: { reachesPrimary: boolean; primaryDistance: number | null; cycles: number; deadEnds: number } | null;
  pageUrl: string;
  jsonLdUrl: string;
}

export interface ReportEvidence {
  stance: string;
  excerpt: string | null;
  note: string | null;
  sourceId: string;
  url: string;
  title: string | null;
  archived: { captureId: string; capturedAt: string; sha256: string; url: string } | null;
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

export const reportUrls = (baseUrl: string, articleId: string, version: number): ReportUrls => {
  const root = `${baseUrl}/reports/${articleId}/v${version}`;
  return { html: root, json: `${root}.json`, markdown: `${root}.md`, errors: `${baseUrl}/reports/${articleId}/errors` };
};

export const claimPageUrl = (baseUrl: string, articleId: string, version: number, claimId: string) =>
  `${baseUrl}/reports/${articleId}/v${version}/claims/${claimId}`;

export const archiveUrl = (baseUrl: string, captureId: string) => `${baseUrl}/archive/${captureId}`;
