import { readFileSync } from 'node:fs';
import { resolveAnchor, verifyAnchor, type Anchor, type AnchorRequest, type AnchorResult } from './anchor.js';
import { codePointLength, codePointSlice, isWellFormedText } from './unicode.js';

const ARTICLE = readFileSync(new URL('../../../fixtures/articles/moscow-talks.ar.txt', import.meta.url), 'utf8');

/** Code point starts of every occurrence, computed the slow, obvious way. */
function codePointStarts(body: string, exact: string): number[] {
  const starts: number[] = [];
  for (let i = body.indexOf(exact); i !== -1; i = body.indexOf(exact, i + 1)) starts.push(Array.from(body.slice(0, i)).length);
  return starts;
}

function expectOk(result: AnchorResult): Anchor {
  if (!result.ok) throw new Error(`expected an anchor, got ${result.code} on ${result.field}: ${result.message}`);
  return result.anchor;
}

/** Every anchor must be self-consistent: positions slice to exact, context sits around it. */
function expectConsistent(body: string, anchor: Anchor): void {
  const { start, end } = anchor.position;
  expect(codePointSlice(body, start, end)).toBe(anchor.quote.exact);
  expect(codePointSlice(body, 0, start).endsWith(anchor.quote.prefix)).toBe(true);
  expect(codePointSlice(body, end, Infinity).startsWith(anchor.quote.suffix)).toBe(true);
  expect(verifyAnchor(body, anchor)).toBe(true);
}

describe('resolveAnchor on the sample article', () => {
  it('is NFC and contains both curly quote styles (premise of these tests)', () => {
    expect(ARTICLE.normalize('NFC')).toBe(ARTICLE);
    expect(ARTICLE).toContain('“');
    expect(ARTICLE).toContain('لـ”تعميق');
  });

  it.each([
    ['a date with digits', 'في 12 نوفمبر الجاري'],
    ['a year', 'عام 2001'],
    ['a quotation with its curly quotes', '“ارتياحهما المتبادل لمستوى وجودة الحوار والتفاعل الثنائي في هذه المجالات”'],
    ['a quote opened with ” after a proclitic', 'لـ”تعميق الثقة السياسية'],
    ['words carrying tanwin and kasratan', 'كلٍ من روسيا'],
    ['a word with fathatan', 'لافتاً'],
  ])('anchors %s found once', (_name, exact) => {
    const anchor = expectOk(resolveAnchor(ARTICLE, { exact }));
    const [start] = codePointStarts(ARTICLE, exact);
    expect(anchor.position).toEqual({ type: 'TextPositionSelector', start, end: start! + codePointLength(exact) });
    expect(anchor.quote.type).toBe('TextQuoteSelector');
    expect(anchor.quote.exact).toBe(exact);
    expect(codePointLength(anchor.quote.prefix)).toBe(32);
    expect(codePointLength(anchor.quote.suffix)).toBe(32);
    expectConsistent(ARTICLE, anchor);
  });

  it.each([
    ['a sentence that is not there', 'وقال الرئيس الأمريكي'],
    ['a curly-quoted phrase given with straight quotes', '"ارتياحهما المتبادل'],
    ['a quote given with the other curly quote', '“تعميق الثقة'],
    ['a word without the diacritic the article has', 'لافتا إلى'],
    ['a year in Arabic-Indic digits', 'عام ٢٠٠١'],
  ])('reports %s as anchor-not-found on exact', (_name, exact) => {
    expect(resolveAnchor(ARTICLE, { exact })).toEqual({
      ok: false,
      code: 'anchor-not-found',
      field: 'exact',
      message: expect.any(String),
    });
  });

  it('reports a repeated phrase as ambiguous, listing code point starts', () => {
    const exact = 'وزارة الدفاع الروسية';
    const occurrences = codePointStarts(ARTICLE, exact);
    expect(occurrences).toHaveLength(2);
    expect(resolveAnchor(ARTICLE, { exact })).toEqual({
      ok: false,
      code: 'anchor-ambiguous',
      field: 'exact',
      occurrences,
      message: expect.stringMatching(/prefix or suffix.*start\/end/),
    });
  });

  it.each<[string, AnchorRequest, number]>([
    ['a prefix', { exact: 'وزارة الدفاع الروسية', prefix: 'وأفادت ' }, 0],
    ['a suffix', { exact: 'وزارة الدفاع الروسية', suffix: '، إن' }, 1],
    ['prefix and suffix', { exact: 'شراكة تنسيق استراتيجي', prefix: '“', suffix: '”' }, 1],
    ['a suffix after an equal prefix', { exact: 'شراكة تنسيق استراتيجي', prefix: 'إلى “', suffix: ' شاملة' }, 0],
  ])('disambiguates a repeated phrase with %s', (_name, request, which) => {
    const anchor = expectOk(resolveAnchor(ARTICLE, request));
    expect(anchor.position.start).toBe(codePointStarts(ARTICLE, request.exact!)[which]);
    expectConsistent(ARTICLE, anchor);
  });

  it('stays ambiguous when the prefix matches every occurrence', () => {
    const result = resolveAnchor(ARTICLE, { exact: 'شراكة تنسيق استراتيجي', prefix: '“' });
    expect(result).toMatchObject({ ok: false, code: 'anchor-ambiguous', field: 'exact', occurrences: codePointStarts(ARTICLE, 'شراكة تنسيق استراتيجي') });
  });

  it.each<[string, AnchorRequest, string]>([
    ['prefix', { exact: 'وزارة الدفاع الروسية', prefix: 'قالت ' }, 'prefix'],
    ['suffix', { exact: 'وزارة الدفاع الروسية', suffix: ' في' }, 'suffix'],
    ['suffix (prefix matched)', { exact: 'وزارة الدفاع الروسية', prefix: 'وأفادت ', suffix: '، إن' }, 'suffix'],
    ['prefix on a single occurrence', { exact: 'عام 2001', prefix: 'المبرمة ' }, 'prefix'],
  ])('reports anchor-not-found on %s when the context rules out every occurrence', (_name, request, field) => {
    expect(resolveAnchor(ARTICLE, request)).toMatchObject({
      ok: false,
      code: 'anchor-not-found',
      field,
      occurrences: codePointStarts(ARTICLE, request.exact!),
    });
  });

  it('disambiguates by positions', () => {
    const exact = 'وزارة الدفاع الروسية';
    const second = codePointStarts(ARTICLE, exact)[1]!;
    const end = second + codePointLength(exact);
    const byPosition = expectOk(resolveAnchor(ARTICLE, { start: second, end }));
    const withExact = expectOk(resolveAnchor(ARTICLE, { exact, start: second, end }));
    expect(byPosition).toEqual(withExact);
    expect(byPosition.position).toEqual({ type: 'TextPositionSelector', start: second, end });
    expect(byPosition.quote.exact).toBe(exact);
    expectConsistent(ARTICLE, byPosition);
  });

  it('reports anchor-mismatch when exact is not the text at the positions, pointing at where it is', () => {
    const exact = 'عام 2001';
    const result = resolveAnchor(ARTICLE, { exact, start: 0, end: 8 });
    expect(result).toMatchObject({ ok: false, code: 'anchor-mismatch', field: 'exact', occurrences: codePointStarts(ARTICLE, exact) });
  });
});

describe('resolveAnchor validation', () => {
  const body = 'قالت الوزارة إن المحادثات جرت في موسكو.';
  const length = codePointLength(body);

  it.each<[string, AnchorRequest, string, string]>([
    ['empty exact', { exact: '' }, 'anchor-invalid', 'exact'],
    ['whitespace-only exact', { exact: ' \n\t ' }, 'anchor-invalid', 'exact'],
    ['invisible-only exact (RLM, NBSP)', { exact: '\u200f\u00a0' }, 'anchor-invalid', 'exact'],
    ['nothing at all', {}, 'anchor-invalid', 'exact'],
    ['lone surrogate in exact', { exact: 'موسكو\ud835' }, 'anchor-invalid', 'exact'],
    ['NUL in prefix', { exact: 'موسكو', prefix: '\u0000' }, 'anchor-invalid', 'prefix'],
    ['start without end', { start: 0 }, 'anchor-invalid', 'end'],
    ['end without start', { end: 3 }, 'anchor-invalid', 'start'],
    ['negative start', { start: -1, end: 3 }, 'anchor-invalid', 'start'],
    ['fractional start', { start: 1.5, end: 3 }, 'anchor-invalid', 'start'],
    ['start past the end', { start: length + 1, end: length + 2 }, 'anchor-invalid', 'start'],
    ['end past the end', { start: 0, end: length + 1 }, 'anchor-invalid', 'end'],
    ['start equal to end', { start: 3, end: 3 }, 'anchor-invalid', 'end'],
    ['start after end', { start: 5, end: 3 }, 'anchor-invalid', 'end'],
    ['positions covering only a space', { start: 4, end: 5 }, 'anchor-invalid', 'start'],
    ['exact different from the slice', { exact: 'قالت', start: 5, end: 12 }, 'anchor-mismatch', 'exact'],
    ['prefix contradicting the positions', { start: 5, end: 12, prefix: 'قال ' }, 'anchor-mismatch', 'prefix'],
    ['suffix contradicting the positions', { start: 5, end: 12, suffix: ' أن' }, 'anchor-mismatch', 'suffix'],
  ])('%s → %s on %s', (_name, request, code, field) => {
    expect(resolveAnchor(body, request)).toMatchObject({ ok: false, code, field, message: expect.any(String) });
  });

  it('accepts exact, prefix and suffix agreeing with the positions', () => {
    const anchor = expectOk(resolveAnchor(body, { exact: 'الوزارة', prefix: 'قالت ', suffix: ' إن', start: 5, end: 12 }));
    expect(anchor.quote).toEqual({ type: 'TextQuoteSelector', exact: 'الوزارة', prefix: 'قالت ', suffix: ' إن المحادثات جرت في موسكو.' });
  });

  it('takes the whole body by positions', () => {
    const anchor = expectOk(resolveAnchor(body, { start: 0, end: length }));
    expect(anchor.quote).toEqual({ type: 'TextQuoteSelector', exact: body, prefix: '', suffix: '' });
  });

  it('NFC-normalises the requested exact, prefix and suffix', () => {
    const text = 'ذهبت إلى المقهى في الصباح';
    // إ typed as alef + combining hamza below, آ as alef + combining madda.
    const anchor = expectOk(resolveAnchor(text, { exact: 'المقهى', prefix: 'ا\u0655لى ', suffix: ' في' }));
    expect(anchor.quote.prefix).toBe('ذهبت إلى ');
    expect(expectOk(resolveAnchor('آفاق جديدة', { exact: 'ا\u0653فاق' })).quote.exact).toBe('آفاق');
    const latin = expectOk(resolveAnchor('Café «Moscou»', { exact: 'Cafe\u0301' }));
    expect(latin.quote.exact).toBe('Café');
    expect(latin.position).toEqual({ type: 'TextPositionSelector', start: 0, end: 4 });
  });

  it('finds overlapping occurrences', () => {
    expect(resolveAnchor('ههههه', { exact: 'ههه' })).toMatchObject({ code: 'anchor-ambiguous', occurrences: [0, 1, 2] });
  });

  it.each([-1, 1.5, Number.NaN])('throws on a programming error: contextLength %p', (contextLength) => {
    expect(() => resolveAnchor(body, { exact: 'موسكو' }, contextLength)).toThrow(RangeError);
  });

  it('honours a shorter context length and zero', () => {
    expect(expectOk(resolveAnchor(body, { exact: 'المحادثات' }, 4)).quote).toMatchObject({ prefix: ' إن ', suffix: ' جرت' });
    expect(expectOk(resolveAnchor(body, { exact: 'المحادثات' }, 0)).quote).toMatchObject({ prefix: '', suffix: '' });
  });
});

describe('resolveAnchor with diacritics, quotes and digits', () => {
  const FATHA = '\u064e';
  const SHADDA = '\u0651';
  // أكَّدَت ("affirmed") in NFC order: fatha (ccc 30) sorts before shadda (ccc 33).
  const VOWELLED = `أك${FATHA}${SHADDA}د${FATHA}ت`;
  const body = `${VOWELLED} موسكو في 12 نوفمبر 2001 “الشراكة الاستراتيجية” مع بكين، ثم أكدت ”الشراكة” مجدداً.`;

  it('uses an NFC body (premise)', () => {
    expect(body.normalize('NFC')).toBe(body);
  });

  it.each([
    ['a span with shadda and fatha', VOWELLED],
    ['a day and month', '12 نوفمبر'],
    ['a year', '2001'],
    ['a phrase inside “ ”', '“الشراكة الاستراتيجية”'],
    ['a phrase inside ” ”', '”الشراكة”'],
  ])('anchors %s exactly', (_name, exact) => {
    const anchor = expectOk(resolveAnchor(body, { exact }));
    expect(anchor.position.start).toBe(codePointStarts(body, exact)[0]);
    expect(anchor.position.end - anchor.position.start).toBe(codePointLength(exact));
    expectConsistent(body, anchor);
  });

  it('treats the bare letters and the vowelled word as different text', () => {
    // Only the undiacritised أكدت later in the sentence matches; the vowelled one is not ambiguous with it.
    const bare = expectOk(resolveAnchor(body, { exact: 'أكدت' }));
    expect(bare.position.start).toBe(codePointStarts(body, 'أكدت')[0]);
    expect(bare.position.start).toBeGreaterThan(20);
    expect(resolveAnchor(body, { exact: `أك${SHADDA}دت` })).toMatchObject({ code: 'anchor-not-found' });
  });

  it('accepts shadda + fatha in typing order (NFC puts fatha first)', () => {
    const typed = `أك${SHADDA}${FATHA}د${FATHA}ت`;
    expect(typed).not.toBe(VOWELLED);
    const anchor = expectOk(resolveAnchor(body, { exact: typed }));
    expect(anchor.position).toEqual({ type: 'TextPositionSelector', start: 0, end: 7 });
    expect(anchor.quote.exact).toBe(VOWELLED);
  });

  it('needs quotes spelled as in the article', () => {
    expect(resolveAnchor(body, { exact: '"الشراكة الاستراتيجية"' })).toMatchObject({ code: 'anchor-not-found' });
    expect(resolveAnchor(body, { exact: '“الشراكة”' })).toMatchObject({ code: 'anchor-not-found' });
  });

  it('uses the quotes to tell a repeated word apart', () => {
    expect(resolveAnchor(body, { exact: 'الشراكة' })).toMatchObject({ code: 'anchor-ambiguous', occurrences: codePointStarts(body, 'الشراكة') });
    const second = expectOk(resolveAnchor(body, { exact: 'الشراكة', prefix: '”' }));
    expect(second.position.start).toBe(codePointStarts(body, 'الشراكة')[1]);
    const first = expectOk(resolveAnchor(body, { exact: 'الشراكة', suffix: ' الاستراتيجية' }));
    expect(first.position.start).toBe(codePointStarts(body, 'الشراكة')[0]);
  });
});

describe('resolveAnchor outside the Basic Multilingual Plane', () => {
  // Each of 𝕏 and 😀 is two UTF-16 units, so UTF-16 offsets run ahead of code point offsets.
  const body = '𝕏😀 قال الوزير: “نحن مستعدون” 😀𝕏';

  it('reports positions in code points, not UTF-16 units', () => {
    const exact = '“نحن مستعدون”';
    const anchor = expectOk(resolveAnchor(body, { exact }));
    const utf16Start = body.indexOf(exact);
    expect(anchor.position.start).toBe(utf16Start - 2);
    expect(anchor.position.start).not.toBe(utf16Start);
    expect(anchor.position.end).toBe(anchor.position.start + codePointLength(exact));
    expect(codePointSlice(body, anchor.position.start, anchor.position.end)).toBe(exact);
    expectConsistent(body, anchor);
  });

  it('resolves code point positions back to the same text', () => {
    const start = codePointStarts(body, 'الوزير')[0]!;
    const anchor = expectOk(resolveAnchor(body, { start, end: start + 6 }));
    expect(anchor.quote.exact).toBe('الوزير');
  });

  it('can anchor an astral character itself', () => {
    expect(resolveAnchor(body, { exact: '😀' })).toMatchObject({ code: 'anchor-ambiguous', occurrences: [1, 29] });
    const anchor = expectOk(resolveAnchor(body, { exact: '😀', prefix: '𝕏' }));
    expect(anchor.position).toEqual({ type: 'TextPositionSelector', start: 1, end: 2 });
  });

  it.each([1, 2, 3, 4, 5])('never splits a surrogate pair in a context of %i code points', (contextLength) => {
    const anchor = expectOk(resolveAnchor(body, { exact: 'قال' }, contextLength));
    expect(isWellFormedText(anchor.quote.prefix)).toBe(true);
    expect(codePointLength(anchor.quote.prefix)).toBe(Math.min(contextLength, 3));
    const end = expectOk(resolveAnchor(body, { exact: 'مستعدون”' }, contextLength));
    expect(isWellFormedText(end.quote.suffix)).toBe(true);
    expect(codePointLength(end.quote.suffix)).toBe(Math.min(contextLength, 3));
    expect(end.quote.suffix).toBe(Array.from(' 😀𝕏').slice(0, contextLength).join(''));
    expect(anchor.quote.prefix).toBe(Array.from('𝕏😀 ').slice(-contextLength).join(''));
  });
});

describe('verifyAnchor', () => {
  const exact = 'عام 2001';

  it('is true for a fresh anchor and false once the quoted text changes', () => {
    const anchor = expectOk(resolveAnchor(ARTICLE, { exact }));
    expect(verifyAnchor(ARTICLE, anchor)).toBe(true);
    expect(verifyAnchor(ARTICLE.replace('عام 2001', 'عام 2002'), anchor)).toBe(false);
  });

  it('is false when text is inserted before the span (positions shift)', () => {
    const anchor = expectOk(resolveAnchor(ARTICLE, { exact }));
    expect(verifyAnchor(`عاجل: ${ARTICLE}`, anchor)).toBe(false);
  });

  it('is false when the context around the span is edited', () => {
    const anchor = expectOk(resolveAnchor(ARTICLE, { exact }));
    const edited = ARTICLE.replace('الموقعة عام 2001', 'المبرمة عام 2001');
    expect(codePointLength(edited)).toBe(codePointLength(ARTICLE));
    expect(verifyAnchor(edited, anchor)).toBe(false);
  });

  it('is true when only text far after the span changes', () => {
    const anchor = expectOk(resolveAnchor(ARTICLE, { exact }));
    expect(verifyAnchor(`${ARTICLE}\nتحديث.`, anchor)).toBe(true);
  });

  it.each<[string, Partial<Anchor['position']>]>([
    ['end past the body', { end: 10_000 }],
    ['start equal to end', { end: 0, start: 0 }],
    ['negative start', { start: -1 }],
  ])('is false for %s', (_name, position) => {
    const anchor = expectOk(resolveAnchor(ARTICLE, { exact }));
    expect(verifyAnchor(ARTICLE, { ...anchor, position: { ...anchor.position, ...position } })).toBe(false);
  });

  it('checks positions in code points', () => {
    const body = '😀 نص 😀 نص';
    const anchor = expectOk(resolveAnchor(body, { exact: 'نص', prefix: '😀 ', start: 7, end: 9 }));
    expect(verifyAnchor(body, anchor)).toBe(true);
    // The same span expressed in UTF-16 units must not verify.
    expect(body.indexOf('نص', 5)).toBe(9);
    expect(verifyAnchor(body, { ...anchor, position: { ...anchor.position, start: 9, end: 11 } })).toBe(false);
  });
});
