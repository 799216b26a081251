// Suggestions benchmark and evaluation: runs suggestClaims over the labelled set in fixtures/suggestions/
// (the sample article plus Arabic and English texts written for the set, each labelled by hand with its
// checkable claims, their spans, kinds and resolved dates; figures are printed separately for the in-sample
// texts the rules were tuned on, the held-out texts in held-out/, and both) and prints precision and recall per kind and
// overall (a suggestion counts when its anchored span overlaps a labelled claim's span of the same kind),
// the share of labelled dates resolved exactly (same first and last day), and speed: MB of article text
// (UTF-8) per CPU second of one core, against a baseline measured in alternating slices in the same run:
// one plain regex scan of the same text (every digit run, quote mark and month or weekday name, no
// normalisation, no grouping).
// Sizes: BENCH_SUGGESTIONS_MIN_MS (3000) of timed work per measurement.
import { suggestClaims, SUGGESTION_KINDS, loadLabelledSet, locateLabel, type LabelledArticle, type SuggestionDraft } from '@app/suggestions';
import { envInt, figure, fmt, printFigures, progress, ROOT, runBench, table, writeResult, type Figure } from './lib/common.js';

const SET_DIR = `${ROOT}fixtures/suggestions`;
const MIN_MS = Math.max(200, envInt('BENCH_SUGGESTIONS_MIN_MS', 3000));

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

interface Tally {
  suggested: number;
  correct: number;
  labelled: number;
  found: number;
}

function evaluate(set: LabelledArticle[]) {
  const perKind = new Map<string, Tally>(SUGGESTION_KINDS.map((k) => [k, { suggested: 0, correct: 0, labelled: 0, found: 0 }]));
  const dates = { labelled: 0, exact: 0, misses: [] as string[] };
  const misses: string[] = [];
  const falsePositives: string[] = [];
  for (const article of set) {
    const suggestions = suggestClaims(article.body, { language: article.language, publishedAt: new Date(article.publishedAt), timeZone: article.timeZone });
    const labels = article.claims.map((claim) => ({ ...claim, span: locateLabel(article.body, claim.exact, claim.occurrence) }));
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
        const at = locateLabel(article.body, date.expression, 0, label.span.unit);
        const resolved = suggestions.flatMap((s) => s.dates).filter((d) => overlaps(d, at));
        if (resolved.some((d) => d.from === date.from && d.to === date.to)) dates.exact++;
        else dates.misses.push(`${article.name}: ${date.expression} = ${date.from}…${date.to}, got ${resolved.map((d) => `${d.from}…${d.to} (${d.rule})`).join(', ') || 'nothing'}`);
      }
    }
  }
  const total: Tally = { suggested: 0, correct: 0, labelled: 0, found: 0 };
  for (const t of perKind.values()) for (const key of Object.keys(total) as (keyof Tally)[]) total[key] += t[key];
  return { perKind, total, dates, misses, falsePositives };
}

type Evaluation = ReturnType<typeof evaluate>;
const precisionOf = (t: Tally) => (t.suggested ? t.correct / t.suggested : NaN);
const recallOf = (t: Tally) => (t.labelled ? t.found / t.labelled : NaN);

function describe(subset: string, set: LabelledArticle[]): string {
  const claims = set.reduce((n, a) => n + a.claims.length, 0);
  const dates = set.reduce((n, a) => n + a.claims.reduce((m, c) => m + (c.dates?.length ?? 0), 0), 0);
  const arabic = set.filter((a) => a.language === 'ar').length;
  return `${subset}: ${set.length} articles (${arabic} Arabic, ${set.length - arabic} English), ${claims} labelled claims, ${dates} labelled dates`;
}

function report(subset: string, set: LabelledArticle[], e: Evaluation): Figure[] {
  const rows = [...e.perKind].map(([kind, t]) => [kind, String(t.labelled), String(t.suggested), fmt(precisionOf(t), 3), fmt(recallOf(t), 3)]);
  rows.push(['overall', String(e.total.labelled), String(e.total.suggested), fmt(precisionOf(e.total), 3), fmt(recallOf(e.total), 3)]);
  console.log(`\n== ${describe(subset, set)}\nPrecision and recall (overlap + kind match)\n${table(['kind', 'labelled', 'suggested', 'precision', 'recall'], rows)}`);
  console.log(`Dates resolved exactly: ${e.dates.exact} / ${e.dates.labelled} = ${fmt(e.dates.exact / e.dates.labelled, 3)}`);
  return [
    figure('suggestions', `${subset}: precision (overall)`, 'ratio', precisionOf(e.total)),
    figure('suggestions', `${subset}: recall (overall)`, 'ratio', recallOf(e.total)),
    ...[...e.perKind].flatMap(([kind, t]) => [
      figure('suggestions', `${subset}: precision (${kind})`, 'ratio', precisionOf(t)),
      figure('suggestions', `${subset}: recall (${kind})`, 'ratio', recallOf(t)),
    ]),
    figure('suggestions', `${subset}: dates resolved exactly`, 'ratio', e.dates.exact / e.dates.labelled),
  ];
}

// The baseline: what any scan of the text costs at least: one regex pass for digit runs, quote marks and
// month or weekday names, as written (no normalisation, no sentences, no grouping, no resolution).
const BASELINE = /\p{Nd}+|[“”«»"]|(?:يناير|فبراير|مارس|أبريل|مايو|يونيو|يوليو|أغسطس|سبتمبر|أكتوبر|نوفمبر|ديسمبر|الخميس|الأحد|January|February|March|April|May|June|July|August|September|October|November|December|Monday|Friday)/gu;

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * MB of article text per CPU second of this process (per core: the process is single-threaded) for
 * `ours` and `baseline`, measured in alternating slices of about 100 ms so that both see the same load
 * on a shared machine. CPU time rather than wall time: other processes on the machine take turns on
 * the cores, which stretches wall time but not the work done.
 */
function throughput(set: LabelledArticle[], ours: (article: LabelledArticle) => number, baseline: (article: LabelledArticle) => number): { ours: number; baseline: number } {
  const bytes = set.reduce((sum, a) => sum + Buffer.byteLength(a.body, 'utf8'), 0);
  let sink = 0;
  for (let i = 0; i < 20; i++) for (const a of set) sink += ours(a) + baseline(a); // warm-up
  const spent = { ours: 0, baseline: 0 };
  const rounds = { ours: 0, baseline: 0 };
  while (spent.ours < MIN_MS || spent.baseline < MIN_MS / 10) {
    for (const [key, work] of [['ours', ours], ['baseline', baseline]] as const) {
      const started = cpuMs();
      do {
        for (const a of set) sink += work(a);
        rounds[key]++;
      } while (cpuMs() - started < 100);
      spent[key] += cpuMs() - started;
    }
  }
  if (sink === -1) console.log(sink);
  return { ours: (bytes * rounds.ours) / 1e6 / (spent.ours / 1000), baseline: (bytes * rounds.baseline) / 1e6 / (spent.baseline / 1000) };
}

runBench('suggestions', async () => {
  const set = loadLabelledSet(SET_DIR);
  const subsets: [string, LabelledArticle[]][] = [
    ['in-sample', set.filter((a) => !a.heldOut)],
    ['held-out', set.filter((a) => a.heldOut)],
    ['overall', set],
  ];
  const figures: Figure[] = [];
  const evaluations = subsets.map(([subset, articles]) => {
    const e = evaluate(articles);
    figures.push(...report(subset, articles, e));
    return e;
  });
  const all = evaluations[2]!;
  if (all.misses.length) console.log(`\nLabelled claims not suggested:\n  ${all.misses.join('\n  ')}`);
  if (all.falsePositives.length) console.log(`\nSuggestions matching no labelled claim:\n  ${all.falsePositives.join('\n  ')}`);
  if (all.dates.misses.length) console.log(`\nDates not resolved exactly:\n  ${all.dates.misses.join('\n  ')}`);

  progress('measuring speed');
  const speed = throughput(
    set,
    (a) => suggestClaims(a.body, { language: a.language, publishedAt: new Date(a.publishedAt), timeZone: a.timeZone }).length,
    (a) => a.body.match(BASELINE)?.length ?? 0,
  );
  figures.push(figure('suggestions', 'suggestClaims throughput, per core (CPU time)', 'MB/s', speed.ours, { label: 'one plain regex scan of the same text', value: speed.baseline }));
  printFigures('Suggestions', figures);
  const size = Object.fromEntries(subsets.map(([subset, articles]) => [subset, describe(subset, articles)]));
  await writeResult('suggestions', { params: { minMs: MIN_MS, set: size }, figures, details: { misses: all.misses, falsePositives: all.falsePositives, dateMisses: all.dates.misses } });
});
