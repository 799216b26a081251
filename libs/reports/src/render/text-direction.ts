/** Scripts written right to left. */
const RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;
const STRONG = /[\p{L}]/u;

/** Direction of a piece of text from its first strong character (the Unicode bidi rule), `ltr` if none. */
export function textDirection(text: string): 'rtl' | 'ltr' {
  for (const char of text) {
    if (STRONG.test(char)) return RTL.test(char) ? 'rtl' : 'ltr';
  }
  return 'ltr';
}

/**
 * `lang` for a piece of text whose language nobody stated (a statement, a rationale): the article's
 * language when the text is in the article's direction and script family, otherwise the page's.
 */
export function textLanguage(text: string, articleLanguage: string, articleDir: 'rtl' | 'ltr', pageLanguage = 'en'): string {
  return textDirection(text) === articleDir && articleDir === 'rtl' ? articleLanguage : textDirection(text) === 'rtl' ? 'ar' : pageLanguage;
}
