/**
 * Folding of Arabic (and mixed Latin) text for MATCHING only. The output loses information an
 * editor needs (vowel marks, hamza seats, quote style), so it must never be displayed or stored
 * in place of the original.
 */

/** Normalised text plus, for each of its code points, where it came from in the original. */
export interface NormalizedText {
  text: string;
  /**
   * `map[i]` is the code point index in the original of normalised code point `i`. The array has
   * one extra final entry — the original offset just after the last kept character (trimmed
   * trailing whitespace excluded) — so a match `[i, j)` in `text` maps back to the original span
   * `[map[i], map[j])`, which also covers marks removed from the match's last letter. The map is
   * non-decreasing.
   */
  map: number[];
}

const FOLDED: ReadonlyMap<number, string> = new Map<number, string>([
  // Alef forms, alef maqsura, teh marbuta, hamza seats.
  [0x0623, 'ا'], // أ
  [0x0625, 'ا'], // إ
  [0x0622, 'ا'], // آ
  [0x0671, 'ا'], // ٱ
  [0x0649, 'ي'], // ى
  [0x0629, 'ه'], // ة
  [0x0624, 'و'], // ؤ
  [0x0626, 'ي'], // ئ
  // Double quotes (‟ is the reversed form used by some Arabic keyboards).
  [0x201c, '"'], // “
  [0x201d, '"'], // ”
  [0x201e, '"'], // „
  [0x201f, '"'], // ‟
  [0x00ab, '"'], // «
  [0x00bb, '"'], // »
  [0x2033, '"'], // ″
  // Single quotes.
  [0x2018, "'"], // ‘
  [0x2019, "'"], // ’
  [0x201a, "'"], // ‚
  [0x201b, "'"], // ‛
  [0x2032, "'"], // ′
  [0x2039, "'"], // ‹
  [0x203a, "'"], // ›
]);

/** Harakat, superscript alef, Quranic annotation marks, tatweel, zero-width and bidi controls. */
function isRemoved(cp: number): boolean {
  return (
    (cp >= 0x064b && cp <= 0x065f) ||
    cp === 0x0670 ||
    (cp >= 0x06d6 && cp <= 0x06ed) ||
    cp === 0x0640 ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069) ||
    cp === 0xfeff ||
    cp === 0x061c
  );
}

// Same set as JavaScript's \s minus U+FEFF (removed earlier as a zero-width character), plus NEL.
function isWhitespace(cp: number): boolean {
  return (
    (cp >= 0x09 && cp <= 0x0d) ||
    cp === 0x20 ||
    cp === 0x85 ||
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  );
}

// foldCodePoint of each BMP code point once computed: the fold is pure, and lower-casing one character
// through a string costs more than the rest of normalisation (Arabic letters have no case but still paid).
const FOLD_CACHE: (string | undefined)[] = new Array<string | undefined>(0x10000);

/** The matching form of one NFC code point: '' when dropped, possibly several code points when lower-cased. */
function foldCodePoint(cp: number): string {
  if (cp > 0xffff) return foldUncached(cp);
  return (FOLD_CACHE[cp] ??= foldUncached(cp));
}

function foldUncached(cp: number): string {
  if (isRemoved(cp)) return '';
  if (cp >= 0x0660 && cp <= 0x0669) return String.fromCharCode(0x30 + cp - 0x0660);
  if (cp >= 0x06f0 && cp <= 0x06f9) return String.fromCharCode(0x30 + cp - 0x06f0);
  const folded = FOLDED.get(cp);
  if (folded !== undefined) return folded;
  if (cp < 0x80) return cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 0x20) : String.fromCharCode(cp);
  return String.fromCodePoint(cp).toLowerCase();
}

// Hangul medial vowels and final consonants compose with the preceding syllable, like marks do.
const isHangulVowelOrTrail = (cp: number): boolean => (cp >= 0x1161 && cp <= 0x1175) || (cp >= 0x11a8 && cp <= 0x11c2);
const COMBINING = /^\p{M}$/u;

/**
 * Calls `visit` for each code point of NFC(`s`) with the original code point index it came from.
 * Text that is already NFC (every stored article body) maps one to one. Otherwise each starter
 * and its following marks is normalised on its own; a composed character maps to its starter.
 * @returns the code point length of `s`.
 */
function forEachNfcCodePoint(s: string, visit: (cp: number, source: number) => void): number {
  let index = 0;
  if (s.normalize('NFC') === s) {
    for (const ch of s) visit(ch.codePointAt(0)!, index++);
    return index;
  }
  let segment = '';
  let segmentStart = 0;
  const flush = (): void => {
    if (segment === '') return;
    const nfc = segment.normalize('NFC');
    let k = 0;
    for (const ch of nfc) visit(ch.codePointAt(0)!, nfc === segment ? segmentStart + k++ : segmentStart);
    segment = '';
  };
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (!COMBINING.test(ch) && !isHangulVowelOrTrail(cp)) {
      flush();
      segmentStart = index;
    }
    segment += ch;
    index++;
  }
  flush();
  return index;
}

/**
 * {@link normalizeForMatch} with a map back to the original's code point offsets, so a match
 * found in normalised text can be highlighted in the original.
 */
export function normalizeWithMap(s: string): NormalizedText {
  const out: string[] = [];
  const map: number[] = [];
  let pendingSpace = -1; // original index of the first whitespace of the current run
  const originalLength = forEachNfcCodePoint(s, (cp, source) => {
    for (const ch of foldCodePoint(cp)) {
      if (isWhitespace(ch.codePointAt(0)!)) {
        if (pendingSpace === -1) pendingSpace = source;
        continue;
      }
      if (pendingSpace !== -1) {
        if (out.length > 0) {
          out.push(' ');
          map.push(pendingSpace);
        }
        pendingSpace = -1;
      }
      out.push(ch);
      map.push(source);
    }
  });
  map.push(pendingSpace !== -1 && out.length > 0 ? pendingSpace : originalLength);
  return { text: out.join(''), map };
}

/**
 * Folds text for matching: NFC (not NFKC); drops harakat (U+064B–065F), superscript alef (U+0670),
 * Quranic marks (U+06D6–06ED), tatweel, zero-width and bidi controls; unifies alef forms (أ إ آ ٱ → ا),
 * ى → ي, ة → ه, ؤ → و, ئ → ي; Arabic-Indic and Persian digits → 0-9; curly, low and angle quotes and
 * primes → `"` or `'`; lower-cases (any cased script, Latin included); collapses whitespace runs to
 * one space and trims.
 */
export function normalizeForMatch(s: string): string {
  return normalizeWithMap(s).text;
}
