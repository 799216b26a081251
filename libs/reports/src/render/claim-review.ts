import type { ClaimReview, WithContext } from 'schema-dts';
import type { ReportClaim, ReportModel } from '../report-model.js';

const ORGANISATION_WORDS = /\b(ministry|council|government|office|agency|committee|department|commission|kremlin|embassy|party)\b|وزارة|مجلس|حكومة|لجنة|هيئة|مكتب/iu;

/** Public URL of our archived copy of the article, as received (what the claim appeared in). */
export const archivedArticleUrl = (model: ReportModel) => `${model.baseUrl}/archive/articles/${model.article.id}`;

/**
 * The schema.org ClaimReview of one checked claim, following the fact-check aggregators' rules:
 * `claimReviewed` is the statement alone; `alternateName` is exactly the label the page shows; numeric
 * ratings are ASCII digits with 1 ≤ worst < best, and omitted for a rating without a value.
 */
export function claimReview(model: ReportModel, claim: ReportClaim): WithContext<ClaimReview> {
  const verdict = claim.verdict!;
  const numeric =
    verdict.value !== null && verdict.best !== null && verdict.worst !== null
      ? { ratingValue: String(verdict.value), bestRating: String(verdict.best), worstRating: String(verdict.worst) }
      : {};
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: claim.pageUrl,
    claimReviewed: claim.statement,
    datePublished: model.publishedAt.slice(0, 10),
    author: { '@type': 'Organization', name: model.newsroom.name, url: model.newsroom.url },
    reviewRating: { '@type': 'Rating', alternateName: verdict.label, ...numeric },
    itemReviewed: {
      '@type': 'Claim',
      ...(claim.claimant ? { author: { '@type': ORGANISATION_WORDS.test(claim.claimant) ? 'Organization' : 'Person', name: claim.claimant } } : {}),
      ...(claim.madeAt ? { datePublished: claim.madeAt.slice(0, 10) } : {}),
      ...(model.article.url ? { appearance: { '@type': 'CreativeWork', url: model.article.url, headline: model.article.title } } : {}),
      archivedAt: archivedArticleUrl(model),
    },
  } as WithContext<ClaimReview>;
}

/** JSON for a `<script type="application/ld+json">` block: `<` escaped so no string can close the tag. */
export const jsonForScript = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
