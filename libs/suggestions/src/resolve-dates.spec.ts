import { resolveDate, type DateExpression, type ResolutionContext } from './resolve-dates.js';
import { suggestClaims } from './suggest.js';

const at = (iso: string, timeZone = 'UTC'): ResolutionContext => ({ publishedAt: new Date(iso), timeZone });
const span = (r: ReturnType<typeof resolveDate>) => (r ? [r.from, r.to, r.ambiguous] : null);

describe('date resolution', () => {
  it.each<[string, DateExpression, ResolutionContext, (string | boolean | null)[]]>([
    ['"الخميس" in an article published on a Friday is the day before', { type: 'weekday', weekday: 4 }, at('2026-11-13T09:00:00Z'), ['2026-11-12', '2026-11-12', false]],
    ['a weekday on the publication day is that day', { type: 'weekday', weekday: 5 }, at('2026-11-13T09:00:00Z'), ['2026-11-13', '2026-11-13', false]],
    ['last Monday across a month boundary', { type: 'weekday', weekday: 1, qualifier: -1 }, at('2026-12-02T09:00:00Z'), ['2026-11-30', '2026-11-30', false]],
    ['next Monday across a year boundary', { type: 'weekday', weekday: 1, qualifier: 1 }, at('2026-12-30T09:00:00Z'), ['2027-01-04', '2027-01-04', false]],
    ['"this week" is the ISO week of publication', { type: 'period', unit: 'week', offset: 0 }, at('2026-11-13T09:00:00Z'), ['2026-11-09', '2026-11-15', false]],
    ['"this week" spanning a year boundary', { type: 'period', unit: 'week', offset: 0 }, at('2026-12-31T09:00:00Z'), ['2026-12-28', '2027-01-03', false]],
    ['"last week" in the first days of a year', { type: 'period', unit: 'week', offset: -1 }, at('2027-01-02T09:00:00Z'), ['2026-12-21', '2026-12-27', false]],
    ['"الشهر الماضي" in January is last December', { type: 'period', unit: 'month', offset: -1 }, at('2027-01-15T09:00:00Z'), ['2026-12-01', '2026-12-31', false]],
    ['"next month" in December', { type: 'period', unit: 'month', offset: 1 }, at('2026-12-15T09:00:00Z'), ['2027-01-01', '2027-01-31', false]],
    ['"last month" from 31 March is February (a short month)', { type: 'period', unit: 'month', offset: -1 }, at('2027-03-31T09:00:00Z'), ['2027-02-01', '2027-02-28', false]],
    ['"last year"', { type: 'period', unit: 'year', offset: -1 }, at('2027-01-01T09:00:00Z'), ['2026-01-01', '2026-12-31', false]],
    ['"أمس" on the first of a month', { type: 'day-offset', offset: -1 }, at('2027-03-01T09:00:00Z'), ['2027-02-28', '2027-02-28', false]],
    ['"tomorrow" on 31 December', { type: 'day-offset', offset: 1 }, at('2026-12-31T09:00:00Z'), ['2027-01-01', '2027-01-01', false]],
    ['"12 نوفمبر الجاري" is 12 November of the publication year', { type: 'calendar', day: 12, month: 11, qualifier: 0 }, at('2026-11-20T09:00:00Z'), ['2026-11-12', '2026-11-12', false]],
    ['a day and month before publication: the publication year', { type: 'calendar', day: 12, month: 11 }, at('2026-11-20T09:00:00Z'), ['2026-11-12', '2026-11-12', false]],
    ['"28 December" in a January article: last year, reported as ambiguous', { type: 'calendar', day: 28, month: 12 }, at('2027-01-05T09:00:00Z'), ['2026-12-28', '2026-12-28', true]],
    ['"20 December" in an early December article: still to come, ambiguous', { type: 'calendar', day: 20, month: 12 }, at('2026-12-05T09:00:00Z'), ['2026-12-20', '2026-12-20', true]],
    ['"ديسمبر الماضي" in January', { type: 'calendar', month: 12, qualifier: -1 }, at('2027-01-05T09:00:00Z'), ['2026-12-01', '2026-12-31', false]],
    ['"16 July 2001" needs no publication time', { type: 'calendar', day: 16, month: 7, year: 2001 }, { publishedAt: null, timeZone: 'UTC' }, ['2001-07-16', '2001-07-16', false]],
    ['"31 February 2001" is no date', { type: 'calendar', day: 31, month: 2, year: 2001 }, at('2026-01-01T00:00:00Z'), [null, null, true]],
    ['"5/7/2001" reads day first and says the order is a choice', { type: 'numeric', first: 5, second: 7, year: 2001, dayFirst: true }, at('2026-01-01T00:00:00Z'), ['2001-07-05', '2001-07-05', true]],
    ['"16/7/2001" has only one reading', { type: 'numeric', first: 16, second: 7, year: 2001, dayFirst: false }, at('2026-01-01T00:00:00Z'), ['2001-07-16', '2001-07-16', false]],
    ['a relative date without a publication time is unresolved, not guessed', { type: 'weekday', weekday: 4 }, { publishedAt: null, timeZone: 'UTC' }, [null, null, true]],
  ])('%s', (_name, expr, context, expected) => {
    expect(span(resolveDate(expr, context))).toEqual(expected);
  });

  it('reads the publication date in the article time zone near midnight', () => {
    // 22:30 UTC on Thursday 12 November is already Friday 13 November in Riyadh (UTC+3).
    const late = '2026-11-12T22:30:00Z';
    expect(span(resolveDate({ type: 'day-offset', offset: -1 }, at(late, 'Asia/Riyadh')))).toEqual(['2026-11-12', '2026-11-12', false]);
    expect(span(resolveDate({ type: 'day-offset', offset: -1 }, at(late, 'UTC')))).toEqual(['2026-11-11', '2026-11-11', false]);
    // And 01:00 UTC on 1 January is still 31 December in New York: "this year" is the year before.
    expect(span(resolveDate({ type: 'period', unit: 'year', offset: 0 }, at('2027-01-01T01:00:00Z', 'America/New_York')))).toEqual(['2026-01-01', '2026-12-31', false]);
  });

  it('looks forward for a bare weekday in a sentence about the future, and says so', () => {
    const [s] = suggestClaims('Officials will meet again on Thursday.', { language: 'en', ...at('2026-11-13T09:00:00Z') });
    expect(s!.dates[0]).toMatchObject({ from: '2026-11-19', ambiguous: true, reason: 'future-context' });
  });

  it('flags a weekday that does not match the date it names', () => {
    const [s] = suggestClaims('وصل الوفد الخميس 14 نوفمبر 2026.', { language: 'ar', ...at('2026-11-20T09:00:00Z') });
    expect(s!.dates[0]).toMatchObject({ from: '2026-11-14', ambiguous: true, reason: 'weekday-does-not-match' });
  });
});
