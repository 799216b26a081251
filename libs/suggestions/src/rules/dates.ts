/**
 * Dates and times: month names (with a day and/or year), weekdays, years, numeric dates, relative
 * expressions (yesterday, this week, last month, "12 نوفمبر الجاري") and times of day.
 */
import type { LanguageLexicon } from '../languages.js';
import type { DateExpression } from '../resolve-dates.js';
import { alternation, anyWord, firstWords, longestFirst, perLexicon, WORD_END, WORD_START, type Finding } from './common.js';

const DAY = '(?:3[01]|[12]\\d|0?[1-9])';
const YEAR = '(?:1[5-9]\\d\\d|20\\d\\d|2100)';
const ORDINAL = '(?:st|nd|rd|th)?';

interface Pattern {
  rule: string;
  regex: RegExp;
  /**
   * Skip the pattern unless the sentence has a digit (`digits`), one of these words, and a match for
   * `test` (each that is given): most sentences of news have digits but no month, no time, no year.
   */
  needs: { digits?: boolean; words?: readonly string[]; test?: RegExp };
  /**
   * Tested on the text just before a match (anchored at its end): `extend` widens the match over the
   * words it matches ("عام 2001", "from 10 to 12 May"), `reject` drops the match ("more than 2000").
   * Kept out of the pattern because an optional prefix makes the pattern start at every position.
   */
  before?: { extend?: RegExp; reject?: RegExp; accept?: (groups: Record<string, string | undefined>, preceding: string) => boolean };
  read: (groups: Record<string, string | undefined>) => DateExpression | null;
}

const build = perLexicon((lex: LanguageLexicon): Pattern[] => {
  const monthOf = new Map(lex.months);
  const weekdayOf = new Map(lex.weekdays);
  const qualifierOf = new Map(lex.qualifiers);
  const dayOf = new Map(lex.days);
  const periodOf = new Map(lex.periods);
  const ambiguous = new Set(lex.ambiguousMonths);
  const months = alternation(lex.months.map(([w]) => w));
  const monthWords = firstWords(lex.months.map(([w]) => w));
  const plainMonths = alternation(lex.months.map(([w]) => w).filter((w) => !ambiguous.has(w)));
  const weekdays = alternation(lex.weekdays.map(([w]) => w));
  const qualifiers = alternation(lex.qualifiers.map(([w]) => w));
  const periods = alternation(lex.periods.map(([w]) => w));
  const days = alternation(lex.days.map(([w]) => w));
  const yearWords = alternation(lex.yearWords);
  const clitic = lex.proclitics ? `[${lex.proclitics}]?` : '';
  const ambiguousMonths = alternation(lex.ambiguousMonths);
  const monthPrepositionBefore = new RegExp(`${WORD_START}${clitic}${alternation(lex.monthPrepositions)} $`, 'u');
  // "more than 2000 investors" is a figure, not a year ("حتى 2030" / "up to" stay years).
  const notYearAfter = alternation(lex.comparators.filter((c) => !['حتي', 'up to', 'over', 'under', 'some'].includes(c)));
  const arabicOrder = lex.speakerAfterVerb;
  const n = (s: string | undefined) => (s === undefined ? undefined : Number(s));
  const qualifier = (s: string | undefined) => (s === undefined ? undefined : (qualifierOf.get(s) as -1 | 0 | 1 | undefined));
  const calendar = (g: Record<string, string | undefined>): DateExpression => ({
    type: 'calendar',
    month: monthOf.get(g.month!)!,
    ...(g.day ? { day: n(g.day)! } : {}),
    ...(g.year ? { year: n(g.year)! } : {}),
    ...(g.qual && qualifier(g.qual) !== undefined ? { qualifier: qualifier(g.qual)! } : {}),
    ...(g.dayTo ? { dayTo: n(g.dayTo)! } : {}),
  });
  const yearPart = `(?:,? (?:من )?(?:عام |العام |سنه )?(?<year>${YEAR})(?![\\p{N}]))?`;
  const rangeFrom = new RegExp(`${WORD_START}${arabicOrder ? `${clitic}(?:(?:ما )?بين|من)` : '(?:between|from)'} $`, 'u');
  const rangeJoin = arabicOrder ? '(?: ?[-–] ?| الي | حتي | و ?)' : '(?: ?[-–] ?| to | and | until | through )';
  const u = (source: string) => new RegExp(source, 'gu');

  const patterns: Pattern[] = [
    // Day ranges: 10–12 نوفمبر, من 10 إلى 12 نوفمبر, بين 3 و5 آذار, 10-12 November, from 10 to 12 November
    {
      rule: 'date.day-range',
      needs: { digits: true, words: monthWords },
      regex: u(
        `(?<![\\p{N}])(?<day>${DAY})${ORDINAL}${rangeJoin}(?<dayTo>${DAY})${ORDINAL} (?:of |من )?(?:شهر )?${clitic}(?<month>${months})\\.?(?: ?[/(] ?${months}\\)?)?` +
          `${yearPart}(?: (?<qual>${qualifiers}))?${WORD_END}`,
      ),
      before: { extend: rangeFrom },
      read: (g) => (Number(g.dayTo) > Number(g.day) ? calendar(g) : null),
    },
    // Month first: Aug. 10-14, November 10 to 12, 2025
    {
      rule: 'date.day-range',
      needs: { digits: true, words: monthWords },
      regex: u(`${WORD_START}(?:from )?(?<month>${months})\\.? (?<day>${DAY})${ORDINAL}${rangeJoin}(?<dayTo>${DAY})${ORDINAL}(?![\\p{N}])(?:,? (?<year>${YEAR})(?![\\p{N}]))?${WORD_END}`),
      read: (g) => (Number(g.dayTo) > Number(g.day) ? calendar(g) : null),
    },
    // 16 July 2001, 12 نوفمبر الجاري, 5 من شهر تموز/يوليو 2024, 12th of November
    {
      rule: 'date.day-month',
      needs: { digits: true, words: monthWords },
      regex: u(
        `(?<![\\p{N}])(?<day>${DAY})${ORDINAL} (?:of |من )?(?:شهر )?${clitic}(?<month>${months})\\.?(?: ?[/(] ?${months}\\)?)?` +
          `(?:,? (?:من )?(?:عام |العام |سنه )?(?<year>${YEAR})(?![\\p{N}]))?(?: (?<qual>${qualifiers}))?${WORD_END}`,
      ),
      read: calendar,
    },
    // July 16, 2001 / November 12th
    {
      rule: 'date.month-day',
      needs: { digits: true, words: monthWords },
      regex: u(`${WORD_START}(?<month>${months})\\.? (?<day>${DAY})${ORDINAL}(?![\\p{N}])(?:,? (?<year>${YEAR})(?![\\p{N}]))?${WORD_END}`),
      read: calendar,
    },
    // تموز 2001, November 2022, نوفمبر الماضي, last November, شهر مارس
    {
      rule: 'date.month',
      needs: { words: monthWords },
      regex: u(
        `${WORD_START}(?:(?:شهر )${clitic}(?<m1>${months})|${clitic}(?<m2>${months})(?: ?[/(] ?${months}\\)?)?(?=(?:,? (?:من )?(?:عام |العام )?${YEAR}(?![\\p{N}])| (?:${qualifiers})${WORD_END}))|(?<m3>${plainMonths})|${clitic}(?<m4>${ambiguousMonths}))` +
          `(?:,? (?:من )?(?:عام |العام )?(?<year>${YEAR})(?![\\p{N}]))?(?: (?<qual>${qualifiers}))?${WORD_END}`,
      ),
      // An ambiguous month alone ("مارس" practised, "may") only after a preposition: "since March", "منذ مارس".
      before: { accept: (g, preceding) => g.m4 === undefined || monthPrepositionBefore.test(preceding) },
      read: (g) => calendar({ ...g, month: g.m1 ?? g.m2 ?? g.m3 ?? g.m4 }),
    },
    // Weekdays: الخميس, يوم الأحد المقبل, on Thursday, last Monday
    {
      rule: 'date.weekday',
      needs: { words: lex.weekdays.map(([w]) => w).flatMap((w) => [w, w.replace(/^ال/u, '')]) },
      regex: arabicOrder
        ? u(`${WORD_START}${clitic}(?:يوم )?(?<weekday>${weekdays})(?: (?<qual>${qualifiers}))?${WORD_END}`)
        : u(`${WORD_START}(?:(?<qual>${qualifiers}) |on )?(?<weekday>${weekdays})${WORD_END}`),
      read: (g) => ({ type: 'weekday', weekday: weekdayOf.get(g.weekday!)!, ...(qualifier(g.qual) !== undefined ? { qualifier: qualifier(g.qual)! } : {}) }),
    },
    // هذا الأسبوع, الشهر الماضي, this week, last month
    {
      rule: 'date.relative-period',
      needs: { words: lex.periods.map(([w]) => w) },
      regex: arabicOrder
        ? u(`${WORD_START}(?:${clitic}(?:خلال |في |منذ |مطلع |اوائل )?(?:(?:هذا|هذه) (?<p1>${periods})|(?<p2>${periods}) (?<qual>${qualifiers})))${WORD_END}`)
        : u(`${WORD_START}(?:(?:earlier|later) )?(?:the )?(?<qual>${qualifiers}) (?<p1>${periods})${WORD_END}`),
      read: (g) => ({ type: 'period', unit: periodOf.get((g.p1 ?? g.p2)!)!, offset: g.qual ? (qualifierOf.get(g.qual) ?? 0) : 0 }),
    },
    // أمس, اليوم, غدا, yesterday, today
    {
      rule: 'date.relative-day',
      needs: { words: firstWords(lex.days.map(([w]) => w)) },
      regex: u(`${WORD_START}${clitic}(?<word>${days})${WORD_END}`),
      read: (g) => ({ type: 'day-offset', offset: dayOf.get(g.word!)! }),
    },
    // 16/7/2001, 16.07.2001, 2001-07-16
    {
      rule: 'date.numeric',
      needs: { test: /\d[/.-]\d\d?[/.-]\d/u },
      regex: u(`(?<![\\p{N}/.-])(?<a>\\d{1,2})(?<sep>[/.-])(?<b>\\d{1,2})\\k<sep>(?<year>\\d{4}|\\d{2})(?![\\p{N}]|[/.-]\\p{N})`),
      read: (g) => ({ type: 'numeric', first: n(g.a)!, second: n(g.b)!, year: n(g.year)!, dayFirst: lex.dayFirst }),
    },
    {
      rule: 'date.iso',
      needs: { test: /\d{4}-\d\d-\d/u },
      regex: u(`(?<![\\p{N}-])(?<year>${YEAR})-(?<month>0[1-9]|1[0-2])-(?<day>0[1-9]|[12]\\d|3[01])(?![\\p{N}])`),
      read: (g) => ({ type: 'calendar', year: n(g.year)!, month: n(g.month)!, day: n(g.day)! }),
    },
    // عام 2001, في 2022, in 2001, 2024 و2025
    {
      rule: 'date.year',
      needs: { test: /1[5-9]\d\d|20\d\d|2100/u },
      regex: u(`(?<![\\p{N}]|[\\p{N}][.,٫٬]|[$€£])(?<year>${YEAR})(?![\\p{N}]|[.,٫٬]\\p{N}|%| ?٪)`),
      before: { extend: new RegExp(`${WORD_START}${clitic}${yearWords} $`, 'u'), reject: new RegExp(`${WORD_START}${clitic}${notYearAfter} $`, 'u') },
      read: (g) => ({ type: 'year', year: n(g.year)! }),
    },
    // 10:30, الساعة 10 صباحا, 9 p.m.
    {
      rule: 'date.time',
      needs: { test: /\d:\d|الساعه|\d ?[ap]\.?m/u },
      regex: u(
        `(?:${WORD_START}${clitic}(?:في |عند )?الساعه )?(?<![\\p{N}])(?<h>[01]?\\d|2[0-3]):(?<min>[0-5]\\d)(?![\\p{N}])(?: ?(?:صباحا|مساء|ظهرا|فجرا|ليلا|a\\.?m\\.?|p\\.?m\\.?))?` +
          `|${WORD_START}${clitic}(?:في |عند )?الساعه (?<h2>[01]?\\d|2[0-3])(?![\\p{N}:])(?: (?:صباحا|مساء|ظهرا|فجرا|ليلا))?` +
          `|(?<![\\p{N}])(?<h3>1[0-2]|0?[1-9]) ?(?:a\\.m\\.|p\\.m\\.|am|pm)(?![\\p{L}])`,
      ),
      read: (g) => ({ type: 'time', hour: n(g.h ?? g.h2 ?? g.h3)!, minute: n(g.min) ?? 0 }),
    },
  ];
  return patterns;
});

/** Every date and time expression of a sentence (normalised text), longest match kept where they overlap. */
export function findDates(text: string, lex: LanguageLexicon, words: ReadonlySet<string>): Finding[] {
  const found: Finding[] = [];
  const digits = /\p{Nd}/u.test(text);
  for (const pattern of build(lex)) {
    const { needs } = pattern;
    if ((needs.digits && !digits) || (needs.words && !anyWord(words, needs.words)) || (needs.test && !needs.test.test(text))) continue;
    for (const m of text.matchAll(pattern.regex)) {
      const date = pattern.read(m.groups ?? {});
      if (date === null || (date.type === 'calendar' && !date.month)) continue;
      let from = m.index;
      if (pattern.before) {
        const preceding = text.slice(Math.max(0, from - 24), from);
        if (pattern.before.reject?.test(preceding) || (pattern.before.accept && !pattern.before.accept(m.groups ?? {}, preceding))) continue;
        from -= pattern.before.extend?.exec(preceding)?.[0].length ?? 0;
      }
      found.push({ kind: 'date', rule: pattern.rule, role: 'claim', from, to: m.index + m[0].length, date });
    }
  }
  return mergeWeekdays(longestFirst(found), text);
}

/** "الخميس 12 نوفمبر" / "Thursday, 12 November": one expression, the weekday checks the day. */
function mergeWeekdays(findings: Finding[], text: string): Finding[] {
  const merged: Finding[] = [];
  for (const f of findings) {
    const previous = merged[merged.length - 1];
    if (
      previous?.date?.type === 'weekday' && previous.date.qualifier === undefined &&
      f.date?.type === 'calendar' && f.date.day !== undefined &&
      /^[ ,،]{0,3}$/u.test(text.slice(previous.to, f.from))
    ) {
      merged[merged.length - 1] = { ...f, from: previous.from, date: { ...f.date, weekday: previous.date.weekday } };
      continue;
    }
    merged.push(f);
  }
  return merged;
}
