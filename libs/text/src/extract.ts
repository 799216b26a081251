/**
 * Cheap heuristics over a claim's wording, used to pre-fill the claim kind and the figures to
 * check. They work on {@link normalizeForMatch} output, so Arabic-Indic digits, quote styles and
 * alef/teh marbuta spellings need no special cases below.
 */
import { normalizeForMatch } from './arabic.js';

/** What a claim is mainly about, as guessed by {@link guessClaimKind}. */
export type GuessedClaimKind = 'date' | 'number' | 'quote' | 'other';

// Thousands groups are exactly three digits ("1,500,000"); the Arabic separators are ٬ (thousands)
// and ٫ (decimal). A comma with other digit counts is a list ("2024,2025"), not a number.
const NUMBER = /(?<!\d)\d+(?:[,٬]\d{3}(?!\d))*(?:[.٫]\d+)?/gu;

/** Every number in `s`, as ASCII digits with thousands separators dropped and `.` as decimal point. */
export function extractNumbers(s: string): string[] {
  return [...normalizeForMatch(s).matchAll(NUMBER)].map((m) => m[0].replace(/[,٬]/gu, '').replace('٫', '.'));
}

// After normalisation every double quote style is `"`. The opening quote may touch a word (Arabic
// writes و”…” and لـ”…”) but not a digit, so inch marks (15″) are not taken for quotes.
const DOUBLE_QUOTED = /(?<!\d)"[^"]*[\p{L}\p{N}][^"]*"/u;
// Single quotes double as apostrophes in Latin script (minister’s), so they only count when not
// glued to a Latin letter or digit on the outside.
const SINGLE_QUOTED = /(?<![\p{Script=Latin}\p{N}])'[^']*[\p{L}\p{N}][^']*'(?![\p{Script=Latin}\p{N}])/u;
const CJK_QUOTED = /「[^」]*[\p{L}\p{N}][^」]*」|『[^』]*[\p{L}\p{N}][^』]*』/u;

const hasQuotedSpan = (normalized: string): boolean =>
  DOUBLE_QUOTED.test(normalized) || SINGLE_QUOTED.test(normalized) || CJK_QUOTED.test(normalized);

/** True when `s` contains a non-empty quoted span, in any quote style (“…” ”…” «…» „…“ "…" ‘…’ '…'). */
export function looksLikeQuote(s: string): boolean {
  return hasQuotedSpan(normalizeForMatch(s));
}

// Month and weekday names in their normalised spelling (أ → ا, ة → ه).
const ARABIC_MONTHS = [
  'يناير', 'فبراير', 'مارس', 'ابريل', 'مايو', 'يونيو', 'يونيه', 'يوليو', 'يوليه', 'اغسطس', 'سبتمبر', 'اكتوبر', 'نوفمبر', 'ديسمبر',
  'كانون الثاني', 'شباط', 'اذار', 'نيسان', 'ايار', 'حزيران', 'تموز', 'اب', 'ايلول', 'تشرين الاول', 'تشرين الثاني', 'كانون الاول',
];
const ENGLISH_MONTHS = [
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
];
const ARABIC_WEEKDAYS = ['الاثنين', 'الثلاثاء', 'الاربعاء', 'الخميس', 'الجمعه', 'السبت', 'الاحد'];
const ENGLISH_WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

const MONTH = `(?:${[...ARABIC_MONTHS, ...ENGLISH_MONTHS].join('|')})\\.?`;
const DAY = '(?:0?[1-9]|[12]\\d|3[01])(?:st|nd|rd|th)?';
const NOT_LETTER_BEFORE = '(?<![\\p{L}\\p{M}\\d])';
const NOT_LETTER_AFTER = '(?![\\p{L}\\p{M}\\d])';
// "12 نوفمبر", "12 من نوفمبر", "12th of November", "November 12".
const DAY_AND_MONTH = new RegExp(
  `${NOT_LETTER_BEFORE}(?:${DAY} (?:of |من )?${MONTH}|${MONTH} ${DAY})${NOT_LETTER_AFTER}`,
  'u',
);
// Arabic weekdays may carry a one-letter proclitic (والخميس، بالأحد).
const WEEKDAY = new RegExp(
  `(?:${NOT_LETTER_BEFORE}[وفب]?(?:${ARABIC_WEEKDAYS.join('|')})|${NOT_LETTER_BEFORE}(?:${ENGLISH_WEEKDAYS.join('|')}))${NOT_LETTER_AFTER}`,
  'u',
);
// A year is four bare digits: not part of a longer number, a thousands group ("1,950") or a decimal.
const YEAR = /(?<!\d|\d[,٬]|[.٫])(?:19\d\d|20\d\d|2100)(?!\d|[,٬]\d{3}(?!\d)|[.٫]\d)/u;

/**
 * Guesses the kind of a claim: `quote` when it contains quoted wording; `date` when it has a year
 * (1900–2100), a day with a month name (English or Arabic, Egyptian or Levantine names) or a
 * weekday; `number` when it has any other digits; otherwise `other`.
 */
export function guessClaimKind(statement: string): GuessedClaimKind {
  const normalized = normalizeForMatch(statement);
  if (hasQuotedSpan(normalized)) return 'quote';
  if (YEAR.test(normalized) || DAY_AND_MONTH.test(normalized) || WEEKDAY.test(normalized)) return 'date';
  if (/\d/u.test(normalized)) return 'number';
  return 'other';
}
