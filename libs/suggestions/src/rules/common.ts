/** What every rule family returns, and small helpers for building their patterns. */
import type { DateExpression } from '../resolve-dates.js';

/** The kinds of claim the rules suggest (a subset of the claim kinds). */
export const SUGGESTION_KINDS = ['date', 'number', 'quote', 'attribution'] as const;
export type SuggestionKind = (typeof SUGGESTION_KINDS)[number];

/**
 * One thing a rule found in a sentence, as a UTF-16 range of the sentence's normalised text.
 * `role` is `claim` for the checkable words and `speaker` for who is said to have said them.
 */
export interface Finding {
  kind: SuggestionKind;
  rule: string;
  role: 'claim' | 'speaker';
  from: number;
  to: number;
  date?: DateExpression;
}

const escape = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/gu, (c) => `\\${c}`);

/** A regex alternation of `words`, longest first (so "كانون الثاني" wins over a shorter prefix). */
export const alternation = (words: readonly string[]): string =>
  `(?:${[...new Set(words)].sort((a, b) => b.length - a.length).map(escape).join('|')})`;

/** Not inside a word or number on the left / right. */
export const WORD_START = '(?<![\\p{L}\\p{M}\\p{N}])';
export const WORD_END = '(?![\\p{L}\\p{M}\\p{N}])';

/**
 * A number in matching form: ASCII digits, thousands groups of three, a decimal part after a point, or
 * after a comma when one or two digits follow (the decimal comma of Maghrebi and European writing:
 * "2,25 في المائة", "365,5 مليار"; "1,342" stays one thousand three hundred and forty-two).
 */
export const NUMBER = '(?<![\\p{N}]|[\\p{N}][.,٫٬])\\p{Nd}+(?:[,٬]\\p{Nd}{3}(?!\\p{N}))*(?:[.٫]\\p{Nd}+|,\\p{Nd}{1,2}(?!\\p{N}))?(?![\\p{N}]|[.,٫٬]\\p{N})';

/** Keeps the longest of overlapping findings (earliest first on ties). */
export function longestFirst(findings: Finding[]): Finding[] {
  const sorted = [...findings].sort((a, b) => a.from - b.from || b.to - b.from - (a.to - a.from));
  const kept: Finding[] = [];
  let reach = -1;
  for (const f of sorted) {
    if (f.from < reach) continue;
    kept.push(f);
    reach = f.to;
  }
  return kept;
}

/** True when `[from, to)` overlaps any of `spans`. */
export const overlapsAny = (from: number, to: number, spans: readonly { from: number; to: number }[]): boolean =>
  spans.some((s) => from < s.to && s.from < to);

/** Compiles once per lexicon (lexicons are constants, so a WeakMap never grows). */
export function perLexicon<L extends object, T>(build: (lexicon: L) => T): (lexicon: L) => T {
  const cache = new WeakMap<L, T>();
  return (lexicon) => {
    let value = cache.get(lexicon);
    if (value === undefined) cache.set(lexicon, (value = build(lexicon)));
    return value;
  };
}

const PUNCTUATION = /[،,.:;؛"!?؟()«»[\]…]/u;

/**
 * End (exclusive) of the noun phrase that starts at `from`: at most `maxWords` words, stopping before a
 * stop word or at punctuation. Returns `from` when the phrase is empty.
 */
export function phraseAfter(text: string, from: number, stops: ReadonlySet<string>, maxWords = 7): number {
  let i = from;
  let end = from;
  for (let words = 0; words < maxWords && i < text.length; words++) {
    while (text[i] === ' ') i++;
    let j = i;
    while (j < text.length && text[j] !== ' ' && !PUNCTUATION.test(text[j]!)) j++;
    const word = text.slice(i, j);
    if (word === '' || stops.has(word)) break;
    end = j;
    if (j < text.length && text[j] !== ' ') break;
    i = j;
  }
  return end;
}

/** Start of the noun phrase that ends at `to` (the words just before it), like {@link phraseAfter} backwards. */
export function phraseBefore(text: string, to: number, stops: ReadonlySet<string>, maxWords = 6): number {
  let j = to;
  while (j > 0 && text[j - 1] === ' ') j--;
  let start = j;
  for (let words = 0; words < maxWords && j > 0; words++) {
    let i = j;
    while (i > 0 && text[i - 1] !== ' ' && !PUNCTUATION.test(text[i - 1]!)) i--;
    const word = text.slice(i, j);
    if (word === '' || stops.has(word)) break;
    start = i;
    if (i > 0 && text[i - 1] !== ' ') break;
    j = i;
    while (j > 0 && text[j - 1] === ' ') j--;
  }
  return start;
}

/**
 * The words of a sentence (and each without a one-letter proclitic, and without "ال"), so that a rule
 * whose words do not occur is skipped before its regular expression runs: most sentences have no month,
 * no digit and no reporting verb, and scanning them with every pattern is most of the cost.
 */
export function wordsOf(text: string, proclitics: string): Set<string> {
  const words = new Set<string>();
  for (const word of text.split(/[^\p{L}\p{M}]+/u)) {
    if (!word) continue;
    words.add(word);
    if (proclitics && word.length > 2 && proclitics.includes(word[0]!)) words.add(word.slice(1));
  }
  return words;
}

/** True when one of `candidates` (first words of the rule's phrases) is among `words`. */
export const anyWord = (words: ReadonlySet<string>, candidates: readonly string[]): boolean => candidates.some((w) => words.has(w));

/** The first word of each phrase, for {@link anyWord}. */
export const firstWords = (phrases: readonly string[]): string[] => [...new Set(phrases.map((p) => p.split(' ')[0]!))];
