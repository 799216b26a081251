import { readFileSync } from 'node:fs';
import { codePointSlice, verifyAnchor } from '@app/text';
import { suggestClaims, type SuggestionDraft } from './suggest.js';

const PUBLISHED = new Date('2026-11-13T09:00:00Z'); // a Friday
const suggest = (body: string, language: string): SuggestionDraft[] => suggestClaims(body, { language, publishedAt: PUBLISHED, timeZone: 'UTC' });

/** The checkable spans of `kind` found in `body`, as written. */
const spansOf = (body: string, language: string, kind: string): string[] =>
  suggest(body, language)
    .filter((s) => s.kind === kind)
    .flatMap((s) => s.spans.filter((sp) => sp.role === 'claim').map((sp) => sp.exact));

const RLM = '\u200f';
const ASTRAL = '𝕏'; // U+1D54F: two UTF-16 units, one code point

describe('date rules', () => {
  it.each([
    ['ar', 'وقع الاتفاق في 16 يوليو 2001 في موسكو.', ['16 يوليو 2001']],
    ['ar', 'وقع الاتفاق في ١٦ تموز ٢٠٠١ في موسكو.', ['١٦ تموز ٢٠٠١']],
    ['ar', 'وصل الوفد في 3 تشرين الثاني/نوفمبر الماضي.', ['3 تشرين الثاني/نوفمبر الماضي']],
    ['ar', 'عُقد اللقاء في 12 نوفمبر الجاري.', ['12 نوفمبر الجاري']],
    ['ar', 'قالت الوزارة، الخميس، إن المحادثات جرت هذا الأسبوع.', ['الخميس', 'هذا الأسبوع']],
    ['ar', 'وصل الوفد أمس، وسيغادر الأسبوع المقبل.', ['أمس', 'الأسبوع المقبل']],
    ['ar', 'ارتفعت الأسعار الشهر الماضي.', ['الشهر الماضي']],
    ['ar', 'الموقعة عام ۲۰۰۱ في بكين.', ['عام ۲۰۰۱']],
    ['ar', 'في البيانات المشتركة في 2024 و2025.', ['في 2024', '2025']],
    ['ar', 'بدأ الاجتماع الساعة 10:30 صباحا يوم الاثنين.', ['الساعة 10:30 صباحا', 'يوم الاثنين']],
    ['ar', 'نُشر القرار بتاريخ 16/7/2001.', ['16/7/2001']],
    ['ar', 'الجولة المقبلة في مارس 2027.', ['مارس 2027']],
    ['ar', 'مارس الوزير ضغوطا كبيرة.', []],
    ['en', 'The treaty was signed on 16 July 2001 in Moscow.', ['16 July 2001']],
    ['en', 'The talks, held on July 16, 2001, ended early.', ['July 16, 2001']],
    ['en', 'The ministry said on Thursday that talks took place this week.', ['on Thursday', 'this week']],
    ['en', 'Prices rose last month and will fall next year.', ['last month', 'next year']],
    ['en', 'The agreement dates from 2001.', ['from 2001'.slice(5)]],
    ['en', 'He arrived yesterday at 9 p.m.', ['yesterday', '9 p.m.']],
    ['en', 'Officials may meet again.', []],
  ])('%s: %s', (language, body, expected) => {
    expect(spansOf(body, language, 'date')).toEqual(expected);
  });

  it('reads through tatweel, diacritics and a right-to-left mark, and keeps their code points in the span', () => {
    const body = `وَصَلَ الوفد يـوم ${RLM}الخمـيس إلى موسكو.`;
    expect(spansOf(body, 'ar', 'date')).toEqual([`يـوم ${RLM}الخمـيس`]);
  });

  it('reports code point offsets after an astral character', () => {
    const body = `${ASTRAL} وصل الوفد في 12 نوفمبر الجاري.`;
    const [date] = suggest(body, 'ar').filter((s) => s.kind === 'date');
    const start = Array.from(body).indexOf('1');
    expect(start).toBe(body.indexOf('1') - 1);
    expect(date!.anchor.position).toEqual({ type: 'TextPositionSelector', start, end: start + 16 });
    expect(codePointSlice(body, start, start + 16)).toBe('12 نوفمبر الجاري');
    expect(verifyAnchor(body, date!.anchor)).toBe(true);
  });
});

describe('number rules', () => {
  it.each([
    ['ar', 'بلغت الصفقة 1.5 مليار دولار.', ['1.5 مليار دولار'], ['number.unit']],
    ['ar', 'بلغت الصفقة ١٫٥ مليار دولار.', ['١٫٥ مليار دولار'], ['number.unit']],
    ['ar', 'نزح أكثر من 20 ألف شخص.', ['أكثر من 20 ألف شخص'], ['number.comparison']],
    ['ar', 'ارتفع التضخم إلى 12% خلال العام.', ['12%'], ['number.percent']],
    ['ar', 'يتراوح العدد بين 10 و20 صاروخا.', ['بين 10 و20 صاروخا'], ['number.range']],
    ['ar', 'خصصت الحكومة ملياري دولار للإعمار.', ['ملياري دولار'], ['number.scale-word']],
    ['ar', 'بلـغ العـدد 3٬500 جنـدي.', ['3٬500 جنـدي'], ['number.unit']],
    ['en', 'The deal is worth $1.5bn over 10 years.', ['$1.5bn', 'over 10 years'], ['number.unit', 'number.comparison']],
    ['en', 'More than 20,000 people fled.', ['More than 20,000 people'], ['number.comparison']],
    ['en', 'Turnout was 61.4 percent.', ['61.4 percent'], ['number.percent']],
    ['en', 'Between 10 and 20 missiles were fired.', ['Between 10 and 20 missiles'], ['number.range']],
    ['en', 'Talks began on 12 November 2025.', [], []],
  ])('%s: %s', (language, body, expected, rules) => {
    const numbers = suggest(body, language).filter((s) => s.kind === 'number');
    expect(numbers.flatMap((s) => s.spans.map((sp) => sp.exact))).toEqual(expected);
    expect(numbers.flatMap((s) => s.spans.map((sp) => sp.rule))).toEqual(rules);
  });
});

describe('quote rules', () => {
  it.each([
    ['ar', 'وقال الوزير: “التعاون مستمر”.', ['“التعاون مستمر”'], 'الوزير', 'quote.paired'],
    ['ar', 'وأكد الوزير أن ”العلاقات متينة” بين البلدين.', ['”العلاقات متينة”'], 'الوزير', 'quote.paired'],
    ['ar', 'وأضافت الوزارة: «لن نتراجع».', ['«لن نتراجع»'], 'الوزارة', 'quote.paired'],
    ['ar', 'ودعت إلى "حوار شامل" بحسب البيان الرسمي.', ['"حوار شامل"'], 'البيان الرسمي', 'quote.paired'],
    ['ar', 'وأكدت الصين في بيان استعدادها لـ”تعميق الثقة” مع موسكو.', ['”تعميق الثقة”'], 'الصين', 'quote.paired'],
    ['ar', 'ومعارضة “الهيمنة”، و”العقوبات الأحادية”.', ['“الهيمنة”', '”العقوبات الأحادية”'], null, 'quote.paired'],
    ['ar', 'وقال المتحدث “إن الاتفاق نهائي.', ['“إن الاتفاق نهائي'], 'المتحدث', 'quote.unbalanced'],
    ['ar', 'وقال الوزير “التعاون مستمر» مع الصين.', ['“التعاون مستمر»'], 'الوزير', 'quote.mixed-styles'],
    ['en', '“We will not back down,” the minister said.', ['“We will not back down,”'], 'the minister', 'quote.paired'],
    ['en', 'The ministry said the talks were “constructive”.', ['“constructive”'], 'The ministry', 'quote.paired'],
    ['en', 'The relationship is "superior to alliances", according to the joint statement.', ['"superior to alliances"'], 'the joint statement', 'quote.paired'],
    ['en', 'Lavrov told reporters ‘the door is open’ on Monday.', ['‘the door is open’'], 'Lavrov', 'quote.paired'],
    ['en', 'The spokesman said: “the talks are over.', ['“the talks are over'], 'The spokesman', 'quote.unbalanced'],
    ['en', 'He called it „historic” yesterday.', ['„historic”'], null, 'quote.paired'],
    ['en', "The minister's deputy didn't comment.", [], null, null],
  ])('%s: %s', (language, body, expected, claimant, rule) => {
    const quotes = suggest(body, language).filter((s) => s.kind === 'quote');
    expect(quotes.flatMap((s) => s.spans.filter((sp) => sp.role === 'claim').map((sp) => sp.exact))).toEqual(expected);
    expect(quotes[0]?.rule ?? null).toBe(rule);
    expect(quotes[0]?.claimant ?? null).toBe(claimant);
  });

  it('counts an astral character in an earlier line as one code point', () => {
    const body = `عنوان ${ASTRAL}${ASTRAL}\nوقال الوزير: “التعاون مستمر”.`;
    const [quote] = suggest(body, 'ar').filter((s) => s.kind === 'quote');
    expect(quote!.anchor.position.start).toBe(Array.from(body).indexOf('“'));
    expect(verifyAnchor(body, quote!.anchor)).toBe(true);
  });

  it('finds a quote that follows an astral character and a right-to-left mark, in code points', () => {
    const body = `${ASTRAL}${RLM} وقال الوزير: “التعاون مستمر”.`;
    const [quote] = suggest(body, 'ar').filter((s) => s.kind === 'quote');
    expect(quote!.anchor.quote.exact).toBe('“التعاون مستمر”');
    expect(quote!.anchor.position.start).toBe(Array.from(body).indexOf('“'));
  });
});

describe('attribution rules', () => {
  it.each([
    ['ar', 'وعقد وزير الدفاع، أندريه بيلوسوف، محادثات مع نظيره الصيني.', ['وزير الدفاع، أندريه بيلوسوف', 'محادثات مع نظيره الصيني']],
    ['ar', 'والتقى شويجو وزير الخارجية الصيني وانج يي في بكين.', ['والتقى شويجو وزير الخارجية الصيني وانج يي', 'وزير الخارجية الصيني وانج يي']],
    ['ar', 'وقالت المتحدثة باسم الخارجية إن الموقف ثابت.', []],
    ['en', 'Defence Minister Andrei Belousov held talks with Zhang Youxia in Moscow.', ['Defence Minister Andrei Belousov', 'held talks with Zhang Youxia']],
    ['en', 'Sergei Shoigu met Foreign Minister Wang Yi in Beijing.', ['met Foreign Minister Wang Yi', 'Foreign Minister Wang Yi']],
    ['en', 'The minister said prices would rise.', []],
  ])('%s: %s', (language, body, expected) => {
    expect(spansOf(body, language, 'attribution')).toEqual(expected);
  });
});

describe('suggestions of the sample article', () => {
  const body = readFileSync(new URL('../../../fixtures/articles/moscow-talks.ar.txt', import.meta.url), 'utf8').normalize('NFC');
  const suggestions = suggestClaims(body, { language: 'ar', publishedAt: new Date('2026-11-14T09:00:00Z'), timeZone: 'Asia/Riyadh' });

  it('anchors every suggestion with selectors that fit the body', () => {
    expect(suggestions.length).toBeGreaterThan(10);
    for (const s of suggestions) expect(verifyAnchor(body, s.anchor)).toBe(true);
  });

  it('groups the spans of a sentence by kind, with the claimant from the reporting verb', () => {
    const first = suggestions[0]!;
    expect(first).toMatchObject({ kind: 'date', claimant: 'وزارة الخارجية الروسية' });
    expect(first.dates.map((d) => [d.expression, d.from, d.to])).toEqual([
      ['الخميس', '2026-11-12', '2026-11-12'],
      ['هذا الأسبوع', '2026-11-09', '2026-11-15'],
    ]);
    const belousov = suggestions.find((s) => s.kind === 'quote' && s.anchor.quote.exact.startsWith('“التعاون العسكري'));
    expect(belousov!.claimant).toBe('بيلوسوف');
  });

  it('gives the same suggestions for the same body', () => {
    expect(suggestClaims(body, { language: 'ar', publishedAt: new Date('2026-11-14T09:00:00Z'), timeZone: 'Asia/Riyadh' })).toEqual(suggestions);
  });

  it('suggests nothing for a language without rules', () => {
    expect(suggestClaims('Встреча состоялась 12 ноября.', { language: 'ru', publishedAt: PUBLISHED, timeZone: 'UTC' })).toEqual([]);
  });
});
