import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { I18nProvider as AriaI18nProvider } from 'react-aria-components';
import { CATALOGUE, LANGUAGES, type Language, type MessageKey } from './messages';

/** The person's display settings, kept in this browser (defaults: the browser's language and time zone). */
export interface Settings {
  language: Language;
  timeZone: string;
}

const STORAGE_KEY = 'fcd.settings';

function browserDefaults(): Settings {
  const preferred = navigator.languages.map((tag) => tag.split('-')[0]!.toLowerCase());
  const language = preferred.find((tag): tag is Language => (LANGUAGES as readonly string[]).includes(tag)) ?? 'en';
  return { language, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone };
}

function loadSettings(): Settings {
  const defaults = browserDefaults();
  try {
    const stored = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '{}') as Partial<Settings>;
    return {
      language: LANGUAGES.includes(stored.language as Language) ? (stored.language as Language) : defaults.language,
      timeZone: stored.timeZone && isTimeZone(stored.timeZone) ? stored.timeZone : defaults.timeZone,
    };
  } catch {
    return defaults;
  }
}

/** True for a time zone this browser's Intl knows. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface I18n extends Settings {
  /** Writing direction of the interface language. */
  dir: 'rtl' | 'ltr';
  /** BCP 47 locale for Intl (dates, numbers). */
  locale: string;
  t: Translate;
  setSettings(settings: Settings): void;
}

const I18nContext = createContext<I18n | null>(null);

/**
 * Holds the language and time zone, sets `<html lang dir>` from the language, and gives react-aria the
 * locale (its components mirror for right to left).
 */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [settings, setState] = useState(loadSettings);
  const setSettings = useCallback((next: Settings) => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const messages = CATALOGUE[settings.language];
    const locale = settings.language === 'ar' ? 'ar' : 'en';
    const numbers = new Intl.NumberFormat(locale);
    return {
      ...settings,
      dir: settings.language === 'ar' ? 'rtl' : 'ltr',
      locale,
      setSettings,
      t: (key, values) =>
        messages[key].replace(/\{(\w+)\}/g, (whole, name: string) => {
          const value = values?.[name];
          return value === undefined ? whole : typeof value === 'number' ? numbers.format(value) : value;
        }),
    };
  }, [settings, setSettings]);
  useEffect(() => {
    document.documentElement.lang = value.language;
    document.documentElement.dir = value.dir;
    document.title = value.t('app.name');
  }, [value]);
  return (
    <I18nContext.Provider value={value}>
      <AriaI18nProvider locale={value.locale}>{children}</AriaI18nProvider>
    </I18nContext.Provider>
  );
}

/** The interface language, time zone and `t()` for the current person. */
export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
