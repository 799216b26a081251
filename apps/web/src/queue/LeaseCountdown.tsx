import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n';

/** Seconds from now until `until`, never below zero. */
function secondsLeft(until: string): number {
  return Math.max(0, Math.floor((Date.parse(until) - Date.now()) / 1000));
}

/**
 * A lease's remaining time, counting down each second (`m:ss`, in the interface's digits); "expired" at
 * zero. The exact end is the hover title. `role="timer"` keeps screen readers from announcing every tick.
 */
export function LeaseCountdown({ until }: { until: string }) {
  const { t, locale } = useI18n();
  const [left, setLeft] = useState(() => secondsLeft(until));
  useEffect(() => {
    setLeft(secondsLeft(until));
    const timer = setInterval(() => setLeft(secondsLeft(until)), 1000);
    return () => clearInterval(timer);
  }, [until]);
  if (left === 0) return <span className="lease expired">{t('queue.lease.expired')}</span>;
  const two = new Intl.NumberFormat(locale, { minimumIntegerDigits: 2 });
  const time = `${new Intl.NumberFormat(locale).format(Math.floor(left / 60))}:${two.format(left % 60)}`;
  return (
    <span role="timer" className={left < 120 ? 'lease ending' : 'lease'} title={until}>
      {t('queue.lease.remaining', { time })}
    </span>
  );
}
