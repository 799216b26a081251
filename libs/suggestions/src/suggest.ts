/**
 * Claim suggestions for an article: the rule families run over each sentence, and their findings are
 * grouped into one suggestion per sentence and kind, with the span to anchor, a statement draft, the
 * claimant named by a reporting verb, and every date resolved against the publication time.
 */
import { DEFAULT_CONTEXT_LENGTH, type Anchor } from '@app/text';
import { lexiconFor, type LanguageLexicon } from './languages.js';
import { resolveDate, type DateExpression, type DateResolution } from './resolve-dates.js';
import { findAttributions } from './rules/attributions.js';
import { wordsOf, type Finding, type SuggestionKind } from './rules/common.js';
import { findDates } from './rules/dates.js';
import { findNumbers } from './rules/numbers.js';
import { findQuotes, findSpeakers } from './rules/quotes.js';
import { bodyRange, splitSentences, type Sentence } from './sentences.js';

/** One span a rule found, in code points of the article body. */
export interface SuggestionSpan {
  kind: SuggestionKind;
  rule: string;
  /** `claim`: checkable words; `speaker`: who is said to have said them. */
  role: 'claim' | 'speaker';
  start: number;
  end: number;
  exact: string;
}

/** A date expression of a suggestion with its reading on the calendar. */
export interface ResolvedDate extends DateResolution {
  expression: string;
  start: number;
  end: number;
  /** The date rule that found it (date.weekday, date.relative-period …). */
  found: string;
}

/** A proposed claim: not a claim until a person accepts it. */
export interface SuggestionDraft {
  kind: SuggestionKind;
  /** Rule of the first checkable span (the one that made this a suggestion). */
  rule: string;
  /** W3C selectors (code points) of the words to check: from the first to the last checkable span. */
  anchor: Anchor;
  /** The sentence the suggestion comes from, in code points. */
  sentence: { start: number; end: number };
  spans: SuggestionSpan[];
  /** A first wording of the claim for the editor to rework: the sentence as written. */
  statement: string;
  claimant: string | null;
  dates: ResolvedDate[];
}

export interface SuggestOptions {
  /** BCP 47 tag of the article. */
  language: string;
  publishedAt: Date | null;
  /** IANA time zone the article's dates are meant in (the newsroom's). */
  timeZone: string;
}

const KIND_ORDER: readonly SuggestionKind[] = ['date', 'number', 'quote', 'attribution'];
const FUTURE = /(?:^|[^\p{L}])(?:will|is due to|are due to|is set to|are set to|scheduled|سوف|من المقرر|من المنتظر|المقرر ان|سيعقد|ستعقد|سيلتقي|ستلتقي|سيزور|ستزور|سيجري|ستجري)(?:[^\p{L}]|$)/u;
const TRAILING = /[\s.،,:;؛]+$/u;

// Only a bare weekday reads differently in a sentence about the future.
const isAboutFuture = (s: Sentence, findings: readonly Finding[]): boolean => findings.some((f) => f.date?.type === 'weekday') && FUTURE.test(s.normalized);

/** A date finding placed on the calendar; none for a time of day. */
function resolvedDate(f: Finding, span: SuggestionSpan, options: SuggestOptions, future: boolean): ResolvedDate[] {
  const resolution = f.date ? resolveDate(f.date as DateExpression, { publishedAt: options.publishedAt, timeZone: options.timeZone, future }) : null;
  return resolution ? [{ expression: span.exact, start: span.start, end: span.end, found: f.rule, ...resolution }] : [];
}

function sentenceFindings(s: Sentence, lex: LanguageLexicon, words: ReadonlySet<string>): Finding[] {
  let chars: string[] | null = null;
  const originalAt = (i: number) => (chars ??= Array.from(s.original))[s.unitToBody[i]! - s.start] ?? '';
  const dates = findDates(s.normalized, lex, words);
  const quotes = /["']/u.test(s.normalized) ? findQuotes(s.normalized, lex, originalAt) : [];
  return [
    ...dates,
    ...findNumbers(s.normalized, lex, dates, words),
    ...quotes,
    ...(quotes.length ? findSpeakers(s.normalized, lex, words) : []),
    ...findAttributions(s.normalized, lex, (i) => /\p{Lu}/u.test(originalAt(i)), words),
  ];
}

/**
 * The claimant of a sentence: the first speaker named before the claim span (the reporting verb that
 * opens it; a relaying source such as "حسبما نقلت عنه …" comes later), else the first one after.
 */
function claimantOf(speakers: SuggestionSpan[], claimStart: number): SuggestionSpan | null {
  return speakers.find((sp) => sp.start < claimStart) ?? speakers[0] ?? null;
}

/** UTF-16 offset of each code point offset of `body` (the identity when it has no astral characters). */
function codePointUnits(body: string): { at(codePoint: number): number; length: number } {
  // Without the u flag, so that each half of a surrogate pair matches.
  if (!/[\uD800-\uDFFF]/.test(body)) return { at: (cp) => Math.min(cp, body.length), length: body.length };
  const table: number[] = [];
  for (let i = 0; i < body.length; i++) {
    table.push(i);
    const unit = body.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < body.length && (body.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  table.push(body.length);
  return { at: (cp) => table[Math.min(cp, table.length - 1)]!, length: table.length - 1 };
}

/**
 * The selectors an editor's selection of code points `[start, end)` gets (`resolveAnchor` by position):
 * the exact text and up to {@link DEFAULT_CONTEXT_LENGTH} code points of context on each side.
 */
function anchorAt(body: string, units: ReturnType<typeof codePointUnits>, start: number, end: number): Anchor {
  const at = (cp: number) => units.at(Math.max(0, Math.min(cp, units.length)));
  return {
    quote: {
      type: 'TextQuoteSelector',
      exact: body.slice(at(start), at(end)),
      prefix: body.slice(at(start - DEFAULT_CONTEXT_LENGTH), at(start)),
      suffix: body.slice(at(end), at(end + DEFAULT_CONTEXT_LENGTH)),
    },
    position: { type: 'TextPositionSelector', start, end },
  };
}

/**
 * Suggestions for one article body (NFC, as stored), in text order. Pure: the same body and options
 * always give the same suggestions. Languages without rules give none.
 */
export function suggestClaims(body: string, options: SuggestOptions): SuggestionDraft[] {
  const lex = lexiconFor(options.language);
  if (!lex) return [];
  const suggestions: SuggestionDraft[] = [];
  const units = codePointUnits(body);
  for (const s of splitSentences(body)) {
    const words = wordsOf(s.normalized, lex.proclitics);
    const findings = sentenceFindings(s, lex, words);
    if (findings.length === 0) continue;
    const toSpan = (f: Finding): SuggestionSpan => {
      const [start, end] = bodyRange(s, f.from, f.to);
      return { kind: f.kind, rule: f.rule, role: f.role, start, end, exact: body.slice(units.at(start), units.at(end)) };
    };
    const speakers = findings.filter((f) => f.role === 'speaker').map(toSpan);
    // A reporting verb names the speaker for the whole sentence; "according to" too.
    const speakerForClaimant = speakers.length ? speakers : findSpeakers(s.normalized, lex, words).map(toSpan);
    const future = isAboutFuture(s, findings);
    const statement = s.original.replace(TRAILING, '');
    for (const kind of KIND_ORDER) {
      const claimFindings = findings.filter((f) => f.kind === kind && f.role === 'claim');
      if (claimFindings.length === 0) continue;
      const spans = claimFindings.map(toSpan);
      const start = Math.min(...spans.map((sp) => sp.start));
      const end = Math.max(...spans.map((sp) => sp.end));
      const claimant = claimantOf(speakerForClaimant, start);
      const dates = claimFindings.flatMap((f, i) => resolvedDate(f, spans[i]!, options, future));
      suggestions.push({
        kind,
        rule: claimFindings[0]!.rule,
        anchor: anchorAt(body, units, start, end),
        sentence: { start: s.start, end: s.end },
        spans: kind === 'quote' ? [...spans, ...speakers].sort((a, b) => a.start - b.start) : spans,
        statement,
        claimant: claimant ? claimant.exact.replace(TRAILING, '') : null,
        dates,
      });
    }
  }
  return suggestions;
}

/**
 * The dates stated by the code points `[start, end)` of `body` (a claim's span), found and resolved
 * exactly as {@link suggestClaims} finds and resolves the dates of a suggestion: a claim made by hand
 * gets the dates an accepted suggestion over the same words would have.
 */
export function datesWithin(body: string, span: { start: number; end: number }, options: SuggestOptions): ResolvedDate[] {
  return datesIn(readBody(body), span, options);
}

/**
 * An article body split once, with each sentence's date findings read on first use: claims of one
 * article (a batch, or one request after another) each read only the sentences their span touches,
 * instead of splitting the whole body again. Bodies never change, so one may be kept per article.
 */
export interface ReadBody {
  readonly body: string;
  readonly units: { at(codePoint: number): number; length: number };
  readonly sentences: Sentence[];
  readonly findings: Map<Sentence, { findings: Finding[]; future: boolean }>;
}

export function readBody(body: string): ReadBody {
  return { body, units: codePointUnits(body), sentences: splitSentences(body), findings: new Map() };
}

/** {@link datesWithin} over a body read once ({@link readBody}). */
export function datesIn(read: ReadBody, span: { start: number; end: number }, options: SuggestOptions): ResolvedDate[] {
  const lex = lexiconFor(options.language);
  if (!lex) return [];
  const dates: ResolvedDate[] = [];
  for (const s of read.sentences) {
    if (s.end <= span.start || s.start >= span.end) continue;
    let found = read.findings.get(s);
    if (!found) {
      const findings = findDates(s.normalized, lex, wordsOf(s.normalized, lex.proclitics));
      found = { findings, future: isAboutFuture(s, findings) };
      read.findings.set(s, found);
    }
    for (const f of found.findings) {
      const [start, end] = bodyRange(s, f.from, f.to);
      if (end <= span.start || start >= span.end) continue;
      dates.push(...resolvedDate(f, { kind: 'date', rule: f.rule, role: 'claim', start, end, exact: read.body.slice(read.units.at(start), read.units.at(end)) }, options, found.future));
    }
  }
  return dates;
}
