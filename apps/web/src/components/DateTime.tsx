import { useI18n } from '../i18n/i18n';

/**
 * A stored ISO time shown in the person's locale and time zone; the stored value is the `datetime`
 * attribute (for machines) and the hover title (for people checking the exact instant). `calendarDate`
 * shows a date without a time (YYYY-MM-DD) as that day, whatever the person's time zone.
 */
export function DateTime({ value, dateOnly = false, calendarDate = false }: { value: string; dateOnly?: boolean; calendarDate?: boolean }) {
  const { locale, timeZone } = useI18n();
  // A calendar date (`2001-07-16`, a claim's resolved date) is the same day everywhere: no zone shift.
  const zone = calendarDate ? 'UTC' : timeZone;
  const shown = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...(dateOnly || calendarDate ? {} : { timeStyle: 'short' }), timeZone: zone }).format(new Date(value));
  return (
    <time dateTime={value} title={value}>
      {shown}
    </time>
  );
}
