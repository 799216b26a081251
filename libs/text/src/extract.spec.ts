import { readFileSync } from 'node:fs';
import { extractNumbers, guessClaimKind, looksLikeQuote, type GuessedClaimKind } from './extract.js';

const ARTICLE_LINES = readFileSync(new URL('../../../fixtures/articles/moscow-talks.ar.txt', import.meta.url), 'utf8').split('\n');

describe('extractNumbers', () => {
  it.each<[string, string, string[]]>([
    ['a day and a year', 'في 12 نوفمبر 2001', ['12', '2001']],
    ['Arabic-Indic digits', '١٢ نوفمبر ٢٠٠١', ['12', '2001']],
    ['Persian digits', 'سال ۲۰۲۴', ['2024']],
    ['a number glued to a proclitic', 'البيانات المشتركة في 2024 و2025', ['2024', '2025']],
    ['a year from the article', 'الموقعة عام 2001، التي تنص', ['2001']],
    ['thousands separators', '1,500,000 troops', ['1500000']],
    ['the Arabic thousands separator', '١٬٥٠٠ جندي', ['1500']],
    ['the Arabic decimal separator', '٣٫٥ مليار دولار', ['3.5']],
    ['a decimal point and a percentage', 'rose 12.5% in 2023.', ['12.5', '2023']],
    ['a comma that is a list, not thousands', '2024,2025', ['2024', '2025']],
    ['a comma followed by four digits', '1,2345', ['1', '2345']],
    ['numbers split by the Arabic comma', 'الأعوام ١، ٢، ٣', ['1', '2', '3']],
    ['digits inside a name', 'COVID-19', ['19']],
    ['bidi marks around digits', 'في \u200f١٢\u200f نوفمبر', ['12']],
    ['no digits', 'روسيا والصين', []],
  ])('%s', (_name, input, expected) => {
    expect(extractNumbers(input)).toEqual(expected);
  });
});

describe('looksLikeQuote', () => {
  it.each<[string, string, boolean]>([
    ['“…” in Arabic', 'قال بيلوسوف إن “التعاون العسكري بين روسيا والصين”', true],
    ['”…” opened with the closing quote after a proclitic', 'استعداد بكين لـ”تعميق الثقة السياسية”', true],
    ['«…»', 'معارضة «الهيمنة»', true],
    ['„…“', 'Er sagte „Wir sind bereit“', true],
    ['straight double quotes', 'He said "we are ready"', true],
    ['straight single quotes', "He called it 'a partnership'", true],
    ['curly single quotes', 'He called it ‘a partnership’', true],
    ['corner brackets', '他说「合作」', true],
    ['a quoted number', 'the "2001" treaty', true],
    ['apostrophes only (curly)', 'the minister’s plan and Russia’s army', false],
    ['apostrophes only (straight)', "the minister's plan and Russia's army", false],
    ['inch marks', 'a 15″ screen and a 17″ one', false],
    ['empty quotes', 'he said “” twice', false],
    ['a single stray quote', 'وأكدا “التزامهما بمواصلة تعزيزهما', false],
    ['no quotes at all', 'روسيا والصين أجرتا محادثات', false],
  ])('%s → %s', (_name, input, expected) => {
    expect(looksLikeQuote(input)).toBe(expected);
  });

  it('finds quotations on the lines of the sample article that have them', () => {
    expect(looksLikeQuote(ARTICLE_LINES[0]!)).toBe(false);
    expect(looksLikeQuote(ARTICLE_LINES[1]!)).toBe(true);
    expect(looksLikeQuote(ARTICLE_LINES[2]!)).toBe(true);
  });
});

describe('guessClaimKind', () => {
  it.each<[string, GuessedClaimKind]>([
    // quote wins over everything else
    ['قال بيلوسوف إن “التعاون العسكري بين روسيا والصين يقوم على الثقة المتبادلة”', 'quote'],
    ['He said in 2001: "we are allies"', 'quote'],
    ['وصف البيان العلاقات بأنها «أعلى من التحالفات» في 12 نوفمبر', 'quote'],
    // years 1900–2100
    ['وقعت المعاهدة عام 2001', 'date'],
    ['وقعت المعاهدة عام ٢٠٠١', 'date'],
    ['The treaty was signed in 2001.', 'date'],
    ['صدر البيان المشترك في عام 2022', 'date'],
    ['founded in 1900', 'date'],
    ['planned for 2100', 'date'],
    // day + month name
    ['التقى شويجو وانج يي في 12 نوفمبر الجاري', 'date'],
    ['التقى الوزيران في ١٢ نوفمبر', 'date'],
    ['التقى الوزيران في 3 أبريل', 'date'],
    ['التقى الوزيران في 3 ابريل', 'date'],
    ['وصل الوفد في 1 من أغسطس', 'date'],
    ['وصل الوفد في 5 أيار', 'date'],
    ['وصل الوفد في 1 تشرين الثاني', 'date'],
    ['The talks began on 12 November', 'date'],
    ['The talks began on November 12th', 'date'],
    ['The talks began on the 3rd of May', 'date'],
    ['Talks resume Sept. 4', 'date'],
    // weekdays
    ['قالت وزارة الخارجية الروسية، الخميس، إن روسيا والصين أجرتا محادثات', 'date'],
    ['وصل الوفد يوم الأحد', 'date'],
    ['وصل الوفد الإثنين', 'date'],
    ['غادر الوفد والجمعة عطلة', 'date'],
    ['The delegation arrived on Thursday', 'date'],
    // other digits
    ['شارك أكثر من ٣٠٠ جندي في المناورات', 'number'],
    ['1,950 soldiers took part', 'number'],
    ['2,000 soldiers took part', 'number'],
    ['The fleet has 12 ships', 'number'],
    ['Prices rose 40 percent in November', 'number'],
    ['ارتفعت الأسعار 40٪ في نوفمبر', 'number'],
    ['a budget of 3.5 billion', 'number'],
    ['built in 1899', 'number'],
    ['2101 drones', 'number'],
    ['مارس الضغط 3 مرات', 'number'],
    // nothing to go on
    ['روسيا والصين شريكتان استراتيجيتان', 'other'],
    ['Russia and China are strategic partners', 'other'],
    ['the minister’s plan was approved in November', 'other'],
    ['اتفق الطرفان على تعزيز التعاون في مارس', 'other'],
    ['', 'other'],
  ])('%s → %s', (statement, kind) => {
    expect(guessClaimKind(statement)).toBe(kind);
  });
});
