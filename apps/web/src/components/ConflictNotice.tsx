import { Button } from 'react-aria-components';
import { ApiProblem } from '../api/client';
import { useI18n } from '../i18n/i18n';

/**
 * A stale write (409): says that someone else changed this and offers the reload; the person's change
 * is never retried silently over theirs. Renders nothing for any other error.
 */
export function ConflictNotice({ error, onReload }: { error: unknown; onReload: () => void }) {
  const { t } = useI18n();
  if (!(error instanceof ApiProblem) || !error.isConflict) return null;
  return (
    <div role="alert" className="problem conflict">
      <strong>{t('conflict.title')}</strong>
      <p>{t('conflict.body')}</p>
      {error.problem.detail ? <p dir="auto">{error.problem.detail}</p> : null}
      <Button onPress={onReload}>{t('app.reload')}</Button>
    </div>
  );
}
