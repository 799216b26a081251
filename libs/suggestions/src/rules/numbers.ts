/** Figures: numbers with scale words and units, percentages, currencies, ranges and comparisons. */
import { normalizeForMatch } from '@app/text';
import type { LanguageLexicon } from '../languages.js';
import { alternation, anyWord, longestFirst, NUMBER, overlapsAny, perLexicon, WORD_END, WORD_START, type Finding } from './common.js';

const PERCENT = new RegExp(['%', '٪', 'percent', 'per cent', 'بالمئة', 'بالمائة', 'في المئة', 'في المائة'].map(normalizeForMatch).join('|'), 'u');

const build = perLexicon((lex: LanguageLexicon) => {
  const clitic = lex.proclitics ? `[${lex.proclitics}]?` : '';
  const scale = alternation(lex.scales);
  const unit = alternation(lex.units);
  const comparator = alternation(lex.comparators);
  const currency = '(?:us\\$|[$€£¥₽])';
  // A figure: optional currency sign, the number, optional scale ("1.5 مليار", "$2bn") and unit.
  const figure = `(?:${currency} ?)?${NUMBER}(?:(?: |-)?${scale}${WORD_END})?`;
  const withUnit = `(?: ?(?:${unit})(?=$|[^\\p{L}\\p{M}\\p{N}]))?`;
  const joiner = lex.speakerAfterVerb ? '(?: و ?| الي | حتي | ?[-–] ?)' : '(?: and | to | ?[-–] ?)';
  return {
    // The range opens with a figure; its "between"/"من" is taken from the text before it (an optional
    // prefix would make the pattern start at every position of the sentence).
    range: new RegExp(`${figure}${joiner}${figure}${withUnit}`, 'gu'),
    rangeStart: new RegExp(`${WORD_START}${lex.speakerAfterVerb ? `${clitic}(?:(?:ما )?بين|من)` : '(?:between|from)'} $`, 'u'),
    figure: new RegExp(`(?<figure>${figure})(?<unit>${withUnit})`, 'gu'),
    // Looked for only just before a figure: scanning every position for it costs more than the rest.
    comparatorBefore: new RegExp(`${WORD_START}${clitic}${comparator} $`, 'u'),
    // Figures without digits: "ملياري دولار", "عشرات الآلاف", "more than five hours".
    wordFigure: new RegExp(`${WORD_START}${clitic}(?:${comparator} )?${alternation(lex.wordFigures)} (?:${scale}|${unit})${WORD_END}`, 'gu'),
    wordFigureWords: lex.wordFigures.map((w) => w.split(' ')[0]!),
    // "ثلاثة معابر", "أكثر من ثلاثين عاما": a cardinal counts the noun after it.
    counted: lex.cardinals.length ? new RegExp(`${WORD_START}${clitic}(?:${comparator} )?${alternation(lex.cardinals)} [\\p{L}\\p{M}]{2,}`, 'gu') : null,
    // "نحو نصف", "أكثر من عامين", "almost twice", "roughly doubled": only after a comparator.
    relative: new RegExp(`${WORD_START}${clitic}${comparator} ${alternation(lex.relativeFigures)}${WORD_END}`, 'gu'),
    figureWords: [...lex.cardinals, ...lex.relativeFigures].map((w) => w.split(' ')[0]!),
  };
});

/** The figures of a sentence (normalised text) that are not part of a date already found. */
export function findNumbers(text: string, lex: LanguageLexicon, dates: readonly Finding[], words: ReadonlySet<string>): Finding[] {
  const patterns = build(lex);
  const withWords = anyWord(words, patterns.wordFigureWords) ? wordFigures(text, patterns.wordFigure, dates) : [];
  if (anyWord(words, patterns.figureWords)) {
    if (patterns.counted) withWords.push(...wordFigures(text, patterns.counted, dates, 'number.counted'));
    withWords.push(...wordFigures(text, patterns.relative, dates, 'number.comparison'));
  }
  if (!/\p{Nd}/u.test(text)) return longestFirst(withWords);
  const found: Finding[] = [];
  const add = (rule: string, from: number, to: number) => {
    while (to > from && text[to - 1] === ' ') to--;
    if (!overlapsAny(from, to, dates)) found.push({ kind: 'number', rule, role: 'claim', from, to });
  };
  for (const m of text.matchAll(patterns.range)) {
    const opening = patterns.rangeStart.exec(text.slice(Math.max(0, m.index - 12), m.index));
    add('number.range', m.index - (opening?.[0].length ?? 0), m.index + m[0].length);
  }
  for (const m of text.matchAll(patterns.figure)) {
    const g = m.groups!;
    const before = patterns.comparatorBefore.exec(text.slice(Math.max(0, m.index - 24), m.index));
    const from = before ? m.index - before[0].length : m.index;
    const rule = before
      ? 'number.comparison'
      : PERCENT.test(g.unit ?? '')
        ? 'number.percent'
        : g.unit || /[$€£¥₽]/u.test(g.figure!)
          ? 'number.unit'
          : /[^\p{N}.,٫٬ -]/u.test(g.figure!)
            ? 'number.scale'
            : 'number.plain';
    add(rule, from, m.index + m[0].length);
  }
  found.push(...withWords);
  // A bare year-like or single-digit number said alone ("2", "الفصل 3") is rarely the checkable figure.
  return longestFirst(found).filter((f) => f.rule !== 'number.plain' || /\p{N}{2,}|[.,٫٬]/u.test(text.slice(f.from, f.to)));
}

function wordFigures(text: string, pattern: RegExp, dates: readonly Finding[], rule = 'number.scale-word'): Finding[] {
  return [...text.matchAll(pattern)]
    .filter((m) => !overlapsAny(m.index, m.index + m[0].length, dates))
    .map((m) => ({ kind: 'number', rule, role: 'claim', from: m.index, to: m.index + m[0].length }));
}
