// The web app's program has DOM types but no jest globals, so the test functions are imported.
import { describe, expect, it } from '@jest/globals';
import { parseHTML } from 'linkedom';
import { CodePointIndex, lineStarts, quoteOfRange, quoteSpan, segmentBody, selectionSpan, textOffset, textPoint, IGNORE_ATTRIBUTE, type Highlight } from './anchoring';

/** Code point start of the `nth` occurrence of `exact`, the slow, obvious way (as libs/text's anchor tests do). */
function codePointStart(body: string, exact: string, nth = 0): number {
  let at = -1;
  for (let n = 0; n <= nth; n++) at = body.indexOf(exact, at + 1);
  if (at === -1) throw new Error(`${exact} not in body`);
  return Array.from(body.slice(0, at)).length;
}

const slowSlice = (body: string, start: number, end: number): string => Array.from(body).slice(start, end).join('');

// The vectors of libs/text's anchor tests: astral characters before the span, Arabic diacritics in NFC
// order, both curly quote styles, a right-to-left mark, a combining mark with no precomposed form.
const FATHA = '\u064e';
const SHADDA = '\u0651';
const VOWELLED = `أك${FATHA}${SHADDA}د${FATHA}ت`;
const BODIES = {
  astral: '𝕏😀 قال الوزير: “نحن مستعدون” 😀𝕏',
  diacritics: `${VOWELLED} موسكو في 12 نوفمبر 2001 “الشراكة الاستراتيجية” مع بكين، ثم أكدت ”الشراكة” مجدداً.`,
  rtlMark: '\u200fقالت الوزارة\u200f إن 𝐀 المحادثات جرت في موسكو.',
  combining: 'q\u0307 𝐀 وأفادت وزارة الدفاع الروسية، إن وزارة الدفاع الروسية',
  sample: 'وقّعت الدولتان معاهدة حسن الجوار والصداقة والتعاون عام 2001، لافتاً إلى “ارتياحهما المتبادل” و لـ”تعميق الثقة السياسية”.',
};

const SPANS: [keyof typeof BODIES, string, number][] = [
  ['astral', '“نحن مستعدون”', 0],
  ['astral', 'الوزير', 0],
  ['astral', '😀', 1],
  ['astral', '𝕏', 1],
  ['diacritics', VOWELLED, 0],
  ['diacritics', '”الشراكة”', 0],
  ['diacritics', 'الشراكة', 1],
  ['diacritics', 'مجدداً', 0],
  ['rtlMark', 'الوزارة\u200f إن', 0],
  ['rtlMark', 'المحادثات', 0],
  ['combining', 'q\u0307', 0],
  ['combining', 'وزارة الدفاع الروسية', 1],
  ['sample', 'عام 2001', 0],
  ['sample', 'لـ”تعميق الثقة السياسية', 0],
  ['sample', 'لافتاً', 0],
];

describe('CodePointIndex', () => {
  it.each(Object.entries(BODIES))('converts every offset of the %s body both ways', (_name, body) => {
    const index = new CodePointIndex(body);
    const points = Array.from(body);
    expect(index.length).toBe(points.length);
    let unit = 0;
    points.forEach((point, cp) => {
      expect(index.toUtf16(cp)).toBe(unit);
      expect(index.toCodePoint(unit)).toBe(cp);
      unit += point.length;
    });
    expect(index.toUtf16(points.length)).toBe(body.length);
    expect(index.toCodePoint(body.length)).toBe(points.length);
  });

  it('rounds an offset between the halves of a surrogate pair down for a start and up for an end', () => {
    const index = new CodePointIndex(BODIES.astral);
    // 𝕏 is units 0–1, 😀 units 2–3.
    expect(index.toCodePoint(1)).toBe(0);
    expect(index.toCodePoint(1, 'up')).toBe(1);
    expect(index.toCodePoint(3, 'up')).toBe(2);
    expect(index.toCodePoint(2, 'up')).toBe(1);
  });

  it('counts a lone surrogate as one code point, as the API does', () => {
    const index = new CodePointIndex('a\ud835b');
    expect(index.length).toBe(3);
    expect(index.slice(1, 3)).toBe('\ud835b');
  });

  it.each([
    ['empty', { start: 3, end: 3 }],
    ['reversed', { start: 4, end: 2 }],
    ['negative', { start: -1, end: 2 }],
    ['past the end', { start: 0, end: Array.from(BODIES.astral).length + 1 }],
    ['fractional', { start: 0.5, end: 2 }],
  ])('refuses a %s span', (_name, span) => {
    expect(new CodePointIndex(BODIES.astral).spanToUtf16(span)).toBeNull();
  });

  it.each(SPANS)('slices the %s body at the code points of %s (occurrence %i)', (name, exact, nth) => {
    const body = BODIES[name];
    const start = codePointStart(body, exact, nth);
    const end = start + Array.from(exact).length;
    const index = new CodePointIndex(body);
    expect(index.slice(start, end)).toBe(exact);
    const units = index.spanToUtf16({ start, end })!;
    expect(body.slice(units.start, units.end)).toBe(exact);
  });
});

describe('quoteSpan', () => {
  it.each(SPANS)('quotes the %s body around %s (occurrence %i) with 32 code points of context', (name, exact, nth) => {
    const body = BODIES[name];
    const start = codePointStart(body, exact, nth);
    const end = start + Array.from(exact).length;
    const quote = quoteSpan(new CodePointIndex(body), { start, end });
    expect(quote).toEqual({ start, end, exact, prefix: slowSlice(body, Math.max(0, start - 32), start), suffix: slowSlice(body, end, end + 32) });
  });

  it('never splits a surrogate pair in a short context', () => {
    const index = new CodePointIndex(BODIES.astral);
    const start = codePointStart(BODIES.astral, 'قال');
    expect(quoteSpan(index, { start, end: start + 3 }, 2).prefix).toBe('😀 ');
    expect(quoteSpan(index, { start, end: start + 3 }, 3).prefix).toBe('𝕏😀 ');
  });
});

describe('selectionSpan', () => {
  const body = BODIES.rtlMark;
  const index = new CodePointIndex(body);

  it('trims spaces and right-to-left marks from the edges of a selection', () => {
    const from = body.indexOf('\u200fقالت');
    const to = body.indexOf('إن') - 1; // up to and including "الوزارة\u200f "
    const span = selectionSpan(index, from, to + 1)!;
    expect(index.slice(span.start, span.end)).toBe('قالت الوزارة');
  });

  it('widens a selection edge that splits a surrogate pair to the whole character', () => {
    const at = body.indexOf('𝐀');
    const span = selectionSpan(index, at + 1, at + 1 + 1)!;
    expect(index.slice(span.start, span.end)).toBe('𝐀');
  });

  it('accepts a selection made backwards', () => {
    const at = body.indexOf('موسكو');
    expect(selectionSpan(index, at + 5, at)).toEqual(selectionSpan(index, at, at + 5));
  });

  it('is null for a blank selection', () => {
    expect(selectionSpan(index, 0, 1)).toBeNull();
    expect(selectionSpan(index, 3, 3)).toBeNull();
  });
});

describe('segmentBody', () => {
  const body = BODIES.combining;
  const index = new CodePointIndex(body);
  const at = (exact: string, nth = 0): Highlight => {
    const start = codePointStart(body, exact, nth);
    return { id: exact + nth, start, end: start + Array.from(exact).length };
  };

  it('cuts the body at every boundary, the segments concatenating to the body', () => {
    const highlights = [at('وزارة الدفاع الروسية', 1), at('q\u0307'), at('𝐀 وأفادت')];
    const segments = segmentBody(index, highlights);
    expect(segments.map((s) => s.text).join('')).toBe(body);
    for (const h of highlights) {
      expect(segments.filter((s) => s.ids.includes(h.id)).map((s) => s.text).join('')).toBe(slowSlice(body, h.start, h.end));
    }
    expect(segments.filter((s) => s.ids.length === 0).length).toBeGreaterThan(0);
  });

  it('draws overlapping and nested highlights, outermost first, each over its own code points', () => {
    const outer = at('وأفادت وزارة الدفاع');
    const inner = at('وزارة');
    const overlapping = at('الدفاع الروسية، إن');
    const segments = segmentBody(index, [overlapping, inner, outer]);
    for (const h of [outer, inner, overlapping]) {
      expect(segments.filter((s) => s.ids.includes(h.id)).map((s) => s.text).join('')).toBe(slowSlice(body, h.start, h.end));
    }
    expect(segments.find((s) => s.text === 'وزارة')!.ids).toEqual([outer.id, inner.id]);
    expect(segments.find((s) => s.text === 'الدفاع')!.ids).toEqual([outer.id, overlapping.id]);
    expect(segments.find((s) => s.text === ' الروسية، إن')!.ids).toEqual([overlapping.id]);
  });

  it('draws two claims on the same span as one segment covered by both', () => {
    const a = { ...at('𝐀'), id: 'a' };
    const b = { ...at('𝐀'), id: 'b' };
    expect(segmentBody(index, [b, a]).find((s) => s.text === '𝐀')!.ids).toEqual(['a', 'b']);
  });

  it('also cuts where lines start, so no segment crosses a line and a highlight over two lines is drawn on both', () => {
    const text = '😀 سطر أول\nسطر 𝐀 ثان\nثالث';
    const lines = new CodePointIndex(text);
    expect(lineStarts(lines)).toEqual([codePointStart(text, 'سطر 𝐀'), codePointStart(text, 'ثالث')]);
    const across = { id: 'across', start: codePointStart(text, 'أول'), end: codePointStart(text, 'ثان') + 3 };
    const segments = segmentBody(lines, [across], lineStarts(lines));
    expect(segments.map((s) => s.text)).toEqual(['😀 سطر ', 'أول\n', 'سطر 𝐀 ثان', '\n', 'ثالث']);
    expect(segments.filter((s) => s.ids.includes('across')).map((s) => s.text).join('')).toBe(slowSlice(text, across.start, across.end));
  });

  it('leaves out highlights that do not fit the body', () => {
    const segments = segmentBody(index, [{ id: 'late', start: 10, end: index.length + 1 }, { id: 'empty', start: 4, end: 4 }]);
    expect(segments).toEqual([{ start: 0, end: index.length, text: body, ids: [] }]);
  });
});

/** The body rendered the way the article view renders it: text segments, highlights as marks, each with a badge. */
function render(body: string, highlights: Highlight[]) {
  const { document } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
  const root = document.getElementById('root')!;
  const index = new CodePointIndex(body);
  for (const segment of segmentBody(index, highlights)) {
    const text = document.createTextNode(segment.text);
    if (segment.ids.length === 0) {
      root.appendChild(text);
      continue;
    }
    const mark = document.createElement('mark');
    mark.appendChild(text);
    root.appendChild(mark);
    for (const id of segment.ids.filter((id) => highlights.find((h) => h.id === id)!.end === segment.end)) {
      const badge = document.createElement('a');
      badge.setAttribute(IGNORE_ATTRIBUTE, '');
      badge.textContent = `${id} research`;
      root.appendChild(badge);
    }
  }
  return { document, root: root as unknown as Node, index };
}

describe('DOM boundary points ↔ body offsets', () => {
  it.each(SPANS)('maps the %s body span %s (occurrence %i) to text points and back, around highlights and badges', (name, exact, nth) => {
    const body = BODIES[name];
    const start = codePointStart(body, exact, nth);
    const end = start + Array.from(exact).length;
    // Other highlights cut the text into many nodes, with badges in between.
    const others: Highlight[] = [
      { id: 'first', start: 0, end: 2 },
      { id: 'around', start: Math.max(0, start - 1), end: Math.min(Array.from(body).length, start + 2) },
    ];
    const { root, index } = render(body, others);
    const units = index.spanToUtf16({ start, end })!;
    const from = textPoint(root, units.start, 'forward')!;
    const to = textPoint(root, units.end, 'backward')!;
    expect(textOffset(root, from.node, from.offset)).toBe(units.start);
    expect(textOffset(root, to.node, to.offset)).toBe(units.end);
    const quote = quoteOfRange(root, index, { startContainer: from.node, startOffset: from.offset, endContainer: to.node, endOffset: to.offset });
    expect(quote).toMatchObject({ start, end, exact });
  });

  it('puts a start at the seam of two text nodes into the next node, and an end into the previous one', () => {
    const { root } = render('abcdef', [{ id: 'h', start: 2, end: 4 }]);
    const start = textPoint(root, 2, 'forward')!;
    const end = textPoint(root, 4, 'backward')!;
    expect(start.node.data).toBe('cd');
    expect(start.offset).toBe(0);
    expect(end.node.data).toBe('cd');
    expect(end.offset).toBe(2);
    expect(textPoint(root, 6, 'forward')).toMatchObject({ offset: 2 });
    expect(textPoint(root, 7, 'forward')).toBeNull();
  });

  it('counts a point on an element by the text of the children before it, and a point inside a badge as just before the badge', () => {
    const { root } = render('abcdef', [{ id: 'h', start: 2, end: 4 }]);
    // Children: "ab", <mark>cd</mark>, <a badge>, "ef".
    expect(textOffset(root, root, 0)).toBe(0);
    expect(textOffset(root, root, 2)).toBe(4);
    expect(textOffset(root, root, 4)).toBe(6);
    const badge = root.childNodes[2]!;
    expect(textOffset(root, badge.firstChild!, 3)).toBe(4);
  });

  it('is null for a point outside the body', () => {
    const { document, root } = render('abcdef', []);
    const outside = document.createElement('p');
    outside.textContent = 'menu';
    document.body.appendChild(outside);
    expect(textOffset(root, outside.firstChild as unknown as Node, 1)).toBeNull();
  });
});
