import { MESSAGES_AR } from './messages.ar.js';
import { MESSAGES_EN, type MessageKey } from './messages.en.js';

/** The languages a report can be rendered in. */
export const REPORT_LANGUAGES = ['en', 'ar'] as const;
export type ReportLanguage = (typeof REPORT_LANGUAGES)[number];

/** One catalogue per report language: the same keys in every language. */
export const CATALOGUES: Record<ReportLanguage, Record<MessageKey, string>> = { en: MESSAGES_EN, ar: MESSAGES_AR };

export const isReportLanguage = (tag: string): tag is ReportLanguage => (REPORT_LANGUAGES as readonly string[]).includes(tag);

/** The report language for an article: its own language when the catalogue has it, else English. */
export function reportLanguageFor(articleLanguage: string): ReportLanguage {
  const primary = articleLanguage.toLowerCase().split('-')[0]!;
  return isReportLanguage(primary) ? primary : 'en';
}

export const directionOfReportLanguage = (language: ReportLanguage): 'rtl' | 'ltr' => (language === 'ar' ? 'rtl' : 'ltr');

/**
 * A date and time as a reader of `language` reads it, in the newsroom's time zone (named, so a reader
 * elsewhere knows which). The machine-readable UTC value goes into `<time datetime>` beside it.
 */
export function readableDate(iso: string, language: ReportLanguage, timeZone: string): string {
  return dateFormat(language, timeZone).format(new Date(iso));
}

/** Formatters by language and time zone: making one costs far more than formatting (a report formats thousands of dates). */
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(language: ReportLanguage, timeZone: string): Intl.DateTimeFormat {
  const key = `${language} ${timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'short' });
    dateFormats.set(key, format);
  }
  return format;
}

export type { MessageKey } from './messages.en.js';
