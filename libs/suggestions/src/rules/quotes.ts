/**
 * Quoted wording in every quote style (“…” ”…” «…» „…“ "…" ‘…’), paired by position rather than by
 * style so that a quote opened with one mark and closed with another still counts, and an unclosed
 * quote runs to the end of its sentence; plus the speakers named by reporting verbs.
 */
import type { LanguageLexicon } from '../languages.js';
import { alternation, anyWord, firstWords, perLexicon, phraseAfter, phraseBefore, WORD_START, type Finding } from './common.js';

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const BEFORE_CLOSE = /[\p{L}\p{M}\p{N}.,،!?؟…)%٪]/u;
const STANDARD_PAIRS = new Set(['“”', '„“', '„”', '«»', '»«', '""', '‘’', "''", '‚‘', '‹›', '””', '’’']);
const PRONOUNS = new Set(['he', 'she', 'they', 'it', 'we', 'i', 'you', 'هو', 'هي', 'هم']);

/**
 * Quoted spans of a sentence's normalised text (every double quote is `"` there). `originalMark(i)`
 * gives the original quote character at normalised index `i`, to tell mixed styles apart.
 */
export function findQuotes(text: string, lex: LanguageLexicon, originalMark: (i: number) => string): Finding[] {
  const found: Finding[] = [];
  const isProclitic = (i: number) => lex.proclitics.includes(text[i] ?? '\u0000') && (i === 0 || text[i - 1] === ' ');
  const emit = (open: number, close: number, rule: string) => {
    const inner = text.slice(open + 1, close);
    if ((inner.match(/\p{L}/gu)?.length ?? 0) < 2) return;
    const closeMark = rule === 'quote.paired' ? originalMark(close) : '';
    const mixed = closeMark !== '' && !STANDARD_PAIRS.has(originalMark(open) + closeMark);
    found.push({ kind: 'quote', rule: mixed ? 'quote.mixed-styles' : rule, role: 'claim', from: open, to: rule === 'quote.paired' ? close + 1 : close });
  };
  const endOfOpen = (before: number) => {
    let end = before;
    while (end > 0 && /[ ،,.:;؛]/u.test(text[end - 1]!)) end--;
    return end;
  };
  for (const mark of ['"', "'"]) {
    // Single quotes double as apostrophes, so only count when clearly opening and closing.
    const single = mark === "'";
    let open = -1;
    for (let i = text.indexOf(mark); i !== -1; i = text.indexOf(mark, i + 1)) {
      const next = text[i + 1] ?? '';
      const prev = text[i - 1] ?? '';
      const letterNext = LETTER_OR_DIGIT.test(next);
      const clitic = isProclitic(i - 1);
      const opener = letterNext && (!BEFORE_CLOSE.test(prev) || clitic) && !/\p{N}/u.test(prev);
      const closer = BEFORE_CLOSE.test(prev) && !clitic && !letterNext;
      if (opener && !(open !== -1 && closer)) {
        if (open !== -1) emit(open, endOfOpen(i), 'quote.unbalanced');
        open = i;
      } else if (closer && open !== -1) {
        emit(open, i, 'quote.paired');
        open = -1;
      } else if (!single && !opener && !closer && open === -1 && letterNext) {
        open = i;
      } else if (!single && !opener && !closer && open !== -1) {
        emit(open, i, 'quote.paired');
        open = -1;
      }
    }
    if (open !== -1 && !single) emit(open, endOfOpen(text.length), 'quote.unbalanced');
  }
  return found.sort((a, b) => a.from - b.from);
}

/** A closing quote mark just before a reporting verb ('"…," said X'). */
const QUOTE_BEFORE = /["'][ ,،]*$/u;

const build = perLexicon((lex: LanguageLexicon) => {
  const clitic = lex.proclitics ? '[وف]?' : '';
  const verbs = alternation(lex.reportingVerbs);
  return {
    triggers: [...firstWords(lex.reportingVerbs), ...firstWords(lex.sourcePrepositions)],
    stops: new Set([...lex.speakerStops, ...lex.reportingVerbs, ...lex.weekdays.map(([w]) => w)]),
    verb: new RegExp(`${WORD_START}${clitic}(?:${verbs})(?![\\p{L}\\p{M}])`, 'gu'),
    source: new RegExp(`${WORD_START}${clitic}${alternation(lex.sourcePrepositions)}(?: ${verbs})? `, 'gu'),
    // Arabic "وكان X قال": the speaker stands between كان and the verb.
    wasSaying: lex.speakerAfterVerb ? new RegExp(`${WORD_START}[وف]?كان(?:ت)? (?<subject>(?:[^ ،.:"]+ ){1,7}?)(?:قد )?(?:${verbs})(?![\\p{L}\\p{M}])`, 'gu') : null,
  };
});

/** Speakers named by reporting verbs and source prepositions (said X, X said, according to X, بحسب X). */
export function findSpeakers(text: string, lex: LanguageLexicon, words: ReadonlySet<string>): Finding[] {
  const { triggers, stops, verb, source, wasSaying } = build(lex);
  if (!anyWord(words, triggers)) return [];
  const found: Finding[] = [];
  const add = (from: number, to: number, rule: string) => {
    const phrase = text.slice(from, to);
    if (to > from && !PRONOUNS.has(phrase) && /\p{L}{2}/u.test(phrase)) found.push({ kind: 'quote', rule, role: 'speaker', from, to });
  };
  if (wasSaying && (words.has('كان') || words.has('كانت'))) {
    for (const m of text.matchAll(wasSaying)) {
      const from = m.index + m[0].indexOf(m.groups!.subject!);
      add(from, from + m.groups!.subject!.trimEnd().length, 'quote.speaker');
    }
  }
  for (const m of text.matchAll(source)) {
    const from = m.index + m[0].length;
    add(from, phraseAfter(text, from, stops), 'quote.source');
  }
  for (const m of text.matchAll(verb)) {
    const after = m.index + m[0].length;
    const before = phraseBefore(text, m.index, stops);
    const precededByQuote = QUOTE_BEFORE.test(text.slice(Math.max(0, m.index - 8), m.index));
    if (lex.speakerAfterVerb || precededByQuote || before === m.index) {
      const from = text[after] === ' ' ? after + 1 : after;
      add(from, phraseAfter(text, from, stops, 9), 'quote.speaker');
    } else {
      let end = m.index;
      while (end > before && text[end - 1] === ' ') end--;
      add(before, end, 'quote.speaker');
    }
  }
  const unique = new Map(found.map((f) => [`${f.from}:${f.to}`, f]));
  return [...unique.values()].sort((a, b) => a.from - b.from);
}
