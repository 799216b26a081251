/**
 * Attributions of roles and meetings: "X met Y", "عقد محادثات مع Y", and a role given to a named
 * person ("وزير الدفاع، أندريه بيلوسوف،", "Foreign Minister Wang Yi"). A role on its own ("the
 * ministry's spokeswoman said") is not suggested: only a role tied to a name or to a meeting is checkable.
 */
import type { LanguageLexicon } from '../languages.js';
import { alternation, anyWord, firstWords, perLexicon, phraseAfter, WORD_END, WORD_START, type Finding } from './common.js';

const build = perLexicon((lex: LanguageLexicon) => {
  const clitic = lex.proclitics ? `[${lex.proclitics}]?` : '';
  return {
    stops: new Set([...lex.speakerStops, ...lex.reportingVerbs, ...lex.meetings, 'بين', 'between', 'for', 'about', 'over']),
    meeting: new RegExp(`${WORD_START}${clitic}${alternation(lex.meetings)}${WORD_END} ?`, 'gu'),
    role: new RegExp(`${WORD_START}${clitic}${alternation(lex.roles)}${WORD_END}`, 'gu'),
    // An Arabic apposition: "، أندريه بيلوسوف،" right after the role, or after a place or body the
    // role is of ("رئيس جمعية المزارعين في وادي الأردن، خالد الحوراني،").
    apposition: /^(?: في (?:[^ ،.:"]+ ){0,2}[^ ،.:"]+)?، (?:[^ ،.:"]+ ){0,2}[^ ،.:"]+،/u,
    meetingWords: firstWords(lex.meetings),
    roleWords: firstWords(lex.roles),
    notCounterpart: new RegExp(`^(?:\\p{N}|${alternation([...lex.comparators, ...lex.qualifiers.map(([w]) => w), ...lex.meetingAdjectives])}${WORD_END})`, 'u'),
  };
});

/**
 * Meetings and named roles of a sentence (normalised text). `isCapitalAt(i)` tells whether the original
 * letter at normalised index `i` is upper case (names in Latin script).
 */
export function findAttributions(text: string, lex: LanguageLexicon, isCapitalAt: (i: number) => boolean, words: ReadonlySet<string>): Finding[] {
  const { stops, meeting, role, apposition, meetingWords, roleWords, notCounterpart } = build(lex);
  if (!anyWord(words, roleWords) && !anyWord(words, meetingWords)) return [];
  const found: Finding[] = [];
  for (const m of text.matchAll(meeting)) {
    const from = m.index + m[0].length;
    const end = phraseAfter(text, from, stops, 8);
    // "استقبلت أكثر من 300 مصاب" received patients, "اجتماعه المقبل" its next meeting: no counterpart.
    if (end > from && !notCounterpart.test(text.slice(from))) found.push({ kind: 'attribution', rule: 'attribution.meeting', role: 'claim', from: m.index, to: end });
  }
  for (const m of text.matchAll(role)) {
    const after = m.index + m[0].length;
    let end = lex.proclitics ? phraseAfter(text, after, stops, 5) : capitalisedAfter(text, after, isCapitalAt);
    const rest = text.slice(end);
    const named = apposition.exec(rest);
    if (named) end += named[0].length - 1;
    // English appositions: "the committee's country director, Laila Haddad" and "Maria Lindqvist, chief economist at …".
    const commaName = !lex.proclitics && end === after && text.startsWith(', ', after) && isCapitalAt(after + 2);
    if (commaName) end = capitalisedAfter(text, after + 1, isCapitalAt);
    const from = !lex.proclitics && text.startsWith(', ', m.index - 2) ? capitalisedBefore(text, m.index - 2, isCapitalAt) : m.index;
    const nameFollows = !lex.proclitics && ((text[after] === ' ' && isCapitalAt(after + 1)) || commaName);
    if (named || nameFollows || from < m.index || found.some((f) => f.rule === 'attribution.meeting')) {
      found.push({ kind: 'attribution', rule: 'attribution.role', role: 'claim', from, to: Math.max(end, after) });
    }
  }
  return found.sort((a, b) => a.from - b.from);
}

/** Start of the run of two to four capitalised words (a name) that ends at `to`, or `to` when there is none. */
function capitalisedBefore(text: string, to: number, isCapitalAt: (i: number) => boolean): number {
  let start = to;
  let words = 0;
  for (let j = to; words < 4; ) {
    let i = j;
    while (i > 0 && /[\p{L}\p{M}.'-]/u.test(text[i - 1]!)) i--;
    if (i === j || !isCapitalAt(i)) break;
    start = i;
    words++;
    if (i === 0 || text[i - 1] !== ' ') break;
    j = i - 1;
  }
  return words >= 2 ? start : to;
}

/** End of the run of capitalised words (a name in Latin script) that starts after `from`. */
function capitalisedAfter(text: string, from: number, isCapitalAt: (i: number) => boolean): number {
  let end = from;
  for (let words = 0; words < 4 && text[end] === ' ' && isCapitalAt(end + 1); words++) {
    let j = end + 1;
    while (j < text.length && /[\p{L}\p{M}.'-]/u.test(text[j]!)) j++;
    end = j;
  }
  return end;
}
