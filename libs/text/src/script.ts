/**
 * Writing direction and script of a piece of text whose language nobody stated (a claim's statement,
 * a rationale, a source's excerpt), from its letters.
 */

/** Letters of scripts written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko and their presentation forms). */
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;
const LETTER = /\p{L}/u;
const SCRIPTS = ['Arabic', 'Hebrew', 'Latin', 'Cyrillic', 'Greek', 'Han', 'Devanagari'] as const;

/** A Unicode script name of {@link dominantScript}. */
export type Script = (typeof SCRIPTS)[number] | 'Other';

const SCRIPT_TESTS = SCRIPTS.map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')] as const);

/** Direction of a piece of text from its first strong character (the Unicode bidi rule), `ltr` if none. */
export function textDirection(text: string): 'rtl' | 'ltr' {
  for (const char of text) {
    if (LETTER.test(char)) return RTL.test(char) ? 'rtl' : 'ltr';
  }
  return 'ltr';
}

/**
 * The script most of the text's letters are written in (looking at most at the first `sample` letters),
 * or null for a text without letters.
 */
export function dominantScript(text: string, sample = 2000): Script | null {
  const counts = new Map<Script, number>();
  let seen = 0;
  for (const char of text) {
    if (!LETTER.test(char)) continue;
    const script = SCRIPT_TESTS.find(([, test]) => test.test(char))?.[0] ?? 'Other';
    counts.set(script, (counts.get(script) ?? 0) + 1);
    if (++seen >= sample) break;
  }
  let best: Script | null = null;
  for (const [script, count] of counts) if (best === null || count > counts.get(best)!) best = script;
  return best;
}

/** The script a BCP 47 language is usually written in, for the languages the desk works in. */
const SCRIPT_OF_LANGUAGE: Record<string, Script> = { ar: 'Arabic', fa: 'Arabic', ur: 'Arabic', he: 'Hebrew', ru: 'Cyrillic', uk: 'Cyrillic', el: 'Greek', zh: 'Han', hi: 'Devanagari' };

/** The usual script of a language tag (Latin unless known otherwise). */
export const scriptOfLanguage = (language: string): Script => SCRIPT_OF_LANGUAGE[language.toLowerCase().split('-')[0]!] ?? 'Latin';

/** Language assumed for unlabelled text in a script other than the context's (the desk's working languages). */
const LANGUAGE_OF_SCRIPT: Partial<Record<Script, string>> = { Arabic: 'ar', Latin: 'en', Hebrew: 'he', Cyrillic: 'ru', Greek: 'el', Han: 'zh' };

/**
 * The language of an unlabelled piece of text that belongs to a document in `contextLanguage`: that
 * language when the text is written in its script, otherwise the usual language of the text's script
 * (Arabic → `ar`, Latin → `en`, …), or null when that cannot be told.
 */
export function languageOfText(text: string, contextLanguage: string): string | null {
  const script = dominantScript(text);
  if (script === null || script === scriptOfLanguage(contextLanguage)) return contextLanguage;
  return LANGUAGE_OF_SCRIPT[script] ?? null;
}
