import { useI18n } from '../i18n/i18n';

/**
 * A stored ISO time shown in the person's locale and time zone; the stored value is the `datetime`
 * attribute (for machines) and the hover title (for people checking the exact instant).
 */
export function DateTime({ value, dateOnly = false }: { value: string; dateOnly?: boolean }) {
  const { locale, timeZone } = useI18n();
  const shown = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...(dateOnly ? {} : { timeStyle: 'short' }), timeZone }).format(new Date(value));
  return (
    <time dateTime={value} title={value}>
      {shown}
    </time>
  );
}
