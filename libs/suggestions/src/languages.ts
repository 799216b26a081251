/**
 * The words each rule family looks for, per language. The rules run over normalised text, so every word
 * is folded the same way (`normalizeForMatch`: أ/إ/آ → ا, ة → ه, ى → ي, ؤ → و, ئ → ي, lower case) when
 * the lexicon is built. Adding a language means adding one {@link LanguageLexicon} to {@link LEXICONS}.
 */
import { normalizeForMatch } from '@app/text';

/** A word list entry with the value it stands for (a month or ISO weekday number, an offset). */
export type Valued = readonly [word: string, value: number];

export interface LanguageLexicon {
  /** Month names → 1–12 (several names per month: Egyptian/Gulf and Levantine forms). */
  months: readonly Valued[];
  /** Month names that are also common words ("مارس" practised, "may"): they count only with a day or year. */
  ambiguousMonths: readonly string[];
  /** Words after which an ambiguous month name is a month ("since March", "منذ مارس", "في ماي"). */
  monthPrepositions: readonly string[];
  /** Weekday names → ISO weekday (1 Monday … 7 Sunday). */
  weekdays: readonly Valued[];
  /** Words one may glue in front of a word (Arabic و ف ب ل ك); empty for English. */
  proclitics: string;
  /** Qualifiers after (Arabic) or before (English) a period or weekday: → -1 past, 0 current, 1 next. */
  qualifiers: readonly Valued[];
  /** Period nouns: week, month, year. */
  periods: readonly (readonly [word: string, unit: 'week' | 'month' | 'year'])[];
  /** Day words → offset in days from the publication date (yesterday -1, today 0, tomorrow 1). */
  days: readonly Valued[];
  /** Words introducing a year ("عام 2001", "in 2001"). */
  yearWords: readonly string[];
  /** Scale words (thousand, million, billion) and units (currencies, %, people, km …). */
  scales: readonly string[];
  units: readonly string[];
  /** Comparisons before a number (more than, about); range joiners ("بين … و", "between … and"). */
  comparators: readonly string[];
  /** Figures written in words before a scale or unit ("ملياري دولار", "five hours", "hundreds of people"). */
  wordFigures: readonly string[];
  /** Cardinal number words that count the noun after them, whatever it is ("ثلاثة معابر", "ثماني محافظات"). */
  cardinals: readonly string[];
  /** Fractions, multiples and duals that are a figure after a comparator ("نحو نصف", "أكثر من عامين", "almost twice"). */
  relativeFigures: readonly string[];
  /** Reporting verbs whose subject is the speaker, and prepositions that name a source ("according to"). */
  reportingVerbs: readonly string[];
  sourcePrepositions: readonly string[];
  /** Words that end a speaker's noun phrase ("that", "in", "on" …). */
  speakerStops: readonly string[];
  /** Roles (minister, spokesperson) and meeting expressions (met, held talks with). */
  roles: readonly string[];
  meetings: readonly string[];
  /** Words right after a meeting word that make it a meeting's description, not a counterpart ("اجتماعه الفصلي"). */
  meetingAdjectives: readonly string[];
  /** Word order of reporting: Arabic names the speaker after the verb, English mostly before. */
  speakerAfterVerb: boolean;
  /** Whether numeric dates read day first (16/7/2001) — false for US English (7/16/2001). */
  dayFirst: boolean;
}

const ar: LanguageLexicon = {
  months: [
    ['يناير', 1], ['كانون الثاني', 1], ['جانفي', 1],
    ['فبراير', 2], ['شباط', 2], ['فيفري', 2],
    ['مارس', 3], ['اذار', 3],
    ['ابريل', 4], ['نيسان', 4], ['افريل', 4],
    ['مايو', 5], ['ايار', 5], ['ماي', 5],
    ['يونيو', 6], ['يونيه', 6], ['حزيران', 6], ['جوان', 6],
    ['يوليو', 7], ['يوليه', 7], ['تموز', 7], ['جويليه', 7], ['يوليوز', 7],
    ['اغسطس', 8], ['اب', 8], ['اوت', 8], ['غشت', 8],
    ['سبتمبر', 9], ['ايلول', 9], ['شتنبر', 9],
    ['اكتوبر', 10], ['تشرين الاول', 10],
    ['نوفمبر', 11], ['تشرين الثاني', 11], ['نونبر', 11],
    ['ديسمبر', 12], ['كانون الاول', 12], ['دجنبر', 12],
  ],
  ambiguousMonths: ['مارس', 'اب', 'ماي', 'جوان'],
  monthPrepositions: ['منذ', 'في', 'خلال', 'حتى', 'مطلع', 'نهاية', 'أواخر', 'أوائل', 'منتصف', 'شهر'],
  weekdays: [['الاثنين', 1], ['الثلاثاء', 2], ['الاربعاء', 3], ['الخميس', 4], ['الجمعه', 5], ['السبت', 6], ['الاحد', 7]],
  proclitics: 'وفبلك',
  qualifiers: [
    ['الماضي', -1], ['المنصرم', -1], ['الفائت', -1], ['السابق', -1],
    ['الماضية', -1], ['المنصرمة', -1], ['الفائتة', -1], ['السابقة', -1],
    ['الجاري', 0], ['الحالي', 0], ['الجارية', 0], ['الحالية', 0],
    ['المقبل', 1], ['القادم', 1], ['المقبلة', 1], ['القادمة', 1],
  ],
  periods: [['الاسبوع', 'week'], ['الشهر', 'month'], ['العام', 'year'], ['السنه', 'year']],
  days: [['اول امس', -2], ['امس الاول', -2], ['امس', -1], ['البارحه', -1], ['اليوم', 0], ['غدا', 1]],
  yearWords: ['عام', 'العام', 'لعام', 'بعام', 'سنه', 'لسنه', 'في'],
  scales: ['الاف', 'الف', 'ملايين', 'مليون', 'مليارات', 'مليار', 'بليون', 'تريليون', 'ترليون'],
  units: [
    'دولار', 'دولارا', 'دولارات', 'يورو', 'جنيه', 'جنيها', 'ريال', 'ريالا', 'درهم', 'درهما', 'دينار', 'دينارا', 'ليره', 'روبل', 'يوان',
    'برميل', 'طن', 'كيلومتر', 'كيلومترا', 'كيلومترات', 'كم', 'متر', 'مترا', 'ميل', 'ميلا', 'هكتار', 'ميغاواط', 'ميجاوات',
    'شخص', 'شخصا', 'اشخاص', 'قتيل', 'قتيلا', 'جريح', 'جريحا', 'مواطن', 'لاجئ', 'نازح', 'جندي', 'جنود', 'عسكري', 'صاروخ', 'صاروخا', 'صواريخ',
    'طائره', 'مسيره', 'دوله', 'بالمئه', 'بالمائه', 'في المئه', 'في المائه', '%', '٪', 'درجه', 'عاما', 'سنوات', 'اعوام', 'يوما', 'ايام',
    'ساعه', 'ساعات', 'دقيقه', 'مره', 'مرات', 'نقطه', 'نقطة أساس', 'نقاط أساس', 'قنطار', 'متر مكعب', 'مترا مكعبا', 'أمتار مكعبة',
  ],
  wordFigures: ['ملياري', 'مليوني', 'الفي', 'عشرات', 'مئات', 'الاف'],
  // Not "ست" (also "lady") nor "عشر" (in ordinals: "الحادي عشر").
  cardinals: [
    'ثلاث', 'ثلاثة', 'أربع', 'أربعة', 'خمس', 'خمسة', 'ستة', 'سبعة', 'ثماني', 'ثمانية', 'تسع', 'تسعة', 'عشرة',
    'عشرين', 'عشرون', 'ثلاثين', 'ثلاثون', 'أربعين', 'أربعون', 'خمسين', 'خمسون', 'ستين', 'ستون', 'سبعين', 'سبعون', 'ثمانين', 'ثمانون', 'تسعين', 'تسعون',
  ],
  relativeFigures: ['نصف', 'ثلث', 'ثلثي', 'ربع', 'ضعف', 'ضعفي', 'أضعاف', 'عامين', 'سنتين', 'شهرين', 'أسبوعين', 'يومين', 'ساعتين'],
  comparators: ['ما لا يقل عن', 'ما يزيد علي', 'ما يزيد عن', 'ما يقارب', 'اكثر من', 'اقل من', 'اكثر', 'نحو', 'بنحو', 'حوالي', 'بحوالي', 'قرابه', 'زهاء', 'اقل', 'حتي'],
  reportingVerbs: [
    'قال', 'قالت', 'يقول', 'تقول', 'اضاف', 'اضافت', 'يضيف', 'تضيف', 'اكد', 'اكدت', 'اكدا', 'يوكد', 'توكد', 'اعرب', 'اعربت', 'يعرب', 'تعرب',
    'اعلن', 'اعلنت', 'يعلن', 'تعلن', 'افاد', 'افادت', 'ذكر', 'ذكرت', 'صرح', 'صرحت', 'اوضح', 'اوضحت', 'شدد', 'شددت', 'اشار', 'اشارت',
    'لفت', 'لفتت', 'كشف', 'كشفت', 'وصف', 'وصفت', 'يصف', 'تصف', 'ابلغ', 'ابلغت', 'نفي', 'نفت', 'حذر', 'حذرت', 'اعتبر', 'اعتبرت',
    'نقل عن', 'نقلت عن', 'نقلت عنه', 'نقل عنه', 'نقلت عنها',
  ],
  sourcePrepositions: ['بحسب', 'حسب', 'حسبما', 'وفقا ل', 'وفقا', 'وفق', 'نقلا عن', 'علي لسان'],
  speakerStops: [
    'ان', 'انه', 'انها', 'بان', 'بانه', 'بانها', 'انهم', 'عن', 'في', 'علي', 'الي', 'خلال', 'حول', 'مع', 'الذي', 'التي', 'بشان', 'امس',
    'اليوم', 'اللذين', 'قد', 'لافتا', 'مشيرا', 'موكدا', 'حيث', 'من', 'استعداد', 'العلاقات', 'عنه', 'عنها', 'ضرورة', 'ضروره',
  ],
  roles: [
    'الرئيس التنفيذي', 'نائب رئيس', 'نائب وزير', 'رئيس الوزراء', 'رئيس الحكومه', 'رئيس', 'رئيسه', 'وزير', 'وزيره', 'سكرتير', 'الامين العام', 'امين عام',
    'المتحدث باسم', 'المتحدثه باسم', 'متحدث باسم', 'الناطق باسم', 'سفير', 'سفيره', 'قائد', 'مدير', 'مديره', 'محافظ', 'الفريق اول',
    'مستشار', 'مستشاره', 'المبعوث', 'مبعوث', 'والي',
  ],
  meetings: [
    'عقد محادثات مع', 'عقدت محادثات مع', 'اجري محادثات مع', 'اجرت محادثات مع', 'اجتماعه مع', 'اجتماعها مع', 'لقائه مع', 'لقائها مع',
    'لقائه', 'لقائها', 'اجتماعه', 'اجتماعها', 'اجتمع مع', 'اجتمعت مع', 'اجتمع', 'اجتمعت', 'التقي', 'التقت', 'يلتقي', 'تلتقي',
    'استقبل', 'استقبلت', 'بحث مع', 'بحثت مع', 'محادثات مع', 'مباحثات مع', 'اتصالا هاتفيا مع', 'اتصال هاتفي مع',
  ],
  meetingAdjectives: ['الفصلي', 'الدوري', 'الطارئ', 'الأسبوعي', 'الشهري', 'السنوي', 'الأول', 'الثاني', 'الأخير', 'الاستثنائي', 'المقبل', 'القادم'],
  speakerAfterVerb: true,
  dayFirst: true,
};

const en: LanguageLexicon = {
  months: [
    ['january', 1], ['jan', 1], ['february', 2], ['feb', 2], ['march', 3], ['mar', 3], ['april', 4], ['apr', 4], ['may', 5],
    ['june', 6], ['jun', 6], ['july', 7], ['jul', 7], ['august', 8], ['aug', 8], ['september', 9], ['sept', 9], ['sep', 9],
    ['october', 10], ['oct', 10], ['november', 11], ['nov', 11], ['december', 12], ['dec', 12],
  ],
  ambiguousMonths: ['may', 'march', 'mar', 'jan', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec', 'feb', 'apr', 'sept'],
  monthPrepositions: ['since', 'in', 'until', 'through', 'from', 'early', 'late', 'mid', 'end of', 'by'],
  weekdays: [['monday', 1], ['tuesday', 2], ['wednesday', 3], ['thursday', 4], ['friday', 5], ['saturday', 6], ['sunday', 7]],
  proclitics: '',
  qualifiers: [['last', -1], ['past', -1], ['previous', -1], ['this', 0], ['current', 0], ['next', 1], ['coming', 1]],
  periods: [['week', 'week'], ['month', 'month'], ['year', 'year']],
  days: [['the day before yesterday', -2], ['yesterday', -1], ['today', 0], ['tomorrow', 1]],
  yearWords: ['in', 'since', 'by', 'until', 'of', 'year'],
  scales: ['thousand', 'million', 'billion', 'trillion', 'bn', 'mn'],
  units: [
    '%', 'percent', 'per cent', 'percentage points', 'dollars', 'dollar', 'euros', 'euro', 'pounds', 'roubles', 'rubles', 'yuan', 'barrels',
    'tonnes', 'tons', 'kilometres', 'kilometers', 'km', 'miles', 'metres', 'meters', 'hectares', 'megawatts', 'people', 'persons', 'troops',
    'soldiers', 'civilians', 'refugees', 'missiles', 'drones', 'aircraft', 'countries', 'years', 'days', 'hours', 'times', 'points', 'votes',
    'basis points',
  ],
  wordFigures: ['two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'twenty', 'thirty', 'forty', 'fifty', 'a hundred', 'hundreds of', 'thousands of', 'dozens of', 'millions of', 'tens of thousands of'],
  // English number words count too many things that are not figures ("the two sides"): only with a unit (wordFigures).
  cardinals: [],
  relativeFigures: ['twice', 'half', 'a third', 'a quarter', 'double', 'doubled', 'triple', 'tripled', 'halved'],
  comparators: ['more than', 'less than', 'fewer than', 'at least', 'up to', 'about', 'around', 'nearly', 'almost', 'over', 'under', 'some', 'roughly', 'approximately'],
  reportingVerbs: ['said', 'says', 'told', 'stated', 'added', 'announced', 'claimed', 'noted', 'warned', 'insisted', 'confirmed', 'denied', 'wrote', 'declared', 'stressed', 'described'],
  sourcePrepositions: ['according to', 'quoting', 'cited by', 'quoted by'],
  speakerStops: ['that', 'on', 'in', 'at', 'during', 'after', 'before', 'yesterday', 'today', 'last', 'this', 'and', 'but', 'which', 'who', 'as', 'while', 'when'],
  roles: [
    'prime minister', 'foreign minister', 'defence minister', 'defense minister', 'finance minister', 'deputy minister', 'minister', 'secretary-general',
    'secretary general', 'secretary', 'vice-president', 'vice president', 'president', 'vice-chairman', 'vice chairman', 'chairman', 'chairwoman',
    'spokesman', 'spokeswoman', 'spokesperson', 'ambassador', 'governor', 'mayor', 'general', 'commander', 'director', 'chief executive', 'envoy',
    'chief economist', 'economist', 'country director', 'representative', 'analyst',
  ],
  meetings: ['held talks with', 'holds talks with', 'hold talks with', 'met with', 'meets with', 'met', 'meets', 'meeting with', 'talks with', 'hosted', 'sat down with', 'spoke with', 'phone call with'],
  meetingAdjectives: ['annual', 'weekly', 'monthly', 'regular', 'emergency'],
  speakerAfterVerb: false,
  dayFirst: true,
};

/** Every word in its matching form, so a list may be written as people spell it (رئيس, المئة, إلى). */
function normalized(lex: LanguageLexicon): LanguageLexicon {
  const words = (list: readonly string[]) => list.map(normalizeForMatch);
  const valued = <T,>(list: readonly (readonly [string, T])[]) => list.map(([w, v]) => [normalizeForMatch(w), v] as const);
  return {
    ...lex,
    months: valued(lex.months),
    ambiguousMonths: words(lex.ambiguousMonths),
    monthPrepositions: words(lex.monthPrepositions),
    cardinals: words(lex.cardinals),
    relativeFigures: words(lex.relativeFigures),
    meetingAdjectives: words(lex.meetingAdjectives),
    weekdays: valued(lex.weekdays),
    qualifiers: valued(lex.qualifiers),
    periods: valued(lex.periods),
    days: valued(lex.days),
    yearWords: words(lex.yearWords),
    scales: words(lex.scales),
    units: words(lex.units),
    comparators: words(lex.comparators),
    wordFigures: words(lex.wordFigures),
    reportingVerbs: words(lex.reportingVerbs),
    sourcePrepositions: words(lex.sourcePrepositions),
    speakerStops: words(lex.speakerStops),
    roles: words(lex.roles),
    meetings: words(lex.meetings),
  };
}

/** Lexicons by primary language subtag. */
export const LEXICONS: Readonly<Record<string, LanguageLexicon>> = { ar: normalized(ar), en: normalized(en), 'en-us': normalized({ ...en, dayFirst: false }) };

/** The lexicon for a BCP 47 tag (`en-US` before `en`), or null when the language has none yet. */
export function lexiconFor(language: string): LanguageLexicon | null {
  const tag = language.toLowerCase();
  return LEXICONS[tag] ?? LEXICONS[tag.split('-')[0]!] ?? null;
}

/** Languages with suggestion rules. */
export const SUGGESTION_LANGUAGES = ['ar', 'en'] as const;
