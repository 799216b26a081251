/** The absolute dates a text states, whatever its script and format: what the date signal compares. */
import { lexiconFor } from './languages.js';
import { resolveDate } from './resolve-dates.js';
import { wordsOf } from './rules/common.js';
import { findDates } from './rules/dates.js';
import { splitSentences } from './sentences.js';

/**
 * The calendar readings (`from`/`to`, ISO dates) of every date in `text` that needs no reference
 * point: "16 July 2001", "١٦ تموز ٢٠٠١", "2001-07-16", "عام 2001". Relative expressions are skipped
 * (a source's "yesterday" is not the article's). Arabic and English rules both run, since a source
 * may be in either.
 */
export function datesIn(text: string): { from: string; to: string }[] {
  const out = new Map<string, { from: string; to: string }>();
  const lexicons = [lexiconFor('ar')!, lexiconFor('en')!];
  for (const s of splitSentences(text)) {
    for (const lex of lexicons) {
      for (const f of findDates(s.normalized, lex, wordsOf(s.normalized, lex.proclitics))) {
        if (!f.date || f.date.type === 'time') continue;
        const absolute = f.date.type === 'year' || f.date.type === 'numeric' || (f.date.type === 'calendar' && f.date.year !== undefined);
        if (!absolute) continue;
        const r = resolveDate(f.date, { publishedAt: null, timeZone: 'UTC' });
        if (r?.from && r.to) out.set(`${r.from}/${r.to}`, { from: r.from, to: r.to });
      }
    }
  }
  return [...out.values()];
}
