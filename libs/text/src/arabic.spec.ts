import { readFileSync } from 'node:fs';
import { normalizeForMatch, normalizeWithMap } from './arabic.js';
import { codePointLength, codePointSlice } from './unicode.js';

const ARTICLE = readFileSync(new URL('../../../fixtures/articles/moscow-talks.ar.txt', import.meta.url), 'utf8');

describe('normalizeForMatch rules', () => {
  it.each([
    // NFC, but not NFKC
    ['composes e + combining acute', 'Cafe\u0301', 'café'],
    ['composes alef + hamza above, then unifies it', '\u0627\u0654حمد', 'احمد'],
    ['keeps the lam-alef presentation form (no NFKC)', '\ufefb', '\ufefb'],
    ['keeps circled digits and ligatures (no NFKC)', '① ﬁ', '① ﬁ'],
    // harakat U+064B–U+065F
    ['drops fatha, damma, kasra, sukun', 'قَالَتْ رُفِعَ بِـ', 'قالت رفع ب'],
    ['drops shadda', 'الخارجيّة', 'الخارجيه'],
    ['drops tanwin (fathatan, dammatan, kasratan)', 'لافتاً كتابٌ كلٍ', 'لافتا كتاب كل'],
    ['drops the top of the harakat range U+065F', 'ب\u065f', 'ب'],
    ['drops superscript alef U+0670', 'هٰذا', 'هذا'],
    ['drops Quranic marks U+06D6–U+06ED', 'الرَّحِيمِ\u06d6 \u06ed', 'الرحيم'],
    ['drops tatweel', 'الـــروسية لـ', 'الروسيه ل'],
    // letters
    ['unifies alef with hamza above', 'أحمد', 'احمد'],
    ['unifies alef with hamza below', 'إلى', 'الي'],
    ['unifies alef with madda', 'آفاق', 'افاق'],
    ['unifies alef wasla', 'ٱلله', 'الله'],
    ['turns alef maqsura into yeh', 'مستوى', 'مستوي'],
    ['turns teh marbuta into heh', 'العلاقة', 'العلاقه'],
    ['turns waw with hamza into waw', 'مؤتمر', 'موتمر'],
    ['turns yeh with hamza into yeh', 'رئيس', 'رييس'],
    // digits
    ['converts Arabic-Indic digits', '١٢ نوفمبر ٢٠٠١', '12 نوفمبر 2001'],
    ['converts Extended (Persian) digits', '۱۲۳۴۵۶۷۸۹۰', '1234567890'],
    ['keeps ASCII digits', '2024 و2025', '2024 و2025'],
    // quotes
    ['unifies “ ” to "', '“شراكة”', '"شراكه"'],
    ['unifies uneven ” ” to "', 'لـ”تعميق الثقة”', 'ل"تعميق الثقه"'],
    ['unifies „ and ‟', '„a‟', '"a"'],
    ['unifies « » to "', '«الهيمنة»', '"الهيمنه"'],
    ['unifies double prime ″', '12″', '12"'],
    ['keeps straight double quotes', '"x"', '"x"'],
    ['unifies ‘ ’ ‚ ′ to \'', '‘a’ ‚b′', "'a' 'b'"],
    // invisible controls
    ['strips zero-width space/joiners and LRM/RLM', 'رو\u200bسيا\u200c\u200d\u200e\u200f', 'روسيا'],
    ['strips bidi embeddings and overrides', '\u202aموسكو\u202b\u202c\u202d\u202e', 'موسكو'],
    ['strips bidi isolates', '\u2066موسكو\u2067\u2068\u2069', 'موسكو'],
    ['strips BOM and Arabic letter mark', '\ufeff\u061cبكين', 'بكين'],
    // case and spacing
    ['lower-cases Latin', 'Moscow NATO Ça', 'moscow nato ça'],
    ['lower-cases other cased scripts too', 'МОСКВА', 'москва'],
    ['collapses whitespace runs, including NBSP and newlines', 'a \u00a0\t\n\u2009 b', 'a b'],
    ['trims', ' \n موسكو \u3000', 'موسكو'],
    ['removes a stray mark between spaces without leaving two spaces', 'a \u064e b', 'a b'],
    ['returns empty for invisible-only input', '\u200f \u0640', ''],
  ])('%s', (_name, input, expected) => {
    expect(normalizeForMatch(input)).toBe(expected);
  });
});

describe('normalizeForMatch on the sample article', () => {
  it.each([
    [
      'a fully vowelled sentence',
      'قَالَتْ وِزَارَةُ الْخَارِجِيَّةِ الرُّوسِيَّةِ، الْخَمِيسَ، إِنَّ رُوسِيَا وَالصِّينَ أَجْرَتَا مُحَادَثَاتٍ',
    ],
    ['the same words with tatweel, straight spacing and a bidi mark', 'قالـت  وزارة الخارجيـة\u200f الروسية، الخميس، إن روسيا والصين أجرتا محادثات'],
  ])('matches the article despite %s', (_name, variant) => {
    const original = 'قالت وزارة الخارجية الروسية، الخميس، إن روسيا والصين أجرتا محادثات';
    expect(ARTICLE).toContain(original);
    expect(normalizeForMatch(variant)).toBe(normalizeForMatch(original));
    expect(normalizeForMatch(ARTICLE)).toContain(normalizeForMatch(variant));
  });

  it('matches a sentence with diacritics and curly quotes against a bare, straight-quoted copy', () => {
    const original = 'لاحقاً، رُفع مستوى العلاقة إلى “شراكة تنسيق استراتيجي شاملة لعصر جديد”';
    const bare = 'لاحقا، رفع مستوي العلاقه الي "شراكه تنسيق استراتيجي شامله لعصر جديد"';
    expect(ARTICLE).toContain(original);
    expect(normalizeForMatch(original)).toBe(normalizeForMatch(bare));
    expect(normalizeForMatch(original)).not.toBe(original);
  });
});

describe('normalizeWithMap', () => {
  it.each([
    ['a vowelled word keeps the index of each letter', 'كَتَبَ', 'كتب', [0, 2, 4, 6]],
    ['tatweel is skipped, alef forms map one to one', 'أمـــل', 'امل', [0, 1, 5, 6]],
    ['a collapsed space maps to the first space of its run', '  Hi   Moscow  ', 'hi moscow', [2, 3, 4, 7, 8, 9, 10, 11, 12, 13]],
    ['astral characters count as one code point', '𝕏 ١٢', '𝕏 12', [0, 1, 2, 3, 4]],
    ['decomposed input: a composed letter maps to its base', 'Cafe\u0301 x', 'café x', [0, 1, 2, 3, 5, 6, 7]],
    ['dropped leading controls are skipped', '\u200fموسكو', 'موسكو', [1, 2, 3, 4, 5, 6]],
    ['empty input has only the end entry', '', '', [0]],
  ])('%s', (_name, input, text, map) => {
    const result = normalizeWithMap(input);
    expect(result).toEqual({ text, map });
    expect(result.map).toHaveLength(codePointLength(result.text) + 1);
  });

  it('is what normalizeForMatch returns', () => {
    expect(normalizeWithMap(ARTICLE).text).toBe(normalizeForMatch(ARTICLE));
  });

  it('maps a match in normalised text back to the original span, diacritics included', () => {
    const { text, map } = normalizeWithMap(ARTICLE);
    const needle = normalizeForMatch('لافتا الي ان "علاقات الصداقه');
    const at = Array.from(text.slice(0, text.indexOf(needle))).length;
    const span = codePointSlice(ARTICLE, map[at]!, map[at + codePointLength(needle)]!);
    expect(span).toBe('لافتاً إلى أن “علاقات الصداقة');
  });

  it('is non-decreasing and round-trips every word of the article', () => {
    const { text, map } = normalizeWithMap(ARTICLE);
    expect(map.every((value, i) => i === 0 || value >= map[i - 1]!)).toBe(true);
    let at = 0;
    for (const word of text.split(' ')) {
      const length = codePointLength(word);
      const original = codePointSlice(ARTICLE, map[at]!, map[at + length]!);
      expect(normalizeForMatch(original)).toBe(word);
      at += length + 1;
    }
    expect(at - 1).toBe(codePointLength(text));
  });

  it('maps a long article (≈ 200k code points) whole', () => {
    const long = ARTICLE.repeat(70); // ≈ 200k code points
    const { text, map } = normalizeWithMap(long);
    expect(map).toHaveLength(codePointLength(text) + 1);
    expect(map.at(-1)).toBeLessThanOrEqual(codePointLength(long));
    expect(map.at(-1)).toBeGreaterThan(codePointLength(long) - 5); // only trailing space is folded away
  });
});
