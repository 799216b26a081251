import { suggestClaims } from './suggest.js';

const TATWEEL = 'ـ';

/** The date spans of `body` with what each resolves to (published Friday 13 November 2026, UTC). */
const datesOf = (body: string, language: string) =>
  suggestClaims(body, { language, publishedAt: new Date('2026-11-13T09:00:00Z'), timeZone: 'UTC' })
    .flatMap((s) => s.dates)
    .map((d) => [d.expression, d.from, d.to, d.found]);

describe('day ranges', () => {
  it.each([
    ['ar', 'تعقد القمة 10–12 نوفمبر في الرياض.', '10–12 نوفمبر', '2026-11-10', '2026-11-12'],
    ['ar', 'تعقد القمة من 10 إلى 12 نوفمبر في الرياض.', 'من 10 إلى 12 نوفمبر', '2026-11-10', '2026-11-12'],
    ['ar', 'جرت المحادثات بين 3 و5 آذار الماضي.', 'بين 3 و5 آذار الماضي', '2026-03-03', '2026-03-05'],
    ['ar', 'جرت المحادثات بين ٣ و٥ آذار ٢٠٢٤.', 'بين ٣ و٥ آذار ٢٠٢٤', '2024-03-03', '2024-03-05'],
    ['ar', `تعقد القمة من ١٠ إلى ١٢ نوفمـ${TATWEEL}ـبر الجاري.`, `من ١٠ إلى ١٢ نوفمـ${TATWEEL}ـبر الجاري`, '2026-11-10', '2026-11-12'],
    ['ar', 'ينظم المعرض من 10 إلى 12 ماي المقبل.', 'من 10 إلى 12 ماي المقبل', '2027-05-10', '2027-05-12'],
    ['ar', 'أقيم المهرجان 1-3 تشرين الأول/أكتوبر.', '1-3 تشرين الأول/أكتوبر', '2026-10-01', '2026-10-03'],
    ['en', 'The summit runs 10-12 November in Riyadh.', '10-12 November', '2026-11-10', '2026-11-12'],
    ['en', 'The summit runs from 10 to 12 November in Riyadh.', 'from 10 to 12 November', '2026-11-10', '2026-11-12'],
    ['en', 'Talks were held between 3 and 5 March 2024.', 'between 3 and 5 March 2024', '2024-03-03', '2024-03-05'],
    ['en', 'A campaign is planned for Aug. 10-14 in the worst-hit districts.', 'Aug. 10-14', '2026-08-10', '2026-08-14'],
    ['en', 'Voting took place November 2–4, 2025.', 'November 2–4, 2025', '2025-11-02', '2025-11-04'],
  ])('%s: %s', (language, body, expression, from, to) => {
    expect(datesOf(body, language)).toEqual([[expression, from, to, 'date.day-range']]);
  });

  it('reads a range that ends before it starts as no range', () => {
    expect(datesOf('The fair runs 12-10 November.', 'en').map(([, , , rule]) => rule)).not.toContain('date.day-range');
  });

  it('reports a range ending on a day the month does not have as unresolved', () => {
    const [range] = suggestClaims('Talks run from 28 to 31 February 2027.', { language: 'en', publishedAt: new Date('2026-11-13T09:00:00Z'), timeZone: 'UTC' }).flatMap((s) => s.dates);
    expect(range).toMatchObject({ found: 'date.day-range', from: null, to: null, ambiguous: true, reason: 'no-such-day' });
  });

  it('a range still to come without a year is read like its first day (the nearer year, ambiguous)', () => {
    const [range] = suggestClaims('The forum meets from 2 to 4 December.', { language: 'en', publishedAt: new Date('2026-11-13T09:00:00Z'), timeZone: 'UTC' }).flatMap((s) => s.dates);
    expect(range).toMatchObject({ from: '2026-12-02', to: '2026-12-04', ambiguous: true, reason: 'after-publication' });
  });
});

describe('forms first seen in the held-out texts', () => {
  const spans = (body: string, language: string, kind: string) =>
    suggestClaims(body, { language, publishedAt: new Date('2025-02-11T09:00:00Z'), timeZone: 'Africa/Casablanca' })
      .filter((s) => s.kind === kind)
      .flatMap((s) => s.spans.filter((sp) => sp.role === 'claim').map((sp) => sp.exact));
  it.each([
    ['ar', 'number', 'خفض سعر الفائدة إلى 2,25 في المائة.', ['2,25 في المائة']],
    ['ar', 'number', 'بلغت الاحتياطيات 365,5 مليار درهم.', ['365,5 مليار درهم']],
    ['en', 'number', 'Officials recorded 1,342 deaths and 2,5 percent more cases.', ['1,342', '2,5 percent']],
    ['ar', 'number', 'وتسعى الوساطة إلى فتح ثلاثة معابر.', ['ثلاثة معابر']],
    ['ar', 'number', 'خسر المزارعون نحو نصف المحصول بعد أكثر من عامين.', ['نحو نصف', 'أكثر من عامين']],
    ['en', 'number', 'Fuel prices have roughly doubled.', ['roughly doubled']],
    ['ar', 'number', 'يشارك أكثر من 2000 مستثمر.', ['أكثر من 2000']],
    ['ar', 'date', 'خفض البنك الفائدة منذ دجنبر الماضي، وفي توقعات شتنبر.', ['دجنبر الماضي', 'شتنبر']],
    ['ar', 'date', 'رفع البنك توقعاته برسم السنة الجارية.', ['السنة الجارية']],
    ['en', 'date', 'Prices have doubled since March.', ['March']],
    ['ar', 'attribution', 'وقال رئيس جمعية المزارعين في وادي الأردن، خالد الحوراني، إن الخسائر كبيرة.', ['رئيس جمعية المزارعين في وادي الأردن، خالد الحوراني']],
    ['en', 'attribution', '"It is hard," said Maria Lindqvist, chief economist at Northbridge Capital.', ['Maria Lindqvist, chief economist']],
    ['en', 'attribution', "The committee's country director, Laila Haddad, told reporters.", ['country director, Laila Haddad']],
    ['ar', 'attribution', 'قرر المجلس في ختام اجتماعه الفصلي خفض الفائدة.', []],
  ])('%s %s: %s', (language, kind, body, expected) => {
    expect(spans(body, language, kind)).toEqual(expected);
  });
});
