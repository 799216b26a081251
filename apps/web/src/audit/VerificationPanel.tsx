import { Button, ProgressBar, Label } from 'react-aria-components';
import { useStartVerification, useVerification } from '../api/audit';
import { DateTime } from '../components/DateTime';
import { ProblemMessage } from '../components/ProblemMessage';
import { useI18n } from '../i18n/i18n';

/** Verifies the whole log (every hash and link, and the checkpoints) as a job in the worker, with its progress. */
export function VerificationPanel() {
  const { t } = useI18n();
  const start = useStartVerification();
  const job = useVerification(start.data);
  const shown = job.data ?? start.data;
  const running = shown && (shown.status === 'queued' || shown.status === 'running');
  return (
    <section aria-labelledby="verify-title" className="card">
      <h2 id="verify-title">{t('audit.verify.title')}</h2>
      <p>{t('audit.verify.intro')}</p>
      <Button onPress={() => start.mutate()} isPending={start.isPending || !!running}>
        {t('audit.verify.run')}
      </Button>
      <ProblemMessage error={start.error ?? job.error} />
      {running ? (
        <ProgressBar value={shown.progress.eventsChecked} maxValue={shown.progress.eventsTotal ?? undefined} isIndeterminate={!shown.progress.eventsTotal}>
          {({ percentage }) => (
            <>
              <Label>{t('audit.verify.progress', { checked: shown.progress.eventsChecked, total: shown.progress.eventsTotal ?? '?' })}</Label>
              <div className="bar">
                <div className="fill" style={{ inlineSize: `${percentage ?? 0}%` }} />
              </div>
            </>
          )}
        </ProgressBar>
      ) : null}
      {shown?.status === 'failed' ? (
        <p role="alert" className="problem">
          {t('audit.verify.failed')} <span dir="auto">{shown.error}</span>
        </p>
      ) : null}
      {shown?.status === 'done' && shown.result ? (
        <div role="status" className={shown.result.ok ? 'verdict ok' : 'verdict broken'}>
          <strong>{shown.result.ok ? t('audit.verify.ok') : t('audit.verify.broken', { count: shown.result.problemCount })}</strong>
          <p>
            {t('audit.verify.checked', { events: shown.progress.eventsChecked, checkpoints: shown.progress.checkpointsChecked })}
            {shown.finishedAt ? (
              <>
                {' · '}
                <DateTime value={shown.finishedAt} />
              </>
            ) : null}
          </p>
          {shown.result.problems.length ? (
            <ul>
              {shown.result.problems.map((problem, index) => (
                <li key={index}>
                  <bdi className="code">{problem.kind}</bdi> {problem.seq !== null ? <bdi>#{problem.seq}</bdi> : null} <span dir="auto">{problem.detail}</span>
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
