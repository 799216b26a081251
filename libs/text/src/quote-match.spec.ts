import { readFileSync } from 'node:fs';
import { normalizeForMatch } from './arabic.js';
import {
  DEFAULT_QUOTE_THRESHOLD,
  extractQuotedWording,
  findNumbers,
  matchQuote,
  quoteSignal,
  type NumberSignal,
  type QuoteMatch,
  type WordDiffPart,
} from './quote-match.js';

const ARTICLE = readFileSync(new URL('../../../fixtures/articles/moscow-talks.ar.txt', import.meta.url), 'utf8');
const ARTICLE_LINES = ARTICLE.trimEnd().split('\n');

const FATHA = '\u064e';
const SHADDA = '\u0651';
const TATWEEL = '\u0640';

/** Positions are code points: slicing the source's code points must give back the passage. */
function expectConsistent(source: string, match: QuoteMatch): void {
  expect(match.passage).not.toBeNull();
  expect(Array.from(source).slice(match.start!, match.end!).join('')).toBe(match.passage);
}

const NO_MATCH = { passage: null, start: null, end: null, diff: null };

// The altered wording: المتبادلة → الكاملة, and كلا dropped.
const BELOUSOV = 'التعاون العسكري بين روسيا والصين، يقوم على الثقة المتبادلة، وفهم مصالح كلا البلدين';
const ALTERED = 'التعاون العسكري بين روسيا والصين يقوم على الثقة الكاملة وفهم مصالح البلدين';
const ALTERED_DIFF: WordDiffPart[] = [
  { op: 'equal', text: 'التعاون العسكري بين روسيا والصين يقوم علي الثقه' },
  { op: 'delete', text: 'الكامله' },
  { op: 'insert', text: 'المتبادله' },
  { op: 'equal', text: 'وفهم مصالح' },
  { op: 'insert', text: 'كلا' },
  { op: 'equal', text: 'البلدين' },
];

const EMOJI_SOURCE = '😀𝕏 قال الوزير: “نحن مستعدون للحوار مع كل الأطراف” 😀 ثم غادر.';
const VOWELLED_SOURCE = `قالت الوزارة إن الطرفين أك${FATHA}${SHADDA}د${FATHA}ا “التزامهما بمواصلة تعزيزهما”.`;

describe('matchQuote', () => {
  it.each<[string, string, string, 'exact' | 'normalized', string]>([
    ['exact English', 'We are ready to talk', 'The minister said: "We are ready to talk." Then he left.', 'exact', 'We are ready to talk'],
    ['exact Arabic from the article', 'ارتياحهما المتبادل لمستوى وجودة الحوار', ARTICLE, 'exact', 'ارتياحهما المتبادل لمستوى وجودة الحوار'],
    ['exact Arabic with its curly quotes', '“التزامهما بمواصلة تعزيزهما”', ARTICLE, 'exact', '“التزامهما بمواصلة تعزيزهما”'],
    ['exact after NFC of the quote (shadda typed before fatha)', `أك${SHADDA}${FATHA}د${FATHA}ا`, VOWELLED_SOURCE, 'exact', `أك${FATHA}${SHADDA}د${FATHA}ا`],
    ['exact in a non-NFC source', 'Café', 'Le Cafe\u0301 de Moscou', 'exact', 'Cafe\u0301'],
    ['exact after emoji (astral characters before the match)', 'نحن مستعدون للحوار', EMOJI_SOURCE, 'exact', 'نحن مستعدون للحوار'],
    ['bare quote, source with fatha and shadda', 'الطرفين أكدا “التزامهما', VOWELLED_SOURCE, 'normalized', `الطرفين أك${FATHA}${SHADDA}د${FATHA}ا “التزامهما`],
    ['diacritics ending the match stay in the passage', 'مع الصين"، لافتا', ARTICLE, 'normalized', 'مع الصين”، لافتاً'],
    ['diacritised quote, bare source', `ل${FATHA}افت${FATHA}اً إل${FATHA}ى أن`, ARTICLE, 'normalized', 'لافتاً إلى أن'],
    ['ا in the quote, أ in the source', 'واكدا "التزامهما', 'وأكدا “التزامهما”', 'normalized', 'وأكدا “التزامهما'],
    ['ا in the quote, أ in the article', 'اعلى من التحالفات السياسية-العسكرية', ARTICLE, 'normalized', 'أعلى من التحالفات السياسية-العسكرية'],
    ['أ in the quote, ا in the source', 'أجرتا محادثات في العاصمة', 'اجرتا محادثات في العاصمة موسكو', 'normalized', 'اجرتا محادثات في العاصمة'],
    ['straight quotes around, curly in the source', '"التزامهما بمواصلة تعزيزهما"', ARTICLE, 'normalized', '“التزامهما بمواصلة تعزيزهما”'],
    ['curly quotes, ” opening after a proclitic', 'لـ"تعميق الثقة السياسية', ARTICLE, 'normalized', 'لـ”تعميق الثقة السياسية'],
    ['« » for “ ”', 'الأطراف» 😀', EMOJI_SOURCE, 'normalized', 'الأطراف” 😀'],
    ['straight quotes inside, curly after emoji', 'الوزير: "نحن', EMOJI_SOURCE, 'normalized', 'الوزير: “نحن'],
    ['tatweel in the source', 'الوزير إن المحادثات', `قال الوزيـ${TATWEEL}${TATWEEL}ـر إن المحادثات جرت`, 'normalized', `الوزيـ${TATWEEL}${TATWEEL}ـر إن المحادثات`],
    ['tatweel in the quote', 'الـــروسية الصينية', ARTICLE, 'normalized', 'الروسية الصينية'],
    ['case and whitespace', 'we  ARE\nready', 'The minister said: "We are ready to talk."', 'normalized', 'We are ready'],
    ['Arabic-Indic digits in the quote', 'في ١٢ نوفمبر الجاري', ARTICLE, 'normalized', 'في 12 نوفمبر الجاري'],
  ])('%s', (_name, quote, source, kind, passage) => {
    const match = matchQuote(quote, source);
    expect(match).toMatchObject({ kind, score: 1, passage, diff: null });
    expectConsistent(source, match);
  });

  it.each([
    ['altered wording (one word changed, one dropped)', ALTERED, ARTICLE, BELOUSOV],
    ['altered wording after emoji', 'نحن مستعدون للحوار مع الأطراف', EMOJI_SOURCE, 'نحن مستعدون للحوار مع كل الأطراف'],
  ])('%s → fuzzy', (_name, quote, source, passage) => {
    const match = matchQuote(quote, source);
    expect(match).toMatchObject({ kind: 'fuzzy', passage });
    expect(match.score).toBeGreaterThanOrEqual(DEFAULT_QUOTE_THRESHOLD);
    expect(match.score).toBeLessThan(1);
    expect(match.diff!.some((part) => part.op !== 'equal')).toBe(true);
    expectConsistent(source, match);
  });

  it.each([
    ['unrelated English quote', 'The weather in Paris will be sunny all week', ARTICLE],
    ['unrelated Arabic quote', 'ارتفعت أسعار النفط في الأسواق الآسيوية صباح اليوم', ARTICLE],
    ['unrelated quote after emoji', 'ارتفعت أسعار النفط في الأسواق الآسيوية', EMOJI_SOURCE],
  ])('%s → none with a low score', (_name, quote, source) => {
    const match = matchQuote(quote, source);
    expect(match).toMatchObject({ kind: 'none', ...NO_MATCH });
    expect(match.score).toBeGreaterThanOrEqual(0);
    expect(match.score).toBeLessThan(0.5);
  });

  it('reports the passage position in code points after astral characters', () => {
    const match = matchQuote('نحن مستعدون', EMOJI_SOURCE);
    expect(match).toMatchObject({ kind: 'exact', start: 16, end: 27 });
    expect(EMOJI_SOURCE.indexOf('نحن مستعدون')).toBe(18); // UTF-16: two units ahead
  });

  it('gives the word diff of exactly the changed and the dropped word', () => {
    const match = matchQuote(ALTERED, ARTICLE);
    expect(match.kind).toBe('fuzzy');
    expect(match.diff).toEqual(ALTERED_DIFF);
    expect(match.end! - match.start!).toBe(BELOUSOV.length);
    expect(ARTICLE.indexOf(BELOUSOV)).toBeGreaterThan(0);
  });

  it('gives an English word diff with insert and delete the right way round', () => {
    const source = 'The minister said that both countries are ready to deepen military cooperation next year.';
    const match = matchQuote('both countries are willing to deepen cooperation next year', source);
    expect(match).toMatchObject({ kind: 'fuzzy', passage: 'both countries are ready to deepen military cooperation next year' });
    expect(match.diff).toEqual([
      { op: 'equal', text: 'both countries are' },
      { op: 'delete', text: 'willing' },
      { op: 'insert', text: 'ready' },
      { op: 'equal', text: 'to deepen' },
      { op: 'insert', text: 'military' },
      { op: 'equal', text: 'cooperation next year' },
    ]);
    expectConsistent(source, match);
  });

  it('reports the best score as none below the threshold', () => {
    const fuzzy = matchQuote(ALTERED, ARTICLE);
    const strict = matchQuote(ALTERED, ARTICLE, { threshold: 0.99 });
    expect(strict).toEqual({ kind: 'none', score: fuzzy.score, ...NO_MATCH });
    expect(matchQuote(ALTERED, ARTICLE, { threshold: fuzzy.score }).kind).toBe('fuzzy');
  });

  it.each(['', '   ', '\n\t', '\u200f\u0640'])('gives none with score 0 for the empty quote %j', (quote) => {
    expect(matchQuote(quote, ARTICLE)).toEqual({ kind: 'none', score: 0, ...NO_MATCH });
  });

  it('gives none with score 0 for an empty source', () => {
    expect(matchQuote('نحن مستعدون', '')).toEqual({ kind: 'none', score: 0, ...NO_MATCH });
  });

  it.each([-0.1, 1.5, Number.NaN])('throws RangeError for threshold %p', (threshold) => {
    expect(() => matchQuote('x', 'x', { threshold })).toThrow(RangeError);
  });

  describe('on a 100,000-word source', () => {
    // Deterministic filler drawn from the article's own words, so most windows share words with the quote.
    const vocabulary = normalizeForMatch(ARTICLE.replace(BELOUSOV, '')).split(' ');
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const filler = (count: number): string =>
      Array.from({ length: count }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(' ');
    const source = `😀 ${filler(70_000)} وقال بيلوسوف إن “${BELOUSOV}”. ${filler(30_000)}`;

    it('finds the altered wording', () => {
      expect(source.split(/\s+/u).length).toBeGreaterThan(100_000);
      const match = matchQuote(ALTERED, source);
      expect(match.kind).toBe('fuzzy');
      expect(match.passage).toBe(BELOUSOV);
      expect(match.diff).toEqual(ALTERED_DIFF);
      expectConsistent(source, match);
    });

    it('reports an unrelated quote as none', () => {
      const match = matchQuote('The weather in Paris will be sunny all week', source);
      expect(match.kind).toBe('none');
      expect(match.score).toBeLessThan(0.5);
    });
  });
});

describe('extractQuotedWording', () => {
  it.each<[string, string, string[]]>([
    ['line 1 (no quotes)', ARTICLE_LINES[0]!, []],
    [
      'line 2 (“…”)',
      ARTICLE_LINES[1]!,
      [
        'جرت مناقشة متعمقة للقضايا المذكورة، بما في ذلك تحليل مشترك للعوامل المزعزعة للاستقرار ذات الصلة التي تخلق مخاطر استراتيجية على الأمن العالمي والإقليمي، بالإضافة إلى تبادل وجهات النظر حول سبل الحد منها',
      ],
    ],
    ['line 3 (two “…”)', ARTICLE_LINES[2]!, ['ارتياحهما المتبادل لمستوى وجودة الحوار والتفاعل الثنائي في هذه المجالات', 'التزامهما بمواصلة تعزيزهما']],
    [
      'the لـ”…” line',
      ARTICLE_LINES.find((line) => line.includes('لـ”تعميق'))!,
      ['تعميق الثقة السياسية، وتعزيز التنسيق الاستراتيجي، وتوسيع التعاون العملي', 'المصالح المشروعة للبلدين'],
    ],
    [
      'the last line (“…” then و”…”)',
      ARTICLE_LINES.at(-1)!,
      ['العصر الجديد', 'الهيمنة', 'العقوبات الأحادية', 'استخدام الفضاء، والفضاء السيبراني لأغراض عسكرية هجومية'],
    ],
    ['«…»', 'ومعارضة «الهيمنة» و«العقوبات الأحادية»', ['الهيمنة', 'العقوبات الأحادية']],
    ['nested « “…” »', 'قال: «نرفض “الهيمنة” بكل أشكالها»', ['نرفض “الهيمنة” بكل أشكالها']],
    ['„…“', 'Er sagte „Wir sind bereit“ und ging.', ['Wir sind bereit']],
    ['straight double quotes, trimmed', 'He said " we are ready " and left', ['we are ready']],
    ['‘…’ with an apostrophe inside', 'He called it ‘Russia’s partner’ twice', ['Russia’s partner']],
    ["straight '…'", "He called it 'a partnership' twice", ['a partnership']],
    ['apostrophes only', 'the minister’s plan and Russia\'s army', []],
    ['inch marks', 'a 15" screen and a 17" one', []],
    ['inch marks then a quote', 'a 15" screen, "brand new"', ['brand new']],
    ['empty and blank quotes', 'he said “” and “  ” twice', []],
    ['an unclosed quote', 'وأكدا “التزامهما بمواصلة تعزيزهما', []],
    ['astral characters inside', 'قال “نحن 😀 مستعدون”', ['نحن 😀 مستعدون']],
  ])('%s', (_name, text, expected) => {
    expect(extractQuotedWording(text)).toEqual(expected);
  });

  it('finds every quoted segment of the article in order, each of them in the article', () => {
    const segments = extractQuotedWording(ARTICLE);
    expect(segments).toHaveLength(18);
    for (const segment of segments) expect(ARTICLE).toContain(segment);
    for (const segment of segments) expect(matchQuote(segment, ARTICLE).kind).toBe('exact');
  });
});

describe('findNumbers', () => {
  it.each<[string, string, string, NumberSignal[]]>([
    ['a day against Arabic-Indic digits', '12 نوفمبر', 'التقيا في ١٢ نوفمبر الجاري', [{ value: '12', found: true }]],
    ['Arabic-Indic digits in the claim', 'في ١٢ نوفمبر', ARTICLE, [{ value: '12', found: true }]],
    ['a year inside another year', '2001', 'في عام 2014', [{ value: '2001', found: false }]],
    ['a prefix of a longer digit run', '201', 'في عام 2014', [{ value: '201', found: false }]],
    ['a suffix of a longer digit run', '014', 'في عام 2014', [{ value: '014', found: false }]],
    [
      'years from the article',
      'وقعت المعاهدة عام 2001 وصدر البيان في 2022 ثم في 2023',
      ARTICLE,
      [
        { value: '2001', found: true },
        { value: '2022', found: true },
        { value: '2023', found: false },
      ],
    ],
    ['a year glued to a proclitic', 'في 2024 و2025', 'البيانات المشتركة في ٢٠٢٤ و٢٠٢٥', [{ value: '2024', found: true }, { value: '2025', found: true }]],
    ['thousands separators on either side', '1,500 جندي و٢٠٠٠ دبابة', 'شارك 1500 جندي و2,000 دبابة', [{ value: '1500', found: true }, { value: '2000', found: true }]],
    ['a whole number is not a decimal', '12%', 'ارتفع 12.5%', [{ value: '12', found: false }]],
    ['repeated numbers once', '12 ثم 12 ثم 7', '12', [{ value: '12', found: true }, { value: '7', found: false }]],
    ['no numbers', 'روسيا والصين', ARTICLE, []],
  ])('%s', (_name, claim, source, expected) => {
    expect(findNumbers(claim, source)).toEqual(expected);
  });
});

describe('quoteSignal across languages', () => {
  const english = 'The relationship is superior to political and military alliances of the Cold War era, the statement says.';
  const arabic = 'إن العلاقات تفوق التحالفات السياسية والعسكرية في حقبة الحرب الباردة';

  it('says "not comparable: different languages" for Arabic wording against an English source, with both languages', () => {
    expect(quoteSignal('تفوق التحالفات السياسية والعسكرية', english, { quoteLanguage: 'ar', sourceLanguage: 'en' })).toEqual({
      kind: 'not-comparable',
      reason: 'different-languages',
      quoteLanguage: 'ar',
      sourceLanguage: 'en',
      score: null,
      passage: null,
      start: null,
      end: null,
      diff: null,
    });
  });

  it('tells languages of the same script apart when the source states its language', () => {
    expect(quoteSignal('superior to alliances', 'Supérieure aux alliances de la guerre froide.', { quoteLanguage: 'en', sourceLanguage: 'fr' })).toMatchObject({ kind: 'not-comparable', quoteLanguage: 'en', sourceLanguage: 'fr' });
  });

  it('leaves same-language signals as matchQuote gives them', () => {
    const quote = 'superior to political and military alliances of the Cold War era';
    expect(quoteSignal(quote, english, { quoteLanguage: 'ar', sourceLanguage: 'en' })).toEqual(matchQuote(quote, english));
    expect(quoteSignal('التحالفات السياسية والعسكرية', arabic, { quoteLanguage: 'ar', sourceLanguage: null })).toEqual(matchQuote('التحالفات السياسية والعسكرية', arabic));
    expect(quoteSignal('superior to alliances', english, { quoteLanguage: 'en-GB', sourceLanguage: 'en' })).toEqual(matchQuote('superior to alliances', english));
  });
});
