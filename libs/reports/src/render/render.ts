import nunjucks from 'nunjucks';
import { languageOfText, textDirection } from '@app/text';
import type { ReportClaim, ReportModel, ReportTrail } from '../report-model.js';
import { claimReview, jsonForScript } from './claim-review.js';
import { CATALOGUES, directionOfReportLanguage, readableDate, type MessageKey, type ReportLanguage } from './messages.js';
import { CLAIM_TEMPLATE, HOME_TEMPLATE, INDEX_TEMPLATE, LATER_VERSION_TEMPLATE, REPORT_TEMPLATE, THANKS_TEMPLATE } from './templates.js';

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

/** What a page is rendered for: its language, the language unlabelled text most likely is in, the newsroom's time zone. */
export interface PageContext {
  language: ReportLanguage;
  /** Language of the document the page is about (the article's), for text nobody labelled. */
  contentLanguage: string;
  timeZone: string;
  paperSize: 'A4' | 'letter';
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * A Nunjucks environment for one page language. Autoescape is on: every value is HTML-escaped unless
 * marked safe (only the escaped JSON-LD, and markup this environment built itself, are).
 */
function environment(context: PageContext) {
  const env = new nunjucks.Environment(null, { autoescape: true, throwOnUndefined: false });
  const messages = CATALOGUES[context.language];
  const numbers = new Intl.NumberFormat(context.language, { useGrouping: false });
  env.addFilter('dir', (text: unknown) => textDirection(String(text ?? '')));
  env.addFilter('lang', (text: unknown) => languageOfText(String(text ?? ''), context.contentLanguage) ?? context.contentLanguage);
  env.addFilter('safeUrl', safeUrl);
  env.addFilter('num', (value: unknown) => numbers.format(Number(value)));
  // A message with its placeholders filled: markup the template built (a `set` block passed `| safe`, its content already escaped) goes in as is, anything else escaped.
  env.addGlobal('t', (key: MessageKey, values: Record<string, unknown> = {}) =>
    new nunjucks.runtime.SafeString(
      escapeHtml(messages[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) => {
        const value = values[name];
        if (value === undefined || value === null) return whole;
        return value instanceof nunjucks.runtime.SafeString ? value.toString() : escapeHtml(String(value));
      }),
    ),
  );
  env.addGlobal('time', (iso: unknown) =>
    typeof iso === 'string' && iso
      ? new nunjucks.runtime.SafeString(`<time datetime="${escapeHtml(iso)}">${escapeHtml(readableDate(iso, context.language, context.timeZone))}</time>`)
      : '',
  );
  env.addGlobal('trailTree', trailTree);
  return env;
}

const pageGlobals = (context: PageContext) => ({ lang: context.language, dir: directionOfReportLanguage(context.language), paperSize: context.paperSize });

const contextOf = (model: ReportModel): PageContext => ({
  language: model.language,
  contentLanguage: model.article.language,
  timeZone: model.newsroom.timeZone,
  paperSize: model.newsroom.paperSize,
});

/** One node of the drawn source trail: a source, what it is derived from, and whether the path loops or stops. */
export interface TrailTreeNode {
  sourceId: string;
  url: string;
  label: string;
  kind: string;
  deadEnd: boolean;
  /** This source already appears on the path from the evidence to here: circular reporting. */
  cycle: boolean;
  children: TrailTreeNode[];
}

/**
 * The trail as trees, one per evidence source, following derived-from edges towards primary sources. A
 * source met again on the same path is shown once more, marked as a cycle, and not followed further.
 */
export function trailTree(trail: ReportTrail): TrailTreeNode[] {
  const nodes = new Map(trail.nodes.map((node) => [node.sourceId, node]));
  const parents = new Map<string, string[]>();
  for (const edge of trail.edges) parents.set(edge.from, [...(parents.get(edge.from) ?? []), edge.derivedFrom]);
  const visit = (id: string, path: Set<string>): TrailTreeNode | null => {
    const node = nodes.get(id);
    if (!node) return null;
    const cycle = path.has(id);
    const next = new Set(path).add(id);
    return {
      sourceId: id,
      url: node.url,
      label: node.title ?? node.url,
      kind: node.kind,
      deadEnd: node.deadEnd,
      cycle,
      children: cycle ? [] : (parents.get(id) ?? []).flatMap((parent) => visit(parent, next) ?? []),
    };
  };
  return trail.roots.flatMap((root) => visit(root, new Set()) ?? []);
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
  const context = contextOf(model);
  const env = environment(context);
  const globals = pageGlobals(context);
  const messages = CATALOGUES[model.language];
  // Compiled once per report: renderString would compile the claim template again for every page.
  const reportTemplate = new nunjucks.Template(REPORT_TEMPLATE, env, undefined, true);
  const claimTemplate = new nunjucks.Template(CLAIM_TEMPLATE, env, undefined, true);
  const title = messages.reportHeading.replace('{title}', model.article.title);
  yield {
    path: 'index.html',
    contentType: 'text/html; charset=utf-8',
    body: reportTemplate.render({ ...globals, model, canonical: model.urls.html, pageTitle: `${title} · ${model.newsroom.name}` }),
  };
  yield { path: 'report.json', contentType: 'application/json; charset=utf-8', body: JSON.stringify(model, null, 2) };
  yield { path: 'report.md', contentType: 'text/markdown; charset=utf-8', body: renderMarkdown(model) };
  for (const claim of model.claims.filter((c) => c.verdict)) {
    const review = claimReview(model, claim);
    yield {
      path: `claims/${claim.id}.html`,
      contentType: 'text/html; charset=utf-8',
      body: claimTemplate.render({
        ...globals,
        model,
        claim,
        standalone: true,
        claimId: claim.id,
        canonical: claim.pageUrl,
        jsonLd: jsonForScript(review),
        pageTitle: `${claim.verdict!.label}: ${claim.statement} · ${model.newsroom.name}`,
      }),
    };
    yield { path: `claims/${claim.id}.jsonld`, contentType: 'application/ld+json; charset=utf-8', body: JSON.stringify(review, null, 2) };
  }
}

/** What the notice on an older version says: the latest version and the corrections published since. */
export interface LaterVersionNotice {
  version: number;
  latest: { version: number; publishedAt: string; path: string };
  corrections: { version: number; note: string }[];
}

/** The notice served above an older version's stored page (the stored bytes stay as they are). */
export const renderLaterVersionNotice = (context: PageContext, notice: LaterVersionNotice): string => renderPage(LATER_VERSION_TEMPLATE, context, { ...notice });

/** One line of the public index of published reports. */
export interface IndexItem {
  title: string;
  outlet: string | null;
  language: string;
  dir: 'rtl' | 'ltr';
  version: number;
  publishedAt: string;
  path: string;
}

const renderPage = (template: string, context: PageContext, values: Record<string, unknown>) =>
  new nunjucks.Template(template, environment(context), undefined, true).render({ ...pageGlobals(context), ...values });

/** The newsroom's index of published reports, newest first. */
export const renderIndex = (context: PageContext, values: { newsroom: { name: string }; items: IndexItem[]; next: string | null }) =>
  renderPage(INDEX_TEMPLATE, context, { ...values, pageTitle: `${CATALOGUES[context.language].indexTitle} · ${values.newsroom.name}` });

/** `/`: where a reader finds the reports and newsroom staff the sign-in. */
export const renderHome = (context: PageContext, values: { newsroom: { name: string }; other: { lang: string; dir: string; name: string } | null }) =>
  renderPage(HOME_TEMPLATE, context, { ...values, pageTitle: values.newsroom.name });

/** The page after a reader sent the error-report form. */
export const renderThanks = (context: PageContext, values: { back: string | null }) =>
  renderPage(THANKS_TEMPLATE, context, { ...values, pageTitle: CATALOGUES[context.language].thanks });

/** Markdown special characters and raw HTML in user text are escaped, so the text stays text. */
const md = (text: string | null | undefined) => (text ?? '').replace(/([\\`*_{}[\]()#+!|<>~-])/g, '\\$1').replace(/\r?\n/g, ' ');

/** The report as Markdown, in the report's language (dates in ISO 8601, UTC, for copying). */
export function renderMarkdown(model: ReportModel): string {
  const m = CATALOGUES[model.language];
  const fill = (text: string, values: Record<string, string | number>) => text.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
  const lines = [`# ${fill(m.reportHeading, { title: md(model.article.title) })}`, '', `${md(model.newsroom.name)} · ${fill(m.version, { version: model.version })} · ${fill(m.published, { date: model.publishedAt })}`, ''];
  if (model.corrections.length) {
    lines.push(`## ${m.kind_correction}`, '', ...model.corrections.map((c) => `- ${fill(m.version, { version: c.version })}: ${md(c.note)}`), '');
  }
  lines.push(`## ${m.summary}`, '', ...model.summary.map((s) => `- ${md(s.label)}: ${s.count}`));
  if (model.pendingCount) lines.push(`- ${m.pending}: ${model.pendingCount}`);
  lines.push('', `## ${m.claims}`, '');
  for (const claim of model.claims) lines.push(...markdownClaim(claim, m), '');
  lines.push(`## ${m.sources}`, '', ...model.sources.map((s) => `- [${md(s.title ?? s.url)}](<${safeUrl(s.url)}>) (${m[`kind_${s.kind}` as MessageKey] ?? s.kind})`), '');
  lines.push(`## ${m.history}`, '', ...model.history.map((h) => `- ${fill(m.version, { version: h.version })} · ${h.publishedAt ?? ''} · ${m[`kind_${h.kind}`]}${h.note ? `: ${md(h.note)}` : ''}`), '');
  lines.push(`## ${m.methodology}`, '', m.methodologyText, '');
  return lines.join('\n');
}

function markdownClaim(claim: ReportClaim, m: Record<MessageKey, string>): string[] {
  const lines = [`### ${md(claim.statement)}`, '', `> …${md(claim.quote.prefix)}**${md(claim.quote.exact)}**${md(claim.quote.suffix)}…`, ''];
  if (!claim.verdict) return [...lines, `**${m.verdict}:** ${m.pending}`];
  lines.push(`**${m.verdict}:** ${md(claim.verdict.label)}`, '', md(claim.verdict.rationale), '');
  for (const e of claim.evidence) {
    const stance = m[`stance_${e.stance}` as MessageKey] ?? e.stance;
    lines.push(`- ${stance}: [${md(e.title ?? e.url)}](<${safeUrl(e.url)}>)${e.archived ? ` — ${m.archivedCopy} ${e.archived.capturedAt}, sha256 \`${e.archived.sha256}\`` : ''}`);
  }
  return lines;
}
