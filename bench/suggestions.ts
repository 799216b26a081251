// Suggestions benchmark and evaluation: runs suggestClaims over the labelled set in fixtures/suggestions/
// (the sample article plus Arabic and English texts written for the set, each labelled by hand with its
// checkable claims, their spans, kinds and resolved dates) and prints precision and recall per kind and
// overall (a suggestion counts when its anchored span overlaps a labelled claim's span of the same kind),
// the share of labelled dates resolved exactly (same first and last day), and speed: MB of article text
// (UTF-8) per second on one core, against a baseline in the same run: one plain regex scan of the same
// text (every digit run, quote mark and month or weekday name, no normalisation, no grouping).
// Sizes: BENCH_SUGGESTIONS_MIN_MS (3000) of timed work per measurement.
import { readdirSync, readFileSync } from 'node:fs';
import { codePointLength } from '@app/text';
import { suggestClaims, type SuggestionDraft } from '@app/suggestions';
import { envInt, figure, fmt, printFigures, progress, ROOT, runBench, table, writeResult, type Figure } from './lib/common.js';

const SET_DIR = `${ROOT}fixtures/suggestions`;
const MIN_MS = Math.max(200, envInt('BENCH_SUGGESTIONS_MIN_MS', 3000));
const KINDS = ['date', 'number', 'quote', 'attribution'] as const;

interface LabelledDate {
  expression: string;
  from: string;
  to: string;
}
interface LabelledClaim {
  kind: (typeof KINDS)[number];
  exact: string;
  /** Which occurrence of `exact` in the body (0 = first). */
  occurrence?: number;
  dates?: LabelledDate[];
}
interface LabelledArticle {
  name: string;
  article: string;
  language: string;
  publishedAt: string;
  timeZone: string;
  origin: string;
  claims: LabelledClaim[];
  body: string;
}

/** Code point range of the `occurrence`-th `needle` in `body`, searching from `from` (UTF-16). */
function locate(body: string, needle: string, occurrence = 0, from = 0): { start: number; end: number; unit: number } {
  let unit = body.indexOf(needle, from);
  for (let i = 0; i < occurrence && unit !== -1; i++) unit = body.indexOf(needle, unit + 1);
  if (unit === -1) throw new Error(`label text not in the article: ${needle}`);
  const start = codePointLength(body.slice(0, unit));
  return { start, end: start + codePointLength(needle), unit };
}

function loadSet(): LabelledArticle[] {
  return readdirSync(SET_DIR)
    .filter((f) => f.endsWith('.labels.json'))
    .sort()
    .map((file) => {
      const labels = JSON.parse(readFileSync(`${SET_DIR}/${file}`, 'utf8')) as Omit<LabelledArticle, 'body' | 'name'>;
      return { ...labels, name: file.replace('.labels.json', ''), body: readFileSync(`${SET_DIR}/${labels.article}`, 'utf8').normalize('NFC') };
    });
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

interface Tally {
  suggested: number;
  correct: number;
  labelled: number;
  found: number;
}

function evaluate(set: LabelledArticle[]) {
  const perKind = new Map<string, Tally>(KINDS.map((k) => [k, { suggested: 0, correct: 0, labelled: 0, found: 0 }]));
  const dates = { labelled: 0, exact: 0, misses: [] as string[] };
  const misses: string[] = [];
  const falsePositives: string[] = [];
  for (const article of set) {
    const suggestions = suggestClaims(article.body, { language: article.language, publishedAt: new Date(article.publishedAt), timeZone: article.timeZone });
    const labels = article.claims.map((claim) => ({ ...claim, span: locate(article.body, claim.exact, claim.occurrence) }));
    const spanOf = (s: SuggestionDraft) => ({ start: s.anchor.position.start, end: s.anchor.position.end });
    for (const s of suggestions) {
      const tally = perKind.get(s.kind)!;
      tally.suggested++;
      if (labels.some((l) => l.kind === s.kind && overlaps(l.span, spanOf(s)))) tally.correct++;
      else falsePositives.push(`${article.name} ${s.kind}: ${s.anchor.quote.exact}`);
    }
    for (const label of labels) {
      const tally = perKind.get(label.kind)!;
      tally.labelled++;
      if (suggestions.some((s) => s.kind === label.kind && overlaps(label.span, spanOf(s)))) tally.found++;
      else misses.push(`${article.name} ${label.kind}: ${label.exact}`);
      for (const date of label.dates ?? []) {
        dates.labelled++;
        const at = locate(article.body, date.expression, 0, label.span.unit);
        const resolved = suggestions.flatMap((s) => s.dates).filter((d) => overlaps(d, at));
        if (resolved.some((d) => d.from === date.from && d.to === date.to)) dates.exact++;
        else dates.misses.push(`${article.name}: ${date.expression} = ${date.from}…${date.to}, got ${resolved.map((d) => `${d.from}…${d.to} (${d.rule})`).join(', ') || 'nothing'}`);
      }
    }
  }
  return { perKind, dates, misses, falsePositives };
}

// The baseline: what any scan of the text costs at least: one regex pass for digit runs, quote marks and
// month or weekday names, as written (no normalisation, no sentences, no grouping, no resolution).
const BASELINE = /\p{Nd}+|[“”«»"]|(?:يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر|الخميس|الأحد|January|February|March|April|May|June|July|August|September|October|November|December|Monday|Friday)/gu;

function throughput(set: LabelledArticle[], work: (article: LabelledArticle) => number): number {
  const bytes = set.reduce((sum, a) => sum + Buffer.byteLength(a.body, 'utf8'), 0);
  let sink = 0;
  for (let i = 0; i < 20; i++) for (const a of set) sink += work(a); // warm-up
  let rounds = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0;
  while (elapsed < MIN_MS) {
    for (const a of set) sink += work(a);
    rounds++;
    elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  }
  if (sink === -1) console.log(sink);
  return (bytes * rounds) / 1e6 / (elapsed / 1000);
}

runBench('suggestions', async () => {
  const set = loadSet();
  const size = { articles: set.length, arabic: set.filter((a) => a.language === 'ar').length, english: set.filter((a) => a.language.startsWith('en')).length, claims: set.reduce((n, a) => n + a.claims.length, 0) };
  progress(`labelled set: ${size.articles} articles (${size.arabic} Arabic, ${size.english} English), ${size.claims} labelled claims`);
  const { perKind, dates, misses, falsePositives } = evaluate(set);
  const rows: string[][] = [];
  const total: Tally = { suggested: 0, correct: 0, labelled: 0, found: 0 };
  for (const [kind, t] of perKind) {
    rows.push([kind, String(t.labelled), String(t.suggested), fmt(t.suggested ? t.correct / t.suggested : NaN, 3), fmt(t.labelled ? t.found / t.labelled : NaN, 3)]);
    for (const key of Object.keys(total) as (keyof Tally)[]) total[key] += t[key];
  }
  const precision = total.correct / total.suggested;
  const recall = total.found / total.labelled;
  rows.push(['overall', String(total.labelled), String(total.suggested), fmt(precision, 3), fmt(recall, 3)]);
  console.log(`\nPrecision and recall (overlap + kind match)\n${table(['kind', 'labelled', 'suggested', 'precision', 'recall'], rows)}`);
  console.log(`\nDates resolved exactly: ${dates.exact} / ${dates.labelled} = ${fmt(dates.exact / dates.labelled, 3)}`);
  if (misses.length) console.log(`\nLabelled claims not suggested:\n  ${misses.join('\n  ')}`);
  if (falsePositives.length) console.log(`\nSuggestions matching no labelled claim:\n  ${falsePositives.join('\n  ')}`);
  if (dates.misses.length) console.log(`\nDates not resolved exactly:\n  ${dates.misses.join('\n  ')}`);

  progress('measuring speed');
  const ours = throughput(set, (a) => suggestClaims(a.body, { language: a.language, publishedAt: new Date(a.publishedAt), timeZone: a.timeZone }).length);
  const baseline = throughput(set, (a) => a.body.match(BASELINE)?.length ?? 0);
  const figures: Figure[] = [
    figure('suggestions', 'precision (overall)', 'ratio', precision),
    figure('suggestions', 'recall (overall)', 'ratio', recall),
    ...[...perKind].flatMap(([kind, t]) => [
      figure('suggestions', `precision (${kind})`, 'ratio', t.suggested ? t.correct / t.suggested : NaN),
      figure('suggestions', `recall (${kind})`, 'ratio', t.labelled ? t.found / t.labelled : NaN),
    ]),
    figure('suggestions', 'dates resolved exactly', 'ratio', dates.exact / dates.labelled),
    figure('suggestions', 'suggestClaims throughput, 1 core', 'MB/s', ours, { label: 'one plain regex scan of the same text', value: baseline }),
  ];
  printFigures('Suggestions', figures);
  await writeResult('suggestions', { params: { minMs: MIN_MS, set: size }, figures, details: { misses, falsePositives, dateMisses: dates.misses } });
});
