import { dateSignals } from './signals.handler.js';

const claim = (from: string, to: string) => ({
  resolvedDates: [{ expression: 'عام 2001', from, to, rule: 'explicit', ambiguous: false }],
});

describe('the date signal', () => {
  it.each([
    ['an English day', 'The treaty was signed on 16 July 2001 in Moscow.', true],
    ['an Arabic day in Arabic-Indic digits and a Levantine month', 'وُقّعت المعاهدة في ١٦ تموز ٢٠٠١ في موسكو.', true],
    ['an ISO date', 'Signed: 2001-07-16.', true],
    ['a numeric date, day first', 'Signed 16/07/2001.', true],
    ['another day', 'The treaty was signed on 17 July 2001.', false],
    ['no date at all', 'The treaty was signed in Moscow.', false],
  ])('tells whether a claim resolved to 2001-07-16 is stated by %s', (_name, text, found) => {
    expect(dateSignals(claim('2001-07-16', '2001-07-16'), text)).toEqual([{ expression: 'عام 2001', from: '2001-07-16', to: '2001-07-16', found }]);
  });

  it('counts a day within a year claim as stating the year', () => {
    expect(dateSignals(claim('2001-01-01', '2001-12-31'), 'Signed on 16 July 2001.')[0]!.found).toBe(true);
    expect(dateSignals(claim('2001-01-01', '2001-12-31'), 'Signed on 16 July 2002.')[0]!.found).toBe(false);
  });

  it('has nothing to say for a claim without resolved dates', () => {
    expect(dateSignals({ resolvedDates: null }, '16 July 2001')).toEqual([]);
  });
});
