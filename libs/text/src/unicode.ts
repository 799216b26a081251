/**
 * Code point helpers. JavaScript strings are indexed in UTF-16 code units, but the API and the
 * database speak in Unicode code points, so every offset that leaves this library is a code point.
 * A lone surrogate counts as one code point, as in `for…of` and `Array.from`.
 */

const isHighSurrogate = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;
const isLowSurrogate = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;

/**
 * True when `s` holds any surrogate (paired or not). Without one, code point and UTF-16 indices are the
 * same, and the helpers below skip their per-unit walk (a native scan instead of a loop in JavaScript).
 */
const hasSurrogates = (s: string): boolean => /[\uD800-\uDFFF]/.test(s);

/** True when a surrogate pair starts at UTF-16 index `i`. */
export function isSurrogatePairAt(s: string, i: number): boolean {
  return isHighSurrogate(s.charCodeAt(i)) && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1));
}

/** Canonical composition (NFC). Compatibility folding (NFKC) is deliberately not applied. */
export function toNfc(s: string): string {
  return s.normalize('NFC');
}

/**
 * True when `s` can be stored and round-tripped: no lone surrogates, and no U+0000
 * (PostgreSQL `text` cannot hold NUL).
 */
export function isWellFormedText(s: string): boolean {
  if (s.includes('\u0000')) return false;
  if (typeof s.isWellFormed === 'function') return s.isWellFormed();
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    if (isHighSurrogate(unit)) {
      if (!isSurrogatePairAt(s, i)) return false;
      i++;
    } else if (isLowSurrogate(unit)) {
      return false;
    }
  }
  return true;
}

/** Number of Unicode code points in `s`. */
export function codePointLength(s: string): number {
  if (!hasSurrogates(s)) return s.length;
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    if (isSurrogatePairAt(s, i)) i++;
    count++;
  }
  return count;
}

const clampIndex = (index: number, max: number): number => {
  const n = Math.trunc(index);
  if (!(n > 0)) return 0; // also catches NaN
  return n > max ? max : n;
};

/**
 * UTF-16 index at which code point `cpIndex` starts. Indices are truncated and clamped to
 * `[0, codePointLength(s)]`; the end of the string maps to `s.length`.
 */
export function codePointIndexToUtf16(s: string, cpIndex: number): number {
  return codePointRangeToUtf16(s, cpIndex, cpIndex)[0];
}

/**
 * UTF-16 offsets of the code point range `[start, end)`, computed in a single pass. Both are
 * clamped to `[0, codePointLength(s)]` and `end` is raised to `start` if smaller.
 */
export function codePointRangeToUtf16(s: string, start: number, end: number): [number, number] {
  const cpStart = clampIndex(start, Number.MAX_SAFE_INTEGER);
  const cpEnd = Math.max(cpStart, clampIndex(end, Number.MAX_SAFE_INTEGER));
  if (!hasSurrogates(s)) return [Math.min(cpStart, s.length), Math.min(cpEnd, s.length)];
  let unitStart = -1;
  let cp = 0;
  let i = 0;
  while (i < s.length) {
    if (cp === cpStart) unitStart = i;
    if (cp === cpEnd) return [unitStart, i];
    i += isSurrogatePairAt(s, i) ? 2 : 1;
    cp++;
  }
  return [unitStart === -1 ? s.length : unitStart, s.length];
}

/**
 * Code point index of the UTF-16 index `utf16Index` (clamped to `[0, s.length]`). An index that
 * falls between the two halves of a surrogate pair maps to that pair's code point.
 */
export function utf16IndexToCodePoint(s: string, utf16Index: number): number {
  return utf16IndicesToCodePoints(s, [utf16Index])[0] ?? 0;
}

/**
 * Converts many ascending UTF-16 indices to code point indices in one pass over `s`, so that
 * listing every occurrence of a phrase in a long article stays linear.
 * @throws RangeError when `sortedUtf16Indices` is not ascending.
 */
export function utf16IndicesToCodePoints(s: string, sortedUtf16Indices: readonly number[]): number[] {
  const result: number[] = [];
  let i = 0;
  let cp = 0;
  let previous = -Infinity;
  if (!hasSurrogates(s)) {
    for (const raw of sortedUtf16Indices) {
      const target = clampIndex(raw, s.length);
      if (target < previous) throw new RangeError('utf16IndicesToCodePoints needs ascending indices');
      previous = target;
      result.push(target);
    }
    return result;
  }
  for (const raw of sortedUtf16Indices) {
    const target = clampIndex(raw, s.length);
    if (target < previous) throw new RangeError('utf16IndicesToCodePoints needs ascending indices');
    previous = target;
    while (i < target) {
      const step = isSurrogatePairAt(s, i) ? 2 : 1;
      if (i + step > target) break; // target splits a pair: stay on the pair's code point
      i += step;
      cp++;
    }
    result.push(cp);
  }
  return result;
}

/** Substring by code point indices `[start, end)`, clamped like {@link codePointRangeToUtf16}. */
export function codePointSlice(s: string, start: number, end: number): string {
  const [from, to] = codePointRangeToUtf16(s, start, end);
  return s.slice(from, to);
}
