/**
 * Report page templates (Nunjucks, autoescaped). Every piece of user or article text carries its own
 * `lang` and `dir`, so Arabic reads right to left inside the English page and the other way round.
 */
const head = `<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ pageTitle }}</title>
<link rel="stylesheet" href="{{ model.baseUrl }}/reports/assets/report.css">
{% if jsonLd %}<script type="application/ld+json">{{ jsonLd | safe }}</script>{% endif %}
</head>
<body>
<header>
  <p class="newsroom">{{ model.newsroom.name }}</p>
  <h1>Verification report: <span lang="{{ model.article.language }}" dir="{{ model.article.dir }}">{{ model.article.title }}</span></h1>
  <p class="meta">Version {{ model.version }} · published <time datetime="{{ model.publishedAt }}">{{ model.publishedAt }}</time>
  {% if model.article.outlet %}· article by <span dir="{{ model.article.outlet | dir }}" lang="{{ model.article.outlet | lang }}">{{ model.article.outlet }}</span>{% endif %}
  {% if model.article.url %}· <a href="{{ model.article.url | safeUrl }}" rel="nofollow noopener noreferrer">original article</a>{% endif %}</p>
</header>
{% if model.corrections.length %}
<section class="corrections" id="corrections">
  <h2>Corrections</h2>
  <ol>{% for c in model.corrections %}<li>Version {{ c.version }}{% if c.publishedAt %} (<time datetime="{{ c.publishedAt }}">{{ c.publishedAt }}</time>){% endif %}: <span dir="{{ c.note | dir }}" lang="{{ c.note | lang }}">{{ c.note }}</span></li>{% endfor %}</ol>
</section>
{% endif %}`;

const claimBlock = `
<article class="claim claim-{{ claim.status }}" id="claim-{{ claim.id }}">
  <blockquote class="anchor" lang="{{ model.article.language }}" dir="{{ model.article.dir }}">…{{ claim.quote.prefix }}<mark>{{ claim.quote.exact }}</mark>{{ claim.quote.suffix }}…</blockquote>
  <p class="statement"><span class="label">Claim:</span> <span dir="{{ claim.statement | dir }}" lang="{{ claim.statement | lang }}">{{ claim.statement }}</span></p>
  {% if claim.claimant %}<p class="claimant"><span class="label">Claimant:</span> <span dir="{{ claim.claimant | dir }}" lang="{{ claim.claimant | lang }}">{{ claim.claimant }}</span></p>{% endif %}
  {% if claim.verdict %}
  <p class="verdict"><span class="label">Verdict:</span> <strong class="verdict-label" data-rating="{{ claim.verdict.rating }}" lang="{{ model.article.language if claim.verdict.label != claim.verdict.labelEn else 'en' }}" dir="{{ claim.verdict.label | dir }}">{{ claim.verdict.label }}</strong>{% if claim.verdict.label != claim.verdict.labelEn %} <span class="verdict-en" lang="en" dir="ltr">({{ claim.verdict.labelEn }})</span>{% endif %}{% if claim.verdict.best %} <span class="rating-value">{{ claim.verdict.value }} of {{ claim.verdict.best }}</span>{% endif %}</p>
  <div class="rationale"><span class="label">Why:</span> <p dir="{{ claim.verdict.rationale | dir }}" lang="{{ claim.verdict.rationale | lang }}">{{ claim.verdict.rationale }}</p></div>
  <p class="reviewers">Proposed by <span dir="{{ claim.verdict.proposedBy | dir }}">{{ claim.verdict.proposedBy }}</span>, approved by <span dir="{{ claim.verdict.approvedBy | dir }}">{{ claim.verdict.approvedBy }}</span>{% if claim.verdict.approvedAt %} on <time datetime="{{ claim.verdict.approvedAt }}">{{ claim.verdict.approvedAt }}</time>{% endif %}.</p>
  {% if claim.evidence.length %}
  <h4>Evidence</h4>
  <ul class="evidence">{% for e in claim.evidence %}
    <li><span class="stance">{{ e.stance }}</span>: <a href="{{ e.url | safeUrl }}" rel="nofollow noopener noreferrer" dir="{{ (e.title or e.url) | dir }}" lang="{{ (e.title or e.url) | lang }}">{{ e.title or e.url }}</a>
      {% if e.archived %}— <a href="{{ e.archived.url | safeUrl }}" rel="nofollow">archived copy</a> captured <time datetime="{{ e.archived.capturedAt }}">{{ e.archived.capturedAt }}</time>, sha256 <code>{{ e.archived.sha256 }}</code>{% else %}— no archived copy{% endif %}
      {% if e.excerpt %}<blockquote class="excerpt" dir="{{ e.excerpt | dir }}" lang="{{ e.excerpt | lang }}">{{ e.excerpt }}</blockquote>{% endif %}
      {% if e.note %}<p class="note" dir="{{ e.note | dir }}" lang="{{ e.note | lang }}">{{ e.note }}</p>{% endif %}
    </li>{% endfor %}
  </ul>
  {% endif %}
  {% if claim.trail %}<p class="trail"><span class="label">Source trail:</span> {% if claim.trail.reachesPrimary %}reaches a primary source{% if claim.trail.primaryDistance > 0 %} {{ claim.trail.primaryDistance }} step(s) away{% endif %}{% else %}does not reach a primary source{% endif %}{% if claim.trail.cycles %}; circular reporting found{% endif %}{% if claim.trail.deadEnds %}; {{ claim.trail.deadEnds }} source(s) could not be archived{% endif %}.</p>{% endif %}
  {% if standalone %}{% else %}<p class="permalink"><a href="{{ claim.pageUrl | safeUrl }}">Permanent page for this claim</a></p>{% endif %}
  {% else %}
  <p class="verdict pending"><span class="label">Verdict:</span> <strong>Pending</strong>: this claim has not been checked yet.</p>
  {% endif %}
</article>`;

const errorForm = `
<section class="report-error" id="report-an-error">
  <h2>Report an error</h2>
  <p>If you think something in this report is wrong, tell us. Editors read every report; corrections are listed at the top of the page with the version they were made in.</p>
  <form method="post" action="{{ model.urls.errors | safeUrl }}">
    <input type="hidden" name="version" value="{{ model.version }}">
    {% if claimId %}<input type="hidden" name="claimId" value="{{ claimId }}">{% endif %}
    <label>What is wrong? <textarea name="message" required maxlength="4000" rows="4" dir="auto"></textarea></label>
    <label>How can we reach you? (optional) <input name="contact" maxlength="200" dir="auto"></label>
    <button type="submit">Send</button>
  </form>
</section>`;

const footer = `
<footer>
  <p><a href="{{ model.urls.html | safeUrl }}">Full report</a> · <a href="{{ model.urls.json | safeUrl }}">JSON</a> · <a href="{{ model.urls.markdown | safeUrl }}">Markdown</a></p>
  <p>Corrections policy: published versions are never changed. A correction is published as a new version with a visible note; earlier versions stay readable at their own addresses.</p>
</footer>
</body>
</html>
`;

export const REPORT_TEMPLATE = `${head}
<section class="summary">
  <h2>Summary</h2>
  <ul>{% for s in model.summary %}<li><span lang="{{ model.article.language if s.label != s.labelEn else 'en' }}" dir="{{ s.label | dir }}">{{ s.label }}</span>: {{ s.count }}</li>{% endfor %}
  {% if model.pendingCount %}<li>Pending: {{ model.pendingCount }}</li>{% endif %}</ul>
</section>
<section class="claims">
  <h2>Claims, in article order</h2>
  {% for claim in model.claims %}${claimBlock}{% endfor %}
</section>
<section class="methodology" id="methodology">
  <h2>Methodology</h2>
  <p>Each claim was anchored in the article's text, researched against sources that were captured and archived when they were consulted (the archived copy and its sha256 are listed with each source), rated by one checker and approved by a second editor. Only approved verdicts are shown; claims not yet checked are listed as pending. Machine signals (whether quoted wording and numbers occur in a source) helped the checkers but did not decide any verdict. The rating scale used{% if model.ratingScaleVersions.length %} (version {{ model.ratingScaleVersions | join(', ') }}){% endif %} is: higher values mean more accurate.</p>
</section>
<section class="sources" id="sources">
  <h2>Sources</h2>
  <ol>{% for s in model.sources %}<li><a href="{{ s.url | safeUrl }}" rel="nofollow noopener noreferrer" dir="{{ (s.title or s.url) | dir }}" lang="{{ s.language or ((s.title or s.url) | lang) }}">{{ s.title or s.url }}</a>{% if s.publisher %}, <span dir="{{ s.publisher | dir }}" lang="{{ s.publisher | lang }}">{{ s.publisher }}</span>{% endif %} ({{ s.kind }}, {{ s.subtype }})</li>{% else %}<li>No sources yet.</li>{% endfor %}</ol>
</section>
${errorForm}${footer}`;

export const CLAIM_TEMPLATE = `${head}
<p><a href="{{ model.urls.html | safeUrl }}">← All claims of this report</a></p>
${claimBlock}
${errorForm}${footer}`;

/** The stylesheet, served from our origin (the CSP allows no inline styles). */
export const REPORT_CSS = `
body { font-family: system-ui, "Noto Naskh Arabic", "Noto Sans", sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #111; }
blockquote { margin: .5rem 0; padding: .5rem 1rem; border-inline-start: 4px solid #888; background: #f5f5f5; }
mark { background: #ffe58a; }
.claim { border-top: 1px solid #ccc; padding: 1rem 0; }
.label { font-weight: 600; }
.verdict-label { font-size: 1.1rem; }
.pending { color: #555; }
.corrections { border: 2px solid #b00; padding: .5rem 1rem; }
code { word-break: break-all; font-size: .85em; }
form label { display: block; margin: .5rem 0; }
textarea, input { width: 100%; }
@media print { .report-error, footer { display: none; } a::after { content: " (" attr(href) ")"; font-size: .8em; } }
`;
