/**
 * Anchoring: the API's W3C selectors over an article body, in the browser.
 *
 * The API counts positions in Unicode code points (`libs/text`); the DOM counts in UTF-16 units. This
 * module is the one place that converts between them. The pure part works on the body string (offset
 * tables, highlight segments, the quote around a span); the DOM part maps UTF-16 offsets of the body
 * to and from DOM boundary points inside the element that renders it, the way the Hypothesis client's
 * text-position anchoring does: text nodes in document order, skipping what is not article text.
 * It imports nothing of the app and no framework.
 */

/** Code point offsets into the body; `end` is exclusive (the API's `TextPositionSelector`). */
export interface CodePointSpan {
  start: number;
  end: number;
}

/** A span as the API's anchor request wants it: code point positions with the quote around them. */
export interface SpanQuote extends CodePointSpan {
  exact: string;
  prefix: string;
  suffix: string;
}

/** Code points of context kept on each side of a quote (the API's `DEFAULT_CONTEXT_LENGTH`). */
export const CONTEXT_LENGTH = 32;

const isHigh = (unit: number): boolean => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number): boolean => unit >= 0xdc00 && unit <= 0xdfff;

/**
 * Code point ↔ UTF-16 offset tables for one text, built in one pass so that converting hundreds of
 * selectors of a long article stays linear. A lone surrogate counts as one code point, as in the API.
 */
export class CodePointIndex {
  /** UTF-16 offset of each code point boundary: `units[cp]`, with `units[length] === text.length`. */
  private readonly units: Uint32Array;
  /** Code point of each UTF-16 offset; the low half of a pair maps to the pair's code point. */
  private readonly points: Uint32Array;
  /** Number of code points in the text. */
  readonly length: number;

  constructor(readonly text: string) {
    const units: number[] = [];
    const points = new Uint32Array(text.length + 1);
    let cp = 0;
    for (let i = 0; i < text.length; cp++) {
      units.push(i);
      points[i] = cp;
      const pair = isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1));
      if (pair) points[i + 1] = cp;
      i += pair ? 2 : 1;
    }
    units.push(text.length);
    points[text.length] = cp;
    this.units = Uint32Array.from(units);
    this.points = points;
    this.length = cp;
  }

  /** UTF-16 offset where code point `cp` starts (clamped to the text). */
  toUtf16(cp: number): number {
    return this.units[clamp(cp, this.length)]!;
  }

  /**
   * Code point of UTF-16 offset `unit` (clamped). An offset between the halves of a surrogate pair
   * rounds down to the pair's start, or up past the pair with `round: 'up'` (for the end of a span).
   */
  toCodePoint(unit: number, round: 'down' | 'up' = 'down'): number {
    const at = clamp(unit, this.text.length);
    const cp = this.points[at]!;
    return round === 'up' && this.units[cp] !== at ? cp + 1 : cp;
  }

  /** The UTF-16 offsets of a code point span, or null when it does not fit the text (empty, reversed, out of range). */
  spanToUtf16(span: CodePointSpan): { start: number; end: number } | null {
    const { start, end } = span;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > this.length || start >= end) return null;
    return { start: this.units[start]!, end: this.units[end]! };
  }

  /** The text of a code point span. */
  slice(start: number, end: number): string {
    return this.text.slice(this.toUtf16(start), this.toUtf16(end));
  }
}

const clamp = (n: number, max: number): number => (n > 0 ? (n > max ? max : Math.trunc(n)) : 0);

/** The quote around a code point span, as the API stores it (exact text plus up to 32 code points each side). */
export function quoteSpan(index: CodePointIndex, span: CodePointSpan, contextLength = CONTEXT_LENGTH): SpanQuote {
  const { start, end } = span;
  return {
    start,
    end,
    exact: index.slice(start, end),
    prefix: index.slice(Math.max(0, start - contextLength), start),
    suffix: index.slice(end, end + contextLength),
  };
}

// The API refuses a span that is only whitespace or invisible format characters (bidi marks, ZWJ).
const EDGE_BLANK = /^[\s\p{Cf}]$/u;

/**
 * The code point span of a selection given as UTF-16 offsets of the body, without the whitespace and
 * invisible marks a mouse selection picks up at its edges, never splitting a surrogate pair. Null when
 * nothing visible is selected.
 */
export function selectionSpan(index: CodePointIndex, startUnit: number, endUnit: number): CodePointSpan | null {
  let start = index.toCodePoint(Math.min(startUnit, endUnit), 'down');
  let end = index.toCodePoint(Math.max(startUnit, endUnit), 'up');
  while (start < end && EDGE_BLANK.test(index.slice(start, start + 1))) start++;
  while (end > start && EDGE_BLANK.test(index.slice(end - 1, end))) end--;
  return start < end ? { start, end } : null;
}

/** A highlight to draw: a claim's id and its code point span. */
export interface Highlight extends CodePointSpan {
  id: string;
}

/** A run of the body between two highlight boundaries, with every highlight that covers it (outermost first). */
export interface Segment extends CodePointSpan {
  text: string;
  ids: string[];
}

/**
 * The body cut at every highlight boundary: consecutive segments whose texts concatenate to the body,
 * each naming the highlights that cover it, so overlapping and nested highlights are all drawn without
 * touching the text. Highlights that do not fit the body (out of range, empty) are left out; the caller
 * can tell which with {@link CodePointIndex.spanToUtf16}. Covering ids are ordered by start, then longest
 * first, so the last id is the innermost highlight. `cuts` are more code point positions to cut at (where
 * paragraphs start, so that no segment crosses one).
 */
export function segmentBody(index: CodePointIndex, highlights: readonly Highlight[], cuts: readonly number[] = []): Segment[] {
  const valid = highlights.filter((h) => index.spanToUtf16(h) !== null);
  const order = [...valid].sort((a, b) => a.start - b.start || b.end - a.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const rank = new Map(order.map((h, i) => [h.id, i]));
  const inside = cuts.filter((c) => Number.isInteger(c) && c > 0 && c < index.length);
  const boundaries = [...new Set([0, index.length, ...inside, ...valid.flatMap((h) => [h.start, h.end])])].sort((a, b) => a - b);
  const opening = new Map<number, Highlight[]>();
  for (const h of order) opening.set(h.start, [...(opening.get(h.start) ?? []), h]);

  const segments: Segment[] = [];
  let active: Highlight[] = [];
  for (let i = 0; i + 1 < boundaries.length; i++) {
    const start = boundaries[i]!;
    const end = boundaries[i + 1]!;
    active = active.filter((h) => h.end > start);
    const opened = opening.get(start);
    if (opened) active = [...active, ...opened].sort((a, b) => rank.get(a.id)! - rank.get(b.id)!);
    segments.push({ start, end, text: index.slice(start, end), ids: active.map((h) => h.id) });
  }
  return segments;
}

/** Code point positions where the body's lines (its paragraphs) start, after the first. */
export function lineStarts(index: CodePointIndex): number[] {
  const starts: number[] = [];
  for (let i = index.text.indexOf('\n'); i !== -1; i = index.text.indexOf('\n', i + 1)) starts.push(index.toCodePoint(i) + 1);
  return starts;
}

/**
 * Marks an element whose text is not article text (a highlight's state badge, for instance): its
 * text is not counted in offsets, and a boundary inside it counts as the position just before it.
 */
export const IGNORE_ATTRIBUTE = 'data-anchor-ignore';

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

const isIgnored = (node: Node): boolean => node.nodeType === ELEMENT_NODE && (node as Element).hasAttribute(IGNORE_ATTRIBUTE);

/** UTF-16 length of the article text inside `node`. */
function textLength(node: Node): number {
  if (node.nodeType === TEXT_NODE) return (node as Text).data.length;
  if (isIgnored(node)) return 0;
  let length = 0;
  for (let child = node.firstChild; child; child = child.nextSibling) length += textLength(child);
  return length;
}

/**
 * UTF-16 offset into the body text of the DOM boundary point (`node`, `offset`) inside `root`, the
 * element that renders the body; null when the point is outside `root`.
 */
export function textOffset(root: Node, node: Node, offset: number): number | null {
  let container = node;
  let at = offset;
  // A point inside an ignored element counts as the point just before that element.
  for (let n: Node | null = node; n && n !== root; n = n.parentNode) {
    if (isIgnored(n) && n.parentNode) {
      container = n.parentNode;
      at = Array.prototype.indexOf.call(container.childNodes, n) as number;
    }
  }
  let total = 0;
  if (container.nodeType === TEXT_NODE) {
    total = Math.min(at, (container as Text).data.length);
  } else {
    const children = container.childNodes;
    for (let i = 0; i < at && i < children.length; i++) total += textLength(children[i]!);
  }
  let n: Node = container;
  while (n !== root) {
    const parent = n.parentNode;
    if (!parent) return null;
    for (let sibling = n.previousSibling; sibling; sibling = sibling.previousSibling) total += textLength(sibling);
    n = parent;
  }
  return total;
}

/** A DOM boundary point: a text node and a UTF-16 offset in it. */
export interface TextPoint {
  node: Text;
  offset: number;
}

/**
 * The text node and offset at UTF-16 offset `offset` of the body rendered in `root`. At the seam of two
 * text nodes, a start (`'forward'`) goes to the beginning of the next node and an end (`'backward'`)
 * stays at the end of the previous, so a range never begins or ends in a neighbouring element.
 */
export function textPoint(root: Node, offset: number, direction: 'forward' | 'backward'): TextPoint | null {
  let remaining = offset;
  let last: Text | null = null;
  const walk = (node: Node): TextPoint | null => {
    if (node.nodeType === TEXT_NODE) {
      const text = node as Text;
      const length = text.data.length;
      if (remaining < length || (direction === 'backward' && remaining === length && length > 0)) return { node: text, offset: remaining };
      remaining -= length;
      last = text;
      return null;
    }
    if (isIgnored(node)) return null;
    for (let child = node.firstChild; child; child = child.nextSibling) {
      const found = walk(child);
      if (found) return found;
    }
    return null;
  };
  const found = walk(root);
  if (found) return found;
  // The very end of the body (a forward point there has no next node to go to).
  const end = last as Text | null;
  return remaining === 0 && end ? { node: end, offset: end.data.length } : null;
}

/**
 * A DOM Range over the code point span of the body rendered in `root` (for scrolling to a claim or
 * drawing a selection); null when the span does not fit the body or the rendered text.
 */
export function rangeOfSpan(root: Node, index: CodePointIndex, span: CodePointSpan): Range | null {
  const units = index.spanToUtf16(span);
  if (!units) return null;
  const start = textPoint(root, units.start, 'forward');
  const end = textPoint(root, units.end, 'backward');
  const document = root.ownerDocument;
  if (!start || !end || !document) return null;
  const range = document.createRange();
  range.setStart(start.node, start.offset);
  range.setEnd(end.node, end.offset);
  return range;
}

/** The boundary points of a DOM Range or Selection range. */
export interface Boundaries {
  startContainer: Node;
  startOffset: number;
  endContainer: Node;
  endOffset: number;
}

/**
 * The code point span and quote of a selection inside the body rendered in `root`, trimmed of edge
 * whitespace; null when the selection is collapsed, leaves the body, or holds nothing visible.
 */
export function quoteOfRange(root: Node, index: CodePointIndex, range: Boundaries): SpanQuote | null {
  const start = textOffset(root, range.startContainer, range.startOffset);
  const end = textOffset(root, range.endContainer, range.endOffset);
  if (start === null || end === null) return null;
  const span = selectionSpan(index, start, end);
  return span ? quoteSpan(index, span) : null;
}
