/**
 * Checking a claim's quoted wording and figures against a source text: where (and how closely)
 * the quote occurs, which quoted segments a statement contains, which of its numbers the source
 * has. Offsets are code points into the source text as given; passages are its original
 * characters, never the folded matching form.
 */
import { diffArrays } from 'diff';
import { distance } from 'fastest-levenshtein';
import { normalizeForMatch, normalizeWithMap } from './arabic.js';
import { extractNumbers } from './extract.js';
import { dominantScript, languageOfText } from './script.js';
import { codePointLength, codePointSlice, isSurrogatePairAt, utf16IndicesToCodePoints } from './unicode.js';

/** One run of a word diff: `delete` = in the quote but not the source; `insert` = in the source but not the quote. */
export interface WordDiffPart {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/** Outcome of {@link matchQuote}. */
export interface QuoteMatch {
  kind: 'exact' | 'normalized' | 'fuzzy' | 'none';
  /** 1 for exact/normalized; similarity in [0,1] for fuzzy (best found, even when below threshold → kind 'none'). */
  score: number;
  /** The matching passage exactly as it appears in the source text (original characters), or null for none. */
  passage: string | null;
  /** Code point offset of the passage in the source text, or null. */
  start: number | null;
  /** Code point offset just after the passage (exclusive), or null. */
  end: number | null;
  /** Word-level diff between the quote and the passage (normalised words), only for fuzzy. */
  diff: WordDiffPart[] | null;
}

/** Options of {@link matchQuote}. */
export interface MatchQuoteOptions {
  /** Lowest similarity reported as `fuzzy`; default {@link DEFAULT_QUOTE_THRESHOLD}. */
  threshold?: number;
}

/** Default similarity a fuzzy match must reach. */
export const DEFAULT_QUOTE_THRESHOLD = 0.75;

/**
 * The quoted wording and the source are in different languages (or scripts): a similarity score between
 * them means nothing, so none is given. Languages are BCP 47 tags, null when unknown.
 */
export interface QuoteNotComparable {
  kind: 'not-comparable';
  reason: 'different-languages';
  quoteLanguage: string | null;
  sourceLanguage: string | null;
  score: null;
  passage: null;
  start: null;
  end: null;
  diff: null;
}

const primarySubtag = (tag: string) => tag.toLowerCase().split('-')[0]!;

/**
 * The quoted-wording signal: {@link matchQuote} when the wording and the source are in the same
 * language, otherwise "not comparable". Languages differ when the texts' scripts differ, or when both
 * languages are known and their primary subtags differ. `context.quoteLanguage` is the language of the
 * document the wording comes from (the article's); `context.sourceLanguage` the source's, if known.
 */
export function quoteSignal(
  quote: string,
  sourceText: string,
  context: { quoteLanguage: string; sourceLanguage: string | null },
  options: MatchQuoteOptions = {},
): QuoteMatch | QuoteNotComparable {
  const quoteScript = dominantScript(quote);
  const sourceScript = dominantScript(sourceText);
  const quoteLanguage = languageOfText(quote, context.quoteLanguage);
  const sourceLanguage = context.sourceLanguage ?? (sourceScript ? languageOfText(sourceText, context.quoteLanguage) : null);
  const differentScripts = quoteScript !== null && sourceScript !== null && quoteScript !== sourceScript;
  const differentLanguages = quoteLanguage !== null && sourceLanguage !== null && primarySubtag(quoteLanguage) !== primarySubtag(sourceLanguage);
  if (differentScripts || differentLanguages) {
    return { kind: 'not-comparable', reason: 'different-languages', quoteLanguage, sourceLanguage, score: null, passage: null, start: null, end: null, diff: null };
  }
  return matchQuote(quote, sourceText, options);
}

/** One figure of a claim and whether the source has it (see {@link findNumbers}). */
export interface NumberSignal {
  value: string;
  found: boolean;
}

const none = (score: number): QuoteMatch => ({ kind: 'none', score, passage: null, start: null, end: null, diff: null });

// ---------------------------------------------------------------------------------------------
// Exact matching (after NFC)

const COMBINING = /^\p{M}$/u;
const isHangulVowelOrTrail = (cp: number): boolean => (cp >= 0x1161 && cp <= 0x1175) || (cp >= 0x11a8 && cp <= 0x11c2);

/**
 * NFC of `s`, composed one starter-plus-marks segment at a time, with `map[i]` = original code
 * point index of NFC code point `i` (a recomposed segment maps to its start) and a final entry
 * for the original length. Only used for sources that are not NFC already.
 */
function nfcWithMap(s: string): { text: string; map: number[] } {
  const parts: string[] = [];
  const map: number[] = [];
  let segment = '';
  let segmentStart = 0;
  let index = 0;
  const flush = (): void => {
    if (segment === '') return;
    const nfc = segment.normalize('NFC');
    const length = codePointLength(nfc);
    for (let k = 0; k < length; k++) map.push(nfc === segment ? segmentStart + k : segmentStart);
    parts.push(nfc);
    segment = '';
  };
  for (const ch of s) {
    if (!COMBINING.test(ch) && !isHangulVowelOrTrail(ch.codePointAt(0)!)) {
      flush();
      segmentStart = index;
    }
    segment += ch;
    index++;
  }
  flush();
  map.push(index);
  return { text: parts.join(''), map };
}

/** First verbatim occurrence of `quote` (NFC) in `source` (NFC), as original code point offsets. */
function findExact(quote: string, source: string): [number, number] | null {
  const at = source.indexOf(quote);
  if (at !== -1) return utf16IndicesToCodePoints(source, [at, at + quote.length]) as [number, number];
  if (source.normalize('NFC') === source) return null;
  const nfc = nfcWithMap(source);
  const found = nfc.text.indexOf(quote);
  if (found === -1) return null;
  const [i, j] = utf16IndicesToCodePoints(nfc.text, [found, found + quote.length]) as [number, number];
  // A match ending inside a recomposed segment takes the whole segment (its marks included).
  let k = j;
  while (k < nfc.map.length - 1 && nfc.map[k] === nfc.map[j - 1]) k++;
  return [nfc.map[i]!, nfc.map[k]!];
}

// ---------------------------------------------------------------------------------------------
// Fuzzy matching on normalised words

interface Word {
  text: string;
  /** UTF-16 offsets in the normalised text. */
  start: number;
  end: number;
}

const PUNCTUATION = /^\p{P}$/u;

/**
 * The words of normalised text (which is space-separated with single spaces), with punctuation
 * stripped from their edges so `البيان،` and `“التعاون` compare as `البيان` and `التعاون`.
 * Punctuation-only words are dropped. One pass, testing only the characters at word edges.
 */
function splitWords(normalized: string): Word[] {
  const words: Word[] = [];
  for (let from = 0; from < normalized.length; ) {
    let to = normalized.indexOf(' ', from);
    if (to === -1) to = normalized.length;
    let start = from;
    let end = to;
    while (start < end) {
      const ch = String.fromCodePoint(normalized.codePointAt(start)!);
      if (!PUNCTUATION.test(ch)) break;
      start += ch.length;
    }
    while (end > start) {
      const ch = String.fromCodePoint(normalized.codePointAt(isSurrogatePairAt(normalized, end - 2) ? end - 2 : end - 1)!);
      if (!PUNCTUATION.test(ch)) break;
      end -= ch.length;
    }
    if (start < end) words.push({ text: normalized.slice(start, end), start, end });
    from = to + 1;
  }
  return words;
}

const similarity = (a: string, b: string): number => {
  const longest = Math.max(a.length, b.length);
  return longest === 0 ? 1 : 1 - distance(a, b) / longest;
};

// Levenshtein work per quote stays bounded: fewer candidate windows for longer quotes.
const CANDIDATE_CHAR_BUDGET = 400_000;
const MAX_CANDIDATES = 1_000;
const MIN_CANDIDATES = 20;

interface Window {
  first: number;
  size: number;
  overlap: number;
}

/**
 * Candidate windows of `source` words, `quote.length − 2 … + 2` words long, ranked by how many
 * quote words they share (counted with multiplicity, clipped to the quote's counts): one linear
 * sliding pass per size, then the best `limit` windows by overlap, earliest first on ties.
 */
function candidateWindows(quote: readonly string[], source: readonly Word[], limit: number): Window[] {
  const ids = new Map<string, number>();
  const quoteCounts: number[] = [];
  for (const word of quote) {
    const id = ids.get(word) ?? ids.size;
    ids.set(word, id);
    quoteCounts[id] = (quoteCounts[id] ?? 0) + 1;
  }
  const sourceIds = Int32Array.from(source, (word) => ids.get(word.text) ?? -1);
  const sizes = [...new Set([-2, -1, 0, 1, 2].map((d) => Math.min(source.length, Math.max(1, quote.length + d))))];

  const overlapsBySize = sizes.map((size) => {
    const counts = new Int32Array(ids.size);
    const overlaps = new Int32Array(source.length - size + 1);
    let overlap = 0;
    for (let i = 0; i < source.length; i++) {
      const added = sourceIds[i]!;
      if (added !== -1 && counts[added]!++ < quoteCounts[added]!) overlap++;
      if (i >= size) {
        const removed = sourceIds[i - size]!;
        if (removed !== -1 && --counts[removed]! < quoteCounts[removed]!) overlap--;
      }
      if (i >= size - 1) overlaps[i - size + 1] = overlap;
    }
    return overlaps;
  });

  // Lowest overlap that still makes the cut, from a histogram of all windows' overlaps.
  const histogram = new Array<number>(quote.length + 1).fill(0);
  for (const overlaps of overlapsBySize) for (const overlap of overlaps) histogram[overlap]!++;
  let cutoff = quote.length;
  for (let taken = 0; cutoff > 0 && taken + histogram[cutoff]! < limit; cutoff--) taken += histogram[cutoff]!;

  // Every window above the cutoff, then windows at the cutoff, earliest first, up to the limit.
  let atCutoff = limit - histogram.slice(cutoff + 1).reduce((sum, n) => sum + n, 0);
  const windows: Window[] = [];
  for (let first = 0; first < source.length; first++) {
    sizes.forEach((size, s) => {
      const overlap = overlapsBySize[s]![first];
      if (overlap === undefined || overlap < cutoff) return;
      if (overlap > cutoff) windows.push({ first, size, overlap });
      else if (atCutoff-- > 0) windows.push({ first, size, overlap });
    });
  }
  windows.sort((a, b) => b.overlap - a.overlap || a.first - b.first || Math.abs(a.size - quote.length) - Math.abs(b.size - quote.length));
  return windows.slice(0, limit);
}

/** Word diff of quote → passage, as runs of the same operation. */
function wordDiff(quote: readonly string[], passage: readonly string[]): WordDiffPart[] {
  const parts: WordDiffPart[] = [];
  for (const change of diffArrays([...quote], [...passage])) {
    const op: WordDiffPart['op'] = change.added ? 'insert' : change.removed ? 'delete' : 'equal';
    const text = change.value.join(' ');
    const last = parts.at(-1);
    if (last?.op === op) last.text = `${last.text} ${text}`;
    else parts.push({ op, text });
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------

/**
 * Finds `quote` in `sourceText`, trying in turn:
 * - `exact`: verbatim (both NFC), first occurrence;
 * - `normalized`: {@link normalizeForMatch} of the quote inside that of the source (diacritics,
 *   tatweel, alef forms, quote styles, digits and case folded), first occurrence, mapped back to
 *   the original characters;
 * - `fuzzy`: the window of source words (quote word count −2 … +2, punctuation at word edges
 *   ignored) with the highest Levenshtein similarity of the joined normalised words, among the
 *   windows sharing the most words with the quote; reported when it reaches `threshold`,
 *   otherwise `none` with that best score.
 * An empty (or blank) quote gives `none` with score 0.
 * @throws RangeError when `threshold` is not a number in [0, 1].
 */
export function matchQuote(quote: string, sourceText: string, options: MatchQuoteOptions = {}): QuoteMatch {
  const threshold = options.threshold ?? DEFAULT_QUOTE_THRESHOLD;
  if (!(threshold >= 0 && threshold <= 1)) throw new RangeError(`threshold must be in [0, 1], got ${threshold}`);

  const located = (kind: QuoteMatch['kind'], score: number, start: number, end: number, diff: WordDiffPart[] | null): QuoteMatch => ({
    kind,
    score,
    passage: codePointSlice(sourceText, start, end),
    start,
    end,
    diff,
  });

  const nfcQuote = quote.normalize('NFC').trim();
  if (nfcQuote === '') return none(0);
  const exact = findExact(nfcQuote, sourceText);
  if (exact) return located('exact', 1, exact[0], exact[1], null);

  const normalizedQuote = normalizeForMatch(quote);
  if (normalizedQuote === '') return none(0);
  const source = normalizeWithMap(sourceText);
  const at = source.text.indexOf(normalizedQuote);
  if (at !== -1) {
    const [i, j] = utf16IndicesToCodePoints(source.text, [at, at + normalizedQuote.length]) as [number, number];
    return located('normalized', 1, source.map[i]!, source.map[j]!, null);
  }

  const quoteWords = splitWords(normalizedQuote).map((word) => word.text);
  const sourceWords = splitWords(source.text);
  if (quoteWords.length === 0 || sourceWords.length === 0) return none(0);

  const joinedQuote = quoteWords.join(' ');
  const limit = Math.max(MIN_CANDIDATES, Math.min(MAX_CANDIDATES, Math.floor(CANDIDATE_CHAR_BUDGET / joinedQuote.length)));
  let best: { window: Window; score: number } | null = null;
  for (const window of candidateWindows(quoteWords, sourceWords, limit)) {
    const joined = sourceWords
      .slice(window.first, window.first + window.size)
      .map((word) => word.text)
      .join(' ');
    const score = similarity(joinedQuote, joined);
    if (best === null || score > best.score) best = { window, score };
    if (score === 1) break;
  }
  if (best === null || best.score < threshold) return none(best?.score ?? 0);

  const words = sourceWords.slice(best.window.first, best.window.first + best.window.size);
  const diff = wordDiff(
    quoteWords,
    words.map((word) => word.text),
  );
  const [i, j] = utf16IndicesToCodePoints(source.text, [words[0]!.start, words.at(-1)!.end]) as [number, number];
  return located('fuzzy', best.score, source.map[i]!, source.map[j]!, diff);
}

// ---------------------------------------------------------------------------------------------
// Quoted wording

// Double quotes pair up whatever their direction: Arabic text opens with ” as often as with “
// (لـ”…”), German with „…“. « » are directional and may nest.
const DOUBLE_QUOTES = new Set(['"', '“', '”', '„', '‟']);
const LATIN_OR_DIGIT = /[\p{Script=Latin}\p{N}]/u;
const HAS_WORDING = /[\p{L}\p{N}]/u;
const BLANK = /\s/u;

/**
 * The quoted segments of a statement, in order, trimmed, each with at least one letter or digit:
 * “…”, ”…”, "…", „…“, «…» (nesting allowed; the outer segment is returned), and ‘…’ / '…' when
 * clearly quotes rather than apostrophes (not glued to a Latin letter or digit on the outside,
 * not spaced on the inside). A double quote right after a digit (15") opens nothing; an
 * unclosed quote yields nothing.
 */
export function extractQuotedWording(text: string): string[] {
  const chars = Array.from(text);
  const segments: string[] = [];
  const take = (from: number, to: number): void => {
    const segment = chars.slice(from, to).join('').trim();
    if (HAS_WORDING.test(segment)) segments.push(segment);
  };
  const isDigit = (i: number): boolean => i >= 0 && /\p{N}/u.test(chars[i]!);
  const gluedToLatin = (i: number): boolean => i >= 0 && i < chars.length && LATIN_OR_DIGIT.test(chars[i]!);
  const isBlankAt = (i: number): boolean => i < 0 || i >= chars.length || BLANK.test(chars[i]!);

  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    let close = -1;
    if (ch === '«') {
      let depth = 1;
      for (let k = i + 1; k < chars.length && close === -1; k++) {
        if (chars[k] === '«') depth++;
        else if (chars[k] === '»' && --depth === 0) close = k;
      }
    } else if (DOUBLE_QUOTES.has(ch) && !isDigit(i - 1)) {
      for (let k = i + 1; k < chars.length && close === -1; k++) if (DOUBLE_QUOTES.has(chars[k]!)) close = k;
    } else if ((ch === '‘' || ch === "'") && !gluedToLatin(i - 1) && !isBlankAt(i + 1)) {
      for (let k = i + 1; k < chars.length && close === -1; k++) {
        if ((chars[k] === '’' || chars[k] === "'") && !isBlankAt(k - 1) && !gluedToLatin(k + 1)) close = k;
      }
    }
    if (close === -1) continue;
    take(i + 1, close);
    i = close;
  }
  return segments;
}

// ---------------------------------------------------------------------------------------------
// Numbers

/**
 * Each distinct number of the claim ({@link extractNumbers}: ASCII digits, thousands separators
 * dropped), in order, and whether the source states it: the source's numbers are read the same
 * way, so only whole numbers count — "201" is not found in "2014", nor "12" in "12.5" — while
 * Arabic-Indic digits and thousands separators on either side do not matter.
 */
export function findNumbers(claimText: string, sourceText: string): NumberSignal[] {
  const inSource = new Set(extractNumbers(sourceText));
  return [...new Set(extractNumbers(claimText))].map((value) => ({ value, found: inSource.has(value) }));
}
