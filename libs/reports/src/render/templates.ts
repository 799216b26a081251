/**
 * Public page templates (Nunjucks, autoescaped). The page is in the report's language (`lang`/`dir` on
 * `<html>`); every piece of user or article text carries its own `lang` and `dir`. Every string a
 * reader reads comes from the message catalogue through `t(key, values)`; dates go through `time()`.
 * Links between public pages are paths, so a page works on whatever host serves it.
 */
const head = `<!doctype html>
<html lang="{{ lang }}" dir="{{ dir }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ pageTitle }}</title>
<link rel="stylesheet" href="/reports/assets/report.css">
<link rel="icon" href="/favicon.ico" sizes="32x32">
{% if canonical %}<link rel="canonical" href="{{ canonical | safeUrl }}">{% endif %}
{% if jsonLd %}<script type="application/ld+json">{{ jsonLd | safe }}</script>{% endif %}
</head>
<body class="paper-{{ paperSize }}">
`;

const reportHeader = `<header class="masthead">
  <p class="newsroom"><a href="/reports">{{ model.newsroom.name }}</a></p>
  {% set articleTitle %}<span lang="{{ model.article.language }}" dir="{{ model.article.dir }}">{{ model.article.title }}</span>{% endset %}
  {% if claim %}<p class="report-title">{{ t('reportHeading', { title: articleTitle | safe }) }}</p>{% else %}<h1>{{ t('reportHeading', { title: articleTitle | safe }) }}</h1>{% endif %}
  <p class="meta">{{ t('version', { version: model.version | num }) }} · {{ t('published', { date: time(model.publishedAt) }) }}
  {% if model.article.outlet %}· {% set outlet %}<span dir="{{ model.article.outlet | dir }}" lang="{{ model.article.outlet | lang }}">{{ model.article.outlet }}</span>{% endset %}{{ t('articleBy', { outlet: outlet | safe }) }}{% endif %}
  {% if model.article.url %}· <a href="{{ model.article.url | safeUrl }}" rel="nofollow noopener noreferrer">{{ t('originalArticle') }}</a>{% endif %}</p>
</header>
{% if model.corrections.length %}
<section class="corrections" id="corrections" aria-labelledby="corrections-h">
  <h2 id="corrections-h">{{ t('kind_correction') }}</h2>
  <ol>{% for c in model.corrections %}<li>{{ t('version', { version: c.version | num }) }}{% if c.publishedAt %} ({{ time(c.publishedAt) }}){% endif %}: <span dir="{{ c.note | dir }}" lang="{{ c.note | lang }}">{{ c.note }}</span></li>{% endfor %}</ol>
</section>
{% endif %}`;

const trailMacro = `{% macro trailNode(node) %}<li class="trail-node trail-{{ node.kind }}{% if node.deadEnd %} trail-dead-end{% endif %}{% if node.cycle %} trail-cycle{% endif %}">
  <span class="trail-source"><span class="trail-kind">{{ t('kind_' + node.kind) }}</span> <a href="{{ node.url | safeUrl }}" rel="nofollow noopener noreferrer" dir="{{ node.label | dir }}" lang="{{ node.label | lang }}">{{ node.label }}</a></span>
  {% if node.cycle %}<strong class="trail-flag">↻ {{ t('trailCycle') }}</strong>{% elif node.deadEnd %}<strong class="trail-flag">⊘ {{ t('trailDeadEnd') }}</strong>{% endif %}
  {% if node.children.length %}<ul class="trail-children" aria-label="{{ t('trailDerivedFrom') }}">{% for child in node.children %}<li class="trail-edge"><span class="trail-arrow">{{ '↲' if dir == 'rtl' else '↳' }} {{ t('trailDerivedFrom') }}</span><ul>{{ trailNode(child) }}</ul></li>{% endfor %}</ul>{% endif %}
</li>{% endmacro %}`;

const claimBlock = `
<article class="claim claim-{{ claim.status }}" id="claim-{{ claim.id }}" aria-labelledby="claim-{{ claim.id }}-statement">
  {% if claim.verdict %}
  <p class="verdict"><span class="visually-hidden">{{ t('verdict') }}: </span><strong class="verdict-label" data-rating="{{ claim.verdict.rating }}" lang="{{ lang }}" dir="{{ claim.verdict.label | dir }}">{{ claim.verdict.label }}</strong></p>
  {% else %}
  <p class="verdict pending"><span class="visually-hidden">{{ t('verdict') }}: </span><strong>{{ t('pending') }}</strong></p>
  {% endif %}
  {% if standalone %}<h1 class="statement" id="claim-{{ claim.id }}-statement"><span dir="{{ claim.statement | dir }}" lang="{{ claim.statement | lang }}">{{ claim.statement }}</span></h1>
  {% else %}<h3 class="statement" id="claim-{{ claim.id }}-statement"><span dir="{{ claim.statement | dir }}" lang="{{ claim.statement | lang }}">{{ claim.statement }}</span></h3>{% endif %}
  {% if claim.claimant %}<p class="claimant"><span class="label">{{ t('claimant') }}:</span> <span dir="{{ claim.claimant | dir }}" lang="{{ claim.claimant | lang }}">{{ claim.claimant }}</span></p>{% endif %}
  <figure class="in-article"><figcaption class="label">{{ t('inTheArticle') }}</figcaption>
  <blockquote class="anchor" lang="{{ model.article.language }}" dir="{{ model.article.dir }}">…{{ claim.quote.prefix }}<mark>{{ claim.quote.exact }}</mark>{{ claim.quote.suffix }}…</blockquote></figure>
  {% if claim.verdict %}
  <div class="rationale"><h4>{{ t('why') }}</h4><p dir="{{ claim.verdict.rationale | dir }}" lang="{{ claim.verdict.rationale | lang }}">{{ claim.verdict.rationale }}</p></div>
  {% set proposer %}<span dir="{{ claim.verdict.proposedBy | dir }}" lang="{{ claim.verdict.proposedBy | lang }}">{{ claim.verdict.proposedBy }}</span>{% endset %}
  {% set approver %}<span dir="{{ claim.verdict.approvedBy | dir }}" lang="{{ claim.verdict.approvedBy | lang }}">{{ claim.verdict.approvedBy }}</span>{% endset %}
  <p class="reviewers">{{ t('reviewers', { proposer: proposer | safe, approver: approver | safe, date: time(claim.verdict.approvedAt) }) }}</p>
  {% if claim.evidence.length %}
  <h4>{{ t('evidence') }}</h4>
  <ul class="evidence">{% for e in claim.evidence %}
    <li><span class="stance stance-{{ e.stance }}">{{ t('stance_' + e.stance) }}</span>: <a href="{{ e.url | safeUrl }}" rel="nofollow noopener noreferrer" dir="{{ (e.title or e.url) | dir }}" lang="{{ (e.title or e.url) | lang }}">{{ e.title or e.url }}</a>
      {% if e.archived %}<span class="archived">— <a href="{{ e.archived.path }}" rel="nofollow">{{ t('archivedCopy') }}</a>, {{ t('captured', { date: time(e.archived.capturedAt) }) }}, <span class="label">{{ t('fingerprint') }}</span> <code dir="ltr">{{ e.archived.sha256 }}</code></span>{% else %}<span class="archived">— {{ t('noArchivedCopy') }}</span>{% endif %}
      {% if e.excerpt %}<blockquote class="excerpt" dir="{{ e.excerpt | dir }}" lang="{{ e.excerpt | lang }}">{{ e.excerpt }}</blockquote>{% endif %}
      {% if e.note %}<p class="note" dir="{{ e.note | dir }}" lang="{{ e.note | lang }}">{{ e.note }}</p>{% endif %}
    </li>{% endfor %}
  </ul>
  {% endif %}
  {% if claim.trail %}
  <section class="trail" aria-labelledby="trail-{{ claim.id }}">
    <h4 id="trail-{{ claim.id }}">{{ t('trail') }}</h4>
    <p class="trail-summary">{% if claim.trail.reachesPrimary %}{% if claim.trail.primaryDistance > 0 %}{{ t('trailReachesSteps', { steps: claim.trail.primaryDistance | num }) }}{% else %}{{ t('trailReaches') }}{% endif %}{% else %}{{ t('trailNotReached') }}{% endif %}{% if claim.trail.cycles %} {{ t('trailCycles') }}{% endif %}{% if claim.trail.deadEnds %} {{ t('trailDeadEnds', { count: claim.trail.deadEnds | num }) }}{% endif %}</p>
    {% set tree = trailTree(claim.trail) %}
    {% if tree.length %}<p class="visually-hidden">{{ t('trailIntro') }}</p><ul class="trail-tree">{% for node in tree %}{{ trailNode(node) }}{% endfor %}</ul>{% endif %}
  </section>
  {% endif %}
  {% if not standalone %}<p class="permalink"><a href="{{ claim.pagePath }}">{{ t('permalink') }}</a></p>{% endif %}
  {% else %}
  <p class="pending-explain">{{ t('pendingExplain') }}</p>
  {% endif %}
</article>`;

const errorForm = `
<section class="report-error" id="report-an-error" aria-labelledby="report-an-error-h">
  <h2 id="report-an-error-h">{{ t('reportError') }}</h2>
  <p>{{ t('reportErrorText') }}</p>
  <form method="post" action="{{ model.paths.errors }}">
    <input type="hidden" name="version" value="{{ model.version }}">
    {% if claimId %}<input type="hidden" name="claimId" value="{{ claimId }}">{% endif %}
    <label>{{ t('reportErrorMessage') }} <textarea name="message" required minlength="3" maxlength="4000" rows="4" dir="auto"></textarea></label>
    <label>{{ t('reportErrorContact') }} <input name="contact" maxlength="200" dir="auto"></label>
    <button type="submit">{{ t('send') }}</button>
  </form>
</section>`;

const history = `
<section class="history" id="history" aria-labelledby="history-h">
  <h2 id="history-h">{{ t('history') }}</h2>
  <ol>{% for h in model.history %}<li class="history-{{ h.kind }}" data-kind="{{ h.kind }}">{% if h.version == model.version %}<strong>{{ t('version', { version: h.version | num }) }}</strong>{% else %}<a href="/reports/{{ model.article.id }}/v{{ h.version }}">{{ t('version', { version: h.version | num }) }}</a>{% endif %}{% if h.publishedAt %} · {{ time(h.publishedAt) }}{% endif %} · <span class="kind">{{ t('kind_' + h.kind) }}</span>{% if h.note %}: <span dir="{{ h.note | dir }}" lang="{{ h.note | lang }}">{{ h.note }}</span>{% endif %}</li>{% endfor %}</ol>
  <p>{{ t('correctionsPolicy') }}</p>
</section>`;

const footer = `
<footer>
  <p><a href="{{ model.paths.html }}">{{ t('fullReport') }}</a> · <a href="{{ model.paths.json }}" hreflang="en">{{ t('json') }}</a> · <a href="{{ model.paths.markdown }}">{{ t('markdown') }}</a></p>
  {% if model.auditCheckpoint %}<p class="audit-checkpoint" data-checkpoint="{{ model.auditCheckpoint.number }}"><a href="/transparency/checkpoints/{{ model.auditCheckpoint.number }}">{{ t('auditCheckpoint', { number: model.auditCheckpoint.number | num, root: model.auditCheckpoint.rootHash | truncate(16, true, '…'), keyId: model.auditCheckpoint.keyId }) }}</a></p>{% else %}<p class="audit-checkpoint">{{ t('noAuditCheckpoint') }}</p>{% endif %}
</footer>
</body>
</html>
`;

export const REPORT_TEMPLATE = `${trailMacro}${head}${reportHeader}
<main>
<section class="summary" aria-labelledby="summary-h">
  <h2 id="summary-h">{{ t('summary') }}</h2>
  <p>{{ t('summaryChecked', { checked: (model.claims.length - model.pendingCount) | num, total: model.claims.length | num }) }}{% if model.pendingCount %} {{ t('summaryPending', { count: model.pendingCount | num }) }}{% endif %}</p>
  <ul>{% for s in model.summary %}<li><span class="rating-name" lang="{{ lang }}" dir="{{ s.label | dir }}">{{ s.label }}</span>: {{ s.count | num }}</li>{% endfor %}
  {% if model.pendingCount %}<li><span>{{ t('pending') }}</span>: {{ model.pendingCount | num }}</li>{% endif %}</ul>
</section>
<section class="scale" id="scale" aria-labelledby="scale-h">
  <h2 id="scale-h">{{ t('scale') }}</h2>
  {% for g in model.scaleGuide.groups %}<p>{{ t('scaleExplain') }} <span class="scale-order">{% for label in g.labels %}<span class="rating-name">{{ label }}</span>{% if not loop.last %} › {% endif %}{% endfor %}</span></p>{% endfor %}
  {% for label in model.scaleGuide.withoutValue %}<p>{{ t('scaleNoValue', { label: label }) }}</p>{% endfor %}
</section>
<section class="claims" aria-labelledby="claims-h">
  <h2 id="claims-h">{{ t('claims') }}</h2>
  {% for claim in model.claims %}${claimBlock}{% endfor %}
</section>
<section class="methodology" id="methodology" aria-labelledby="methodology-h">
  <h2 id="methodology-h">{{ t('methodology') }}</h2>
  <p>{{ t('methodologyText') }}{% if model.ratingScaleVersions.length %} {{ t('scaleVersion', { versions: model.ratingScaleVersions | join(', ') }) }}{% endif %}</p>
</section>
<section class="sources" id="sources" aria-labelledby="sources-h">
  <h2 id="sources-h">{{ t('sources') }}</h2>
  <ol>{% for s in model.sources %}<li><a href="{{ s.url | safeUrl }}" rel="nofollow noopener noreferrer" dir="{{ (s.title or s.url) | dir }}" lang="{{ s.language or ((s.title or s.url) | lang) }}">{{ s.title or s.url }}</a>{% if s.publisher %}, <span dir="{{ s.publisher | dir }}" lang="{{ s.publisher | lang }}">{{ s.publisher }}</span>{% endif %} ({{ t('kind_' + s.kind) }})</li>{% else %}<li>{{ t('noSources') }}</li>{% endfor %}</ol>
</section>
${history}
</main>
${errorForm}${footer}`;

export const CLAIM_TEMPLATE = `${trailMacro}${head}${reportHeader}
<main>
<p class="back"><a href="{{ model.paths.html }}">{{ t('allClaims') }}</a></p>
${claimBlock}
</main>
${errorForm}${footer}`;

/** The notice served above an older version's stored page once a later version exists. */
export const LATER_VERSION_TEMPLATE = `<aside class="later-version" id="later-version" role="note" lang="{{ lang }}" dir="{{ dir }}" aria-labelledby="later-version-h">
<p id="later-version-h"><strong>{{ t('laterVersion', { version: version | num, latest: latest.version | num, date: time(latest.publishedAt) }) }}</strong></p>
{% if corrections.length %}<p>{{ t('laterCorrections') }}</p><ul>{% for c in corrections %}<li>{{ t('version', { version: c.version | num }) }}: <span dir="{{ c.note | dir }}" lang="{{ c.note | lang }}">{{ c.note }}</span></li>{% endfor %}</ul>{% else %}<p>{{ t('laterUpdates') }}</p>{% endif %}
<p><a href="{{ latest.path }}">{{ t('readLatest') }}</a></p>
</aside>
`;

/** The newsroom's index of published reports, newest first. */
export const INDEX_TEMPLATE = `${head}
<header class="masthead">
  <p class="newsroom"><a href="/">{{ newsroom.name }}</a></p>
  <h1>{{ t('indexTitle') }}</h1>
  <p class="meta">{{ t('indexIntro') }}</p>
</header>
<main>
{% if items.length %}<ol class="report-index">{% for item in items %}
  <li><a href="{{ item.path }}" lang="{{ item.language }}" dir="{{ item.dir }}" class="index-title">{{ item.title }}</a>
  <p class="meta">{% if item.outlet %}<span dir="{{ item.outlet | dir }}">{{ item.outlet }}</span> · {% endif %}{{ t('indexItem', { version: item.version | num, date: time(item.publishedAt) }) }}</p></li>{% endfor %}
</ol>{% else %}<p>{{ t('indexEmpty') }}</p>{% endif %}
{% if next %}<p><a href="{{ next }}" rel="next">→</a></p>{% endif %}
</main>
<footer><p><a href="/app/">{{ t('staff') }}</a></p></footer>
</body>
</html>
`;

/** `/`: leads readers to the published reports and newsroom staff to the app's sign-in. */
export const HOME_TEMPLATE = `${head}
<header class="masthead">
  <h1>{{ newsroom.name }}</h1>
  <p class="meta">{{ t('homeIntro') }}</p>
</header>
<main class="home">
  <p class="home-link"><a href="/reports">{{ t('readers') }}</a></p>
  <p class="home-link"><a href="/app/">{{ t('staff') }}</a></p>
  {% if other %}<p lang="{{ other.lang }}" dir="{{ other.dir }}"><a href="/?lang={{ other.lang }}" hreflang="{{ other.lang }}">{{ other.name }}</a></p>{% endif %}
</main>
</body>
</html>
`;

/** The page a reader sees after sending the error-report form. */
export const THANKS_TEMPLATE = `${head}
<main>
  <h1>{{ t('thanks') }}</h1>
  <p>{{ t('thanksText') }}</p>
  {% if back %}<p><a href="{{ back }}">{{ t('backToReport') }}</a></p>{% endif %}
</main>
</body>
</html>
`;

/** The stylesheet, served from our origin (the CSP allows no inline styles). Logical properties only, so right to left needs no special case. */
export const REPORT_CSS = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #555; --rule: #d0d0d0; --accent: #0b4f8a; }
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.6; color: var(--ink); }
:lang(ar), [lang|="ar"] { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "Amiri", "Geeza Pro", "Arabic Typesetting", "Segoe UI", "Tahoma", system-ui, sans-serif; line-height: 1.8; }
[lang|="ar"] code, code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
a { color: var(--accent); }
a:focus-visible, button:focus-visible, textarea:focus-visible, input:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
h1 { font-size: 1.6rem; line-height: 1.3; margin-block: .25rem; }
h2 { font-size: 1.25rem; margin-block-start: 2rem; border-block-end: 1px solid var(--rule); }
h3 { font-size: 1.1rem; margin-block: .25rem; }
h4 { font-size: 1rem; margin-block: 1rem .25rem; }
.masthead .newsroom { font-weight: 700; margin: 0; }
.masthead .newsroom a { color: inherit; text-decoration: none; }
.report-title { color: var(--muted); margin: 0; }
.meta { color: var(--muted); font-size: .95rem; }
blockquote { margin: .25rem 0; padding: .5rem 1rem; border-inline-start: 4px solid #888; background: #f5f5f5; }
figure { margin: .5rem 0; }
figcaption { font-size: .9rem; }
mark { background: #ffe58a; }
.claim { border-block-start: 1px solid var(--rule); padding-block: 1rem; }
.label { font-weight: 600; }
.verdict { margin: 0; }
.verdict strong { display: inline-block; font-size: 1.15rem; padding: .1rem .6rem; border-radius: .3rem; background: #e8eef5; border: 1px solid #9fb4cc; }
.verdict-label[data-rating="accurate"], .verdict-label[data-rating="accurate-quote"] { background: #e3f3e6; border-color: #7fb98a; }
.verdict-label[data-rating="inaccurate"], .verdict-label[data-rating="misquote"] { background: #f9e3e3; border-color: #d08a8a; }
.verdict-label[data-rating="misleading"], .verdict-label[data-rating="paraphrase"], .verdict-label[data-rating="mostly-accurate"] { background: #fdf1dc; border-color: #d9b36b; }
.pending strong { background: #eee; border-color: #bbb; color: #444; }
.pending-explain { color: var(--muted); }
.summary ul { padding-inline-start: 1.25rem; }
.rating-name { font-weight: 600; }
.corrections { border: 2px solid #b00; padding: .25rem 1rem; margin-block: 1rem; }
.corrections h2 { margin-block-start: .5rem; border: 0; }
.later-version { border: 2px solid #b00; background: #fff4f4; padding: .5rem 1rem; margin: 0 auto 1rem; max-width: 46rem; }
.evidence li { margin-block-end: .5rem; }
.stance { font-weight: 600; }
code { word-break: break-all; font-size: .8em; }
.trail-tree, .trail-tree ul { list-style: none; padding-inline-start: 0; margin: 0; }
.trail-children { padding-inline-start: 1.5rem !important; border-inline-start: 2px solid var(--rule); margin-inline-start: .6rem !important; }
.trail-node { margin-block: .25rem; }
.trail-source { display: inline-block; padding: .15rem .5rem; border: 1px solid #9fb4cc; border-radius: .3rem; background: #f4f7fb; }
.trail-primary > .trail-source { border-color: #3c8a4b; background: #e3f3e6; }
.trail-kind { font-size: .8rem; text-transform: uppercase; letter-spacing: .02em; color: var(--muted); }
.trail-arrow { display: block; color: var(--muted); font-size: .9rem; }
.trail-flag { display: inline-block; margin-inline-start: .5rem; color: #8a1c1c; font-size: .9rem; }
.trail-dead-end > .trail-source { border-style: dashed; border-color: #b55; }
.trail-cycle > .trail-source { border-color: #b55; }
.report-index { padding-inline-start: 1.25rem; }
.report-index li { margin-block-end: 1rem; }
.index-title { font-size: 1.1rem; font-weight: 600; }
.home-link { font-size: 1.2rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
form label { display: block; margin: .5rem 0; }
textarea, input { width: 100%; box-sizing: border-box; font: inherit; }
button { font: inherit; padding: .3rem 1rem; }
footer { margin-block-start: 2rem; color: var(--muted); }
@page { size: A4; margin: 18mm 16mm; }
@page letter { size: letter; margin: .75in .7in; }
body.paper-letter { page: letter; }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  .report-error, footer, .permalink, .back { display: none; }
  .claim { break-inside: avoid-page; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .8em; word-break: break-all; }
}
`;
