/**
 * W3C Web Annotation selectors (TextQuoteSelector + TextPositionSelector) over an article body.
 * The body is expected to be NFC already; request strings are NFC-normalised here. Matching is
 * exact: no case, diacritic or quote folding (that is `normalizeForMatch`'s job, for search only).
 */
import {
  codePointLength,
  codePointRangeToUtf16,
  isSurrogatePairAt,
  isWellFormedText,
  toNfc,
  utf16IndicesToCodePoints,
} from './unicode.js';

/** The quoted text plus up to `contextLength` code points of context on each side. */
export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}

/** Code point offsets into the body; `end` is exclusive. */
export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

/** Both selectors for one span; they must agree (see {@link verifyAnchor}). */
export interface Anchor {
  quote: TextQuoteSelector;
  position: TextPositionSelector;
}

/** What an editor sends: `exact` (with optional `prefix`/`suffix`), or `start`/`end` (optionally with `exact`). */
export type AnchorRequest = { exact?: string; prefix?: string; suffix?: string; start?: number; end?: number };

/** Stable failure codes of {@link resolveAnchor}. */
export type AnchorErrorCode = 'anchor-not-found' | 'anchor-ambiguous' | 'anchor-mismatch' | 'anchor-invalid';

/** Outcome of {@link resolveAnchor}; `occurrences` are code point starts of the candidate matches. */
export type AnchorResult =
  | { ok: true; anchor: Anchor }
  | { ok: false; code: AnchorErrorCode; field: string; message: string; occurrences?: number[] };

type AnchorFailure = Extract<AnchorResult, { ok: false }>;

/** Default number of code points of context stored on each side of a quote. */
export const DEFAULT_CONTEXT_LENGTH = 32;

// Keeps error messages short even when a common word occurs hundreds of times.
const MAX_LISTED_OCCURRENCES = 10;

const fail = (code: AnchorErrorCode, field: string, message: string, occurrences?: number[]): AnchorFailure =>
  occurrences === undefined ? { ok: false, code, field, message } : { ok: false, code, field, message, occurrences };

// Invisible format characters (ZWJ, bidi marks, BOM…) do not make a span any less blank.
const isBlank = (s: string): boolean => /^[\s\p{Cf}]*$/u.test(s);

const listOccurrences = (occurrences: readonly number[]): string => {
  const shown = occurrences.slice(0, MAX_LISTED_OCCURRENCES).join(', ');
  return occurrences.length > MAX_LISTED_OCCURRENCES ? `${shown}, …` : shown;
};

/** UTF-16 start of the `count` code points that end at `unitEnd` (never splits a surrogate pair). */
function contextStart(body: string, unitEnd: number, count: number): number {
  let i = unitEnd;
  for (let n = 0; n < count && i > 0; n++) {
    i -= i >= 2 && isSurrogatePairAt(body, i - 2) ? 2 : 1;
  }
  return i;
}

/** UTF-16 end of the `count` code points that start at `unitStart` (never splits a surrogate pair). */
function contextEnd(body: string, unitStart: number, count: number): number {
  let i = unitStart;
  for (let n = 0; n < count && i < body.length; n++) {
    i += isSurrogatePairAt(body, i) ? 2 : 1;
  }
  return i;
}

/** Every UTF-16 start of `needle` in `haystack`, overlapping ones included. */
function findAll(haystack: string, needle: string): number[] {
  const found: number[] = [];
  for (let i = haystack.indexOf(needle); i !== -1; i = haystack.indexOf(needle, i + 1)) found.push(i);
  return found;
}

const prefixMatches = (body: string, unitStart: number, prefix: string): boolean =>
  prefix === '' || (unitStart >= prefix.length && body.startsWith(prefix, unitStart - prefix.length));

const suffixMatches = (body: string, unitEnd: number, suffix: string): boolean =>
  suffix === '' || body.startsWith(suffix, unitEnd);

function buildAnchor(body: string, unitStart: number, unitEnd: number, start: number, end: number, contextLength: number): Anchor {
  return {
    quote: {
      type: 'TextQuoteSelector',
      exact: body.slice(unitStart, unitEnd),
      prefix: body.slice(contextStart(body, unitStart, contextLength), unitStart),
      suffix: body.slice(unitEnd, contextEnd(body, unitEnd, contextLength)),
    },
    position: { type: 'TextPositionSelector', start, end },
  };
}

type TextFields = { exact?: string; prefix?: string; suffix?: string };

/** Checks the optional text fields and returns them NFC-normalised. */
function readTextFields(request: AnchorRequest): TextFields | AnchorFailure {
  const fields: TextFields = {};
  for (const name of ['exact', 'prefix', 'suffix'] as const) {
    const value: unknown = request[name];
    if (value === undefined) continue;
    if (typeof value !== 'string') return fail('anchor-invalid', name, `${name} must be a string.`);
    if (!isWellFormedText(value)) {
      return fail('anchor-invalid', name, `${name} contains a NUL character or a broken surrogate pair.`);
    }
    fields[name] = toNfc(value);
  }
  if (fields.exact !== undefined && isBlank(fields.exact)) {
    return fail('anchor-invalid', 'exact', 'exact must contain visible text, not only whitespace.');
  }
  return fields;
}

function resolveByPosition(body: string, request: AnchorRequest, fields: TextFields, contextLength: number): AnchorResult {
  const { start, end } = request;
  const length = codePointLength(body);
  if (start === undefined) return fail('anchor-invalid', 'start', 'start is required when end is given.');
  if (end === undefined) return fail('anchor-invalid', 'end', 'end is required when start is given.');
  if (!Number.isInteger(start) || start < 0 || start > length) {
    return fail('anchor-invalid', 'start', `start must be an integer code point offset between 0 and ${length}.`);
  }
  if (!Number.isInteger(end) || end < 0 || end > length) {
    return fail('anchor-invalid', 'end', `end must be an integer code point offset between 0 and ${length}.`);
  }
  if (start >= end) return fail('anchor-invalid', 'end', 'end must be greater than start.');

  const [unitStart, unitEnd] = codePointRangeToUtf16(body, start, end);
  const slice = body.slice(unitStart, unitEnd);
  if (fields.exact !== undefined && fields.exact !== slice) {
    const elsewhere = utf16IndicesToCodePoints(body, findAll(body, fields.exact));
    const hint = elsewhere.length > 0 ? ` It occurs at code point(s) ${listOccurrences(elsewhere)}.` : ' It does not occur in the article.';
    return fail('anchor-mismatch', 'exact', `The text at positions ${start}–${end} is not the given exact text.${hint}`, elsewhere);
  }
  if (isBlank(slice)) return fail('anchor-invalid', 'start', `The text at positions ${start}–${end} is only whitespace.`);
  if (fields.prefix !== undefined && !prefixMatches(body, unitStart, fields.prefix)) {
    return fail('anchor-mismatch', 'prefix', `The text before position ${start} does not end with the given prefix.`);
  }
  if (fields.suffix !== undefined && !suffixMatches(body, unitEnd, fields.suffix)) {
    return fail('anchor-mismatch', 'suffix', `The text after position ${end} does not start with the given suffix.`);
  }
  return { ok: true, anchor: buildAnchor(body, unitStart, unitEnd, start, end, contextLength) };
}

function resolveByQuote(body: string, exact: string, fields: TextFields, contextLength: number): AnchorResult {
  const all = findAll(body, exact);
  if (all.length === 0) return fail('anchor-not-found', 'exact', 'The exact text does not occur in the article.');

  const prefix = fields.prefix ?? '';
  const suffix = fields.suffix ?? '';
  // Context is checked even for a single occurrence: a contradicting prefix/suffix means the
  // editor is pointing somewhere else, and silently anchoring here would hide that.
  const afterPrefix = all.filter((i) => prefixMatches(body, i, prefix));
  const candidates = afterPrefix.filter((i) => suffixMatches(body, i + exact.length, suffix));
  if (candidates.length === 0) {
    const field = afterPrefix.length === 0 ? 'prefix' : 'suffix';
    const where = field === 'prefix' ? 'preceded by the given prefix' : 'followed by the given suffix';
    const occurrences = utf16IndicesToCodePoints(body, all);
    return fail(
      'anchor-not-found',
      field,
      `The exact text occurs ${all.length} time(s) (at code point(s) ${listOccurrences(occurrences)}) but never ${where}.`,
      occurrences,
    );
  }
  if (candidates.length > 1) {
    const occurrences = utf16IndicesToCodePoints(body, candidates);
    return fail(
      'anchor-ambiguous',
      'exact',
      `The exact text occurs ${candidates.length} times (at code points ${listOccurrences(occurrences)}); ` +
        'add a prefix or suffix (the words just before or after it), or give start/end positions.',
      occurrences,
    );
  }

  const unitStart = candidates[0];
  const unitEnd = unitStart + exact.length;
  const [start, end] = utf16IndicesToCodePoints(body, [unitStart, unitEnd]) as [number, number];
  return { ok: true, anchor: buildAnchor(body, unitStart, unitEnd, start, end, contextLength) };
}

/**
 * Turns an editor's selection into a stored {@link Anchor}, or explains why it cannot.
 * Positions win when given (an `exact` then has to equal the slice); otherwise `exact` is looked
 * up and, if it occurs several times, narrowed by `prefix`/`suffix`. Never throws for bad input.
 * @param body article text, NFC.
 * @param contextLength code points of context stored on each side of the quote.
 * @throws RangeError only when `contextLength` is not a non-negative integer (a programming error).
 */
export function resolveAnchor(body: string, request: AnchorRequest, contextLength = DEFAULT_CONTEXT_LENGTH): AnchorResult {
  if (!Number.isInteger(contextLength) || contextLength < 0) {
    throw new RangeError(`contextLength must be a non-negative integer, got ${contextLength}`);
  }
  const fields = readTextFields(request);
  if ('ok' in fields) return fields;
  if (request.start !== undefined || request.end !== undefined) {
    return resolveByPosition(body, request, fields, contextLength);
  }
  if (fields.exact === undefined) {
    return fail('anchor-invalid', 'exact', 'Give the exact text of the claim, or its start/end positions.');
  }
  return resolveByQuote(body, fields.exact, fields, contextLength);
}

/**
 * True when the anchor still fits `body`: the positions are in range, the text between them is
 * `quote.exact`, and it is preceded by `quote.prefix` and followed by `quote.suffix`. Uniqueness of
 * the quote is not required (a repeated paragraph anchored by position stays valid).
 */
export function verifyAnchor(body: string, anchor: Anchor): boolean {
  const { start, end } = anchor.position;
  const { exact, prefix, suffix } = anchor.quote;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start >= end) return false;
  const [unitStart, unitEnd] = codePointRangeToUtf16(body, start, end);
  if (unitEnd - unitStart !== exact.length || codePointLength(body.slice(unitStart, unitEnd)) !== end - start) return false;
  return body.startsWith(exact, unitStart) && prefixMatches(body, unitStart, prefix) && suffixMatches(body, unitEnd, suffix);
}
