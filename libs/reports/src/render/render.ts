import nunjucks from 'nunjucks';
import type { ReportClaim, ReportModel } from '../report-model.js';
import { claimReview, jsonForScript } from './claim-review.js';
import { CLAIM_TEMPLATE, REPORT_TEMPLATE } from './templates.js';
import { textDirection, textLanguage } from './text-direction.js';

/** Links on public pages may only point at http(s) URLs; anything else (javascript:, data:) becomes inert. */
export function safeUrl(value: unknown): string {
  if (typeof value !== 'string') return '#';
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : '#';
  } catch {
    return '#';
  }
}

function environment(model: ReportModel) {
  // Autoescape is on: every value is HTML-escaped unless marked safe (only the escaped JSON-LD is).
  const env = new nunjucks.Environment(null, { autoescape: true, throwOnUndefined: false });
  env.addFilter('dir', (text: unknown) => textDirection(String(text ?? '')));
  env.addFilter('lang', (text: unknown) => textLanguage(String(text ?? ''), model.article.language, model.article.dir));
  env.addFilter('safeUrl', safeUrl);
  return env;
}

export interface RenderedFile {
  path: string;
  contentType: string;
  body: string;
}

/** Every file of a report version: the page, one page and one JSON-LD per checked claim, JSON and Markdown. */
export function renderReport(model: ReportModel): RenderedFile[] {
  return [...reportFiles(model)];
}

/**
 * The files of renderReport, rendered one at a time as they are asked for: a caller that stores each
 * as it comes holds only the files it has not stored yet, not the whole report.
 */
export function* reportFiles(model: ReportModel): Generator<RenderedFile> {
  const env = environment(model);
  // Compiled once per report: renderString would compile the claim template again for every page.
  const reportTemplate = new nunjucks.Template(REPORT_TEMPLATE, env, undefined, true);
  const claimTemplate = new nunjucks.Template(CLAIM_TEMPLATE, env, undefined, true);
  yield {
    path: 'index.html',
    contentType: 'text/html; charset=utf-8',
    body: reportTemplate.render({ model, pageTitle: `Verification report v${model.version}: ${model.article.title}` }),
  };
  yield { path: 'report.json', contentType: 'application/json; charset=utf-8', body: JSON.stringify(model, null, 2) };
  yield { path: 'report.md', contentType: 'text/markdown; charset=utf-8', body: renderMarkdown(model) };
  for (const claim of model.claims.filter((c) => c.verdict)) {
    const review = claimReview(model, claim);
    yield {
      path: `claims/${claim.id}.html`,
      contentType: 'text/html; charset=utf-8',
      body: claimTemplate.render({
        model,
        claim,
        standalone: true,
        claimId: claim.id,
        jsonLd: jsonForScript(review),
        pageTitle: `Fact-check: ${claim.statement}`,
      }),
    };
    yield { path: `claims/${claim.id}.jsonld`, contentType: 'application/ld+json; charset=utf-8', body: JSON.stringify(review, null, 2) };
  }
}

/** Markdown special characters and raw HTML in user text are escaped, so the text stays text. */
const md = (text: string | null | undefined) => (text ?? '').replace(/([\\`*_{}[\]()#+!|<>~-])/g, '\\$1').replace(/\r?\n/g, ' ');

export function renderMarkdown(model: ReportModel): string {
  const lines = [
    `# Verification report: ${md(model.article.title)}`,
    '',
    `${md(model.newsroom.name)} · version ${model.version} · published ${model.publishedAt}`,
    '',
  ];
  if (model.corrections.length) {
    lines.push('## Corrections', '', ...model.corrections.map((c) => `- Version ${c.version}: ${md(c.note)}`), '');
  }
  lines.push('## Summary', '', ...model.summary.map((s) => `- ${md(s.label)}: ${s.count}`));
  if (model.pendingCount) lines.push(`- Pending: ${model.pendingCount}`);
  lines.push('', '## Claims', '');
  for (const claim of model.claims) lines.push(...markdownClaim(claim), '');
  lines.push('## Sources', '', ...model.sources.map((s) => `- [${md(s.title ?? s.url)}](<${safeUrl(s.url)}>) (${s.kind}, ${s.subtype})`), '');
  lines.push('## Methodology', '', 'Claims are anchored in the article text, researched against archived sources, rated by one checker and approved by a second editor. Only approved verdicts are shown.', '');
  return lines.join('\n');
}

function markdownClaim(claim: ReportClaim): string[] {
  const lines = [`### ${md(claim.statement)}`, '', `> …${md(claim.quote.prefix)}**${md(claim.quote.exact)}**${md(claim.quote.suffix)}…`, ''];
  if (!claim.verdict) return [...lines, '**Verdict:** pending'];
  lines.push(`**Verdict:** ${md(claim.verdict.label)}${claim.verdict.label !== claim.verdict.labelEn ? ` (${md(claim.verdict.labelEn)})` : ''}`, '', md(claim.verdict.rationale), '');
  for (const e of claim.evidence) {
    lines.push(`- ${e.stance}: [${md(e.title ?? e.url)}](<${safeUrl(e.url)}>)${e.archived ? ` — archived ${e.archived.capturedAt}, sha256 \`${e.archived.sha256}\`` : ''}`);
  }
  return lines;
}
