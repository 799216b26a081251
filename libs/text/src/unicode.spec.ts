import {
  codePointIndexToUtf16,
  codePointLength,
  codePointRangeToUtf16,
  codePointSlice,
  isWellFormedText,
  toNfc,
  utf16IndexToCodePoint,
  utf16IndicesToCodePoints,
} from './unicode.js';

// 𝕏 (U+1D54F) and 🇷 (U+1F1F7) take two UTF-16 units each.
const MIXED = 'a𝕏b🇷🇺ج';

describe('toNfc', () => {
  it.each([
    ['e + combining acute', 'e\u0301', '\u00e9'],
    ['alef + hamza above', '\u0627\u0654', '\u0623'],
    ['alef + madda above', '\u0627\u0653', '\u0622'],
    ['already NFC Arabic', 'موسكو', 'موسكو'],
    ['no compatibility folding (ﻻ ligature, ① stay)', '\ufefb①', '\ufefb①'],
  ])('%s', (_name, input, expected) => {
    expect(toNfc(input)).toBe(expected);
  });
});

describe('isWellFormedText', () => {
  it.each([
    ['empty', '', true],
    ['Arabic', 'قالت وزارة الخارجية', true],
    ['astral pair', '𝕏 😀', true],
    ['lone high surrogate', 'a\ud835b', false],
    ['lone high surrogate at the end', 'a\ud835', false],
    ['lone low surrogate', '\udd4fa', false],
    ['swapped pair', '\udd4f\ud835', false],
    ['NUL', 'a\u0000b', false],
  ])('%s → %s', (_name, input, expected) => {
    expect(isWellFormedText(input)).toBe(expected);
  });

  it('uses the manual scan when String.prototype.isWellFormed is missing', () => {
    const proto = String.prototype as { isWellFormed?: () => boolean };
    const original = proto.isWellFormed;
    delete proto.isWellFormed;
    try {
      expect(isWellFormedText('𝕏ok')).toBe(true);
      expect(isWellFormedText('x\ud835')).toBe(false);
      expect(isWellFormedText('\udd4f')).toBe(false);
    } finally {
      proto.isWellFormed = original;
    }
  });
});

describe('codePointLength', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['كَتَبَ', 6],
    [MIXED, 6],
    ['\ud835', 1],
  ])('%j has %i code points', (input, expected) => {
    expect(codePointLength(input)).toBe(expected);
    expect(codePointLength(input)).toBe(Array.from(input).length);
  });
});

describe('codePointSlice', () => {
  it.each([
    [0, 1, 'a'],
    [1, 2, '𝕏'],
    [2, 3, 'b'],
    [3, 5, '🇷🇺'],
    [5, 6, 'ج'],
    [0, 6, MIXED],
    [4, 100, '🇺ج'],
    [-3, 2, 'a𝕏'],
    [4, 2, ''],
    [6, 6, ''],
  ])('[%i, %i) → %j', (start, end, expected) => {
    expect(codePointSlice(MIXED, start, end)).toBe(expected);
  });
});

describe('code point ↔ UTF-16 index', () => {
  it.each([
    [0, 0],
    [1, 1],
    [2, 3],
    [3, 4],
    [4, 6],
    [5, 8],
    [6, 9],
    [99, 9],
  ])('code point %i starts at UTF-16 %i', (cp, unit) => {
    expect(codePointIndexToUtf16(MIXED, cp)).toBe(unit);
  });

  it.each([
    [0, 0],
    [1, 1],
    [2, 1], // between the halves of 𝕏
    [3, 2],
    [4, 3],
    [8, 5],
    [9, 6],
    [50, 6],
    [-1, 0],
  ])('UTF-16 %i is code point %i', (unit, cp) => {
    expect(utf16IndexToCodePoint(MIXED, unit)).toBe(cp);
  });

  it('converts many ascending indices in one call', () => {
    expect(utf16IndicesToCodePoints(MIXED, [0, 1, 3, 3, 6, 9])).toEqual([0, 1, 2, 2, 4, 6]);
    expect(() => utf16IndicesToCodePoints(MIXED, [3, 1])).toThrow(RangeError);
  });

  it('gives both ends of a range', () => {
    expect(codePointRangeToUtf16(MIXED, 1, 4)).toEqual([1, 6]);
    expect(codePointRangeToUtf16(MIXED, 5, 3)).toEqual([8, 8]);
  });

  it('round-trips every code point of a long astral-heavy text', () => {
    const text = 'أ😀ب𝕏 '.repeat(40_000); // 200k code points
    const cps = Array.from(text);
    expect(codePointLength(text)).toBe(cps.length);
    expect(codePointIndexToUtf16(text, 199_999)).toBe(text.length - 1);
    expect(utf16IndexToCodePoint(text, text.length)).toBe(200_000);
    const units = [0, 1, 3, 4, 6, 7, text.length - 1]; // code point boundaries
    expect(utf16IndicesToCodePoints(text, units)).toEqual(units.map((u) => Array.from(text.slice(0, u)).length));
  });
});
