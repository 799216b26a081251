/**
 * Date resolution: a date expression found in an article ("الخميس", "this week", "12 نوفمبر الجاري",
 * "16 July 2001") becomes a calendar date or a range of dates, read against the article's publication
 * time in the article's (or newsroom's) time zone. Where the reading is a choice, the result says so
 * (`ambiguous` with a `reason`) instead of guessing silently.
 */

/** What a date rule understood, before it is placed on the calendar. Months 1–12, ISO weekdays 1–7. */
export type DateExpression =
  | { type: 'calendar'; day?: number; month: number; year?: number; qualifier?: -1 | 0 | 1; weekday?: number; dayTo?: number }
  | { type: 'year'; year: number }
  | { type: 'weekday'; weekday: number; qualifier?: -1 | 0 | 1 }
  | { type: 'day-offset'; offset: number }
  | { type: 'period'; unit: 'week' | 'month' | 'year'; offset: number }
  | { type: 'numeric'; first: number; second: number; year: number; dayFirst: boolean }
  | { type: 'time'; hour: number; minute: number };

/** A date expression placed on the calendar: `from`/`to` are ISO dates (YYYY-MM-DD), both included. */
export interface DateResolution {
  from: string | null;
  to: string | null;
  granularity: 'day' | 'week' | 'month' | 'year' | null;
  /** How it was read: `explicit`, `publication-year`, `nearest-year`, `past-weekday`, `iso-week` … */
  rule: string;
  /** True when another reading is reasonable; `reason` says why. Null dates are always ambiguous. */
  ambiguous: boolean;
  reason: string | null;
}

export interface ResolutionContext {
  /** Publication time of the article; relative expressions cannot be resolved without it. */
  publishedAt: Date | null;
  /** IANA time zone in which the article's dates are meant (the newsroom's by default). */
  timeZone: string;
  /** The sentence speaks of the future ("will meet on Thursday"): a bare weekday then looks forward. */
  future?: boolean;
}

const DAY_MS = 86_400_000;

/** A calendar day as a UTC midnight timestamp (time zones are applied once, to the publication time). */
const utcDay = (year: number, month: number, day: number): number => Date.UTC(year, month - 1, day);
const iso = (t: number): string => new Date(t).toISOString().slice(0, 10);
const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();
const isoWeekday = (t: number): number => ((new Date(t).getUTCDay() + 6) % 7) + 1;

// Building a DateTimeFormat costs far more than using one: one per zone, for the life of the process.
const formats = new Map<string, Intl.DateTimeFormat>();

// Every date of an article is read against the same publication time: remember the last answers.
const recent = new Map<string, number>();

/** The publication date as seen in `timeZone` (a UTC-midnight timestamp). */
export function localDate(instant: Date, timeZone: string): number {
  const key = `${timeZone} ${instant.getTime()}`;
  const known = recent.get(key);
  if (known !== undefined) return known;
  if (recent.size > 1000) recent.clear();
  let format = formats.get(timeZone);
  if (!format) formats.set(timeZone, (format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })));
  const parts = format.formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const day = utcDay(get('year'), get('month'), get('day'));
  recent.set(key, day);
  return day;
}

const day = (t: number, rule: string, ambiguous = false, reason: string | null = null): DateResolution => ({
  from: iso(t), to: iso(t), granularity: 'day', rule, ambiguous, reason,
});
const range = (from: number, to: number, granularity: 'week' | 'month' | 'year', rule: string, ambiguous = false, reason: string | null = null): DateResolution => ({
  from: iso(from), to: iso(to), granularity, rule, ambiguous, reason,
});
const unresolved = (rule: string, reason: string): DateResolution => ({ from: null, to: null, granularity: null, rule, ambiguous: true, reason });
const wholeMonth = (year: number, month: number, rule: string, ambiguous = false, reason: string | null = null) =>
  range(utcDay(year, month, 1), utcDay(year, month, daysInMonth(year, month)), 'month', rule, ambiguous, reason);
const wholeYear = (year: number, rule: string) => range(utcDay(year, 1, 1), utcDay(year, 12, 31), 'year', rule);

function exactDay(year: number, month: number, dayOfMonth: number, rule: string, weekday?: number): DateResolution {
  if (dayOfMonth < 1 || dayOfMonth > daysInMonth(year, month)) return unresolved(rule, 'no-such-day');
  const t = utcDay(year, month, dayOfMonth);
  if (weekday !== undefined && isoWeekday(t) !== weekday) return day(t, rule, true, 'weekday-does-not-match');
  return day(t, rule);
}

/**
 * A day or month named without a year. With a qualifier ("الجاري" / "الماضي" / "المقبل") the year
 * follows from it. Without one it is the publication year when that puts it on or before publication;
 * otherwise the nearer of this year's (still to come) and last year's, reported as ambiguous.
 */
function withoutYear(expr: Extract<DateExpression, { type: 'calendar' }>, published: number): DateResolution {
  const year = new Date(published).getUTCFullYear();
  const month = new Date(published).getUTCMonth() + 1;
  const build = (y: number, rule: string, ambiguous = false, reason: string | null = null): DateResolution => {
    if (expr.day === undefined) return wholeMonth(y, expr.month, rule, ambiguous, reason);
    const r = exactDay(y, expr.month, expr.day, rule, expr.weekday);
    return ambiguous && r.from ? { ...r, ambiguous, reason } : r;
  };
  if (expr.qualifier === 0) return build(year, 'current-month');
  if (expr.qualifier === -1) return build(expr.month < month || (expr.day !== undefined && expr.month === month && utcDay(year, expr.month, expr.day) < published) ? year : year - 1, 'previous-occurrence');
  if (expr.qualifier === 1) return build(expr.month > month || (expr.day !== undefined && expr.month === month && utcDay(year, expr.month, expr.day) > published) ? year : year + 1, 'next-occurrence');
  const start = (y: number) => utcDay(y, expr.month, expr.day ?? 1);
  if (start(year) <= published) return build(year, 'publication-year');
  const nearer = start(year) - published <= published - start(year - 1) ? year : year - 1;
  return build(nearer, 'nearest-year', true, 'after-publication');
}

function weekday(expr: Extract<DateExpression, { type: 'weekday' }>, published: number, future: boolean): DateResolution {
  const today = isoWeekday(published);
  const back = (today - expr.weekday + 7) % 7;
  const ahead = (expr.weekday - today + 7) % 7;
  if (expr.qualifier === -1) return day(published - (back === 0 ? 7 : back) * DAY_MS, 'previous-weekday');
  if (expr.qualifier === 1) return day(published + (ahead === 0 ? 7 : ahead) * DAY_MS, 'next-weekday');
  if (expr.qualifier === 0) return day(published + (expr.weekday - today) * DAY_MS, 'weekday-this-week');
  if (future) return day(published + ahead * DAY_MS, 'upcoming-weekday', true, 'future-context');
  return day(published - back * DAY_MS, 'past-weekday');
}

function period(expr: Extract<DateExpression, { type: 'period' }>, published: number): DateResolution {
  const date = new Date(published);
  if (expr.unit === 'week') {
    const monday = published - (isoWeekday(published) - 1) * DAY_MS + expr.offset * 7 * DAY_MS;
    return range(monday, monday + 6 * DAY_MS, 'week', 'iso-week');
  }
  if (expr.unit === 'month') {
    const shifted = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + expr.offset, 1));
    return wholeMonth(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, 'calendar-month');
  }
  return wholeYear(date.getUTCFullYear() + expr.offset, 'calendar-year');
}

function numeric(expr: Extract<DateExpression, { type: 'numeric' }>, published: number | null): DateResolution {
  let year = expr.year;
  if (year < 100) {
    const century = published === null ? 2000 : Math.floor(new Date(published).getUTCFullYear() / 100) * 100;
    year += year <= ((published === null ? 2000 : new Date(published).getUTCFullYear()) % 100) + 1 ? century : century - 100;
  }
  const { first, second } = expr;
  if (first > 12 && second <= 12) return exactDay(year, second, first, 'explicit');
  if (second > 12 && first <= 12) return exactDay(year, first, second, 'explicit');
  const [d, m] = expr.dayFirst ? [first, second] : [second, first];
  if (m > 12) return unresolved('explicit', 'no-such-day');
  const r = exactDay(year, m, d, expr.dayFirst ? 'day-first' : 'month-first');
  return first !== second && r.from ? { ...r, ambiguous: true, reason: 'day-month-order' } : r;
}

/**
 * A range of days in one month ("10–12 نوفمبر", "from 2 to 4 December"): its first day is read like any
 * day and month (year, qualifier, ambiguity), and the range ends on `dayTo` of the same month.
 */
function dayRange(expr: Extract<DateExpression, { type: 'calendar' }> & { dayTo: number }, context: ResolutionContext): DateResolution | null {
  const start: Extract<DateExpression, { type: 'calendar' }> = { ...expr };
  delete start.dayTo;
  const first = resolveDate(start, context);
  if (!first?.from) return first;
  const [year, month] = first.from.split('-').map(Number) as [number, number];
  if (expr.dayTo > daysInMonth(year, month)) return unresolved(first.rule, 'no-such-day');
  return { ...first, to: iso(utcDay(year, month, expr.dayTo)) };
}

/** Places one date expression on the calendar (see {@link DateResolution}). Times of day have no date: null. */
export function resolveDate(expr: DateExpression, context: ResolutionContext): DateResolution | null {
  if (expr.type === 'calendar' && expr.dayTo !== undefined) return dayRange({ ...expr, dayTo: expr.dayTo }, context);
  if (expr.type === 'time') return null;
  if (expr.type === 'year') return wholeYear(expr.year, 'explicit');
  if (expr.type === 'calendar' && expr.year !== undefined) {
    return expr.day === undefined ? wholeMonth(expr.year, expr.month, 'explicit') : exactDay(expr.year, expr.month, expr.day, 'explicit', expr.weekday);
  }
  const published = context.publishedAt ? localDate(context.publishedAt, context.timeZone) : null;
  if (expr.type === 'numeric') return numeric(expr, published);
  if (published === null) return unresolved('relative', 'no-publication-time');
  switch (expr.type) {
    case 'calendar':
      return withoutYear(expr, published);
    case 'weekday':
      return weekday(expr, published, context.future ?? false);
    case 'day-offset':
      return day(published + expr.offset * DAY_MS, 'day-offset');
    case 'period':
      return period(expr, published);
  }
}
