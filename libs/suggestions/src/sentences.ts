/**
 * Splitting an article into sentences, and the matching form of each sentence with a way back to the
 * article's code points. Rules match on the normalised text (digits, alef forms, quote styles, tatweel,
 * diacritics and bidi marks folded away); every span they report is mapped back to the original.
 */
import { codePointLength, normalizeWithMap } from '@app/text';

/** One sentence: its code point range in the body, its text, and its matching form. */
export interface Sentence {
  /** Code point offsets into the body; `end` exclusive. */
  start: number;
  end: number;
  /** The sentence as written (NFC, as stored). */
  original: string;
  /** {@link normalizeWithMap} of `original`. */
  normalized: string;
  /** UTF-16 index in `normalized` → code point offset into the body (one extra final entry). */
  unitToBody: Int32Array;
}

// A sentence ends at a line break, or at . ! ? ؟ … followed by a space, unless the full stop ends an
// abbreviation (Mr., U.S.) or a single capital letter (initials).
const LINE = /[^\n\r\u2028\u2029]+/gu;
const END = /[.!?؟…]+["'”’»)]*(?=\s)/gu;
const ABBREVIATION = /(?:^|[\s(])(?:mr|mrs|ms|dr|st|gen|lt|col|sen|rep|gov|prof|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|no|vs|u\.s|u\.n|u\.k|e\.g|i\.e|[A-Z])$/iu;

/** Code point index of each UTF-16 boundary we need, computed in one pass. */
function codePointStarts(text: string): (utf16: number) => number {
  // Without the u flag, so that each half of a surrogate pair matches.
  if (!/[\uD800-\uDFFF]/.test(text)) return (utf16) => utf16;
  const table = new Int32Array(text.length + 1);
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    table[i] = cp;
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) table[++i] = cp;
    }
    cp++;
  }
  table[text.length] = cp;
  return (utf16) => table[utf16]!;
}

function sentence(raw: string, rawStart: number): Sentence | null {
  const original = raw.trim();
  if (!/[\p{L}\p{N}]/u.test(original)) return null;
  const start = rawStart + codePointLength(raw.slice(0, raw.indexOf(original)));
  const { text, map } = normalizeWithMap(original);
  const unitToBody = new Int32Array(text.length + 1);
  let cp = 0;
  for (let i = 0; i < text.length; i++) {
    unitToBody[i] = start + map[cp]!;
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) unitToBody[++i] = start + map[cp]!;
    cp++;
  }
  unitToBody[text.length] = start + map[cp]!;
  return { start, end: start + codePointLength(original), original, normalized: text, unitToBody };
}

/** The sentences of `body` in order, blank ones left out. */
export function splitSentences(body: string): Sentence[] {
  const toCodePoint = codePointStarts(body);
  const sentences: Sentence[] = [];
  for (const line of body.matchAll(LINE)) {
    const lineStart = line.index;
    let from = 0;
    const text = line[0];
    for (const end of text.matchAll(END)) {
      const stop = end.index + end[0].length;
      // The last few characters are enough (abbreviations are short), and testing the whole sentence so
      // far at every full stop made splitting quadratic in the length of a paragraph.
      if (end[0] === '.' && ABBREVIATION.test(text.slice(Math.max(from, end.index - 8), end.index))) continue;
      const s = sentence(text.slice(from, stop), toCodePoint(lineStart + from));
      if (s) sentences.push(s);
      from = stop;
    }
    const s = sentence(text.slice(from), toCodePoint(lineStart + from));
    if (s) sentences.push(s);
  }
  return sentences;
}

/** Body code point range of the normalised UTF-16 range `[from, to)` of a sentence. */
export function bodyRange(s: Sentence, from: number, to: number): [number, number] {
  return [s.unitToBody[from]!, s.unitToBody[to]!];
}
