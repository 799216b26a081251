import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { Button, Form, Input, Label, Text, TextField } from 'react-aria-components';
import { useAuditLog } from '../api/audit';
import { DateTime } from '../components/DateTime';
import { ProblemMessage } from '../components/ProblemMessage';
import { useI18n } from '../i18n/i18n';
import { useActorName } from '../components/actor-names';
import { SourceTrailReplay } from './SourceTrailReplay';
import { VerificationPanel } from './VerificationPanel';

/** `/audit?target=claim:<id>`: the audit log filtered by target; for a claim, its source trail replayed; the log's verification. */
export function AuditScreen() {
  const { t } = useI18n();
  const { target = '' } = useSearch({ from: '/signed-in/audit' });
  const navigate = useNavigate();
  const [typed, setTyped] = useState(target);
  useEffect(() => setTyped(target), [target]);
  const log = useAuditLog(target);
  const actorName = useActorName();
  const events = log.data?.pages.flatMap((page) => page.items) ?? [];
  const claimId = /^claim:(.+)$/.exec(target)?.[1] ?? null;
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('audit.title')}</h1>
      <VerificationPanel />
      <h2 id="audit-log-title">{t('audit.log.title')}</h2>
      <Form
        className="react-aria-Form inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          void navigate({ to: '/audit', search: typed.trim() ? { target: typed.trim() } : {} });
        }}
      >
        <TextField name="target" value={typed} onChange={setTyped}>
          <Label>{t('audit.log.target')}</Label>
          <Input dir="ltr" />
          <Text slot="description">{t('audit.log.targetHelp')}</Text>
        </TextField>
        <Button type="submit">{t('audit.log.filter')}</Button>
      </Form>
      <ProblemMessage error={log.error} shownFields={[]} />
      {claimId ? <SourceTrailReplay claimId={claimId} /> : null}
      {log.isPending ? (
        <p role="status">{t('app.loading')}</p>
      ) : events.length === 0 ? (
        <p role="status">{t('audit.log.none')}</p>
      ) : (
        <table className="list" aria-labelledby="audit-log-title">
          <thead>
            <tr>
              <th scope="col">{t('audit.log.seq')}</th>
              <th scope="col">{t('audit.log.time')}</th>
              <th scope="col">{t('audit.log.actor')}</th>
              <th scope="col">{t('audit.log.action')}</th>
              <th scope="col">{t('audit.log.targetColumn')}</th>
              <th scope="col">{t('audit.log.hash')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.seq}>
                <td>
                  <bdi>{event.seq}</bdi>
                </td>
                <td>
                  <DateTime value={event.occurredAt} />
                </td>
                <td>
                  <bdi>{actorName(event.actorId)}</bdi>
                </td>
                <td>
                  <bdi className="code">{event.action}</bdi>
                </td>
                <td>
                  <button type="button" className="link" onClick={() => void navigate({ to: '/audit', search: { target: `${event.target.type}:${event.target.id}` } })}>
                    <bdi className="code">
                      {event.target.type}:{event.target.id}
                    </bdi>
                  </button>
                </td>
                <td>
                  <bdi className="code" title={event.hash}>
                    {event.hash.slice(0, 12)}…
                  </bdi>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {log.hasNextPage ? (
        <Button onPress={() => void log.fetchNextPage()} isPending={log.isFetchingNextPage}>
          {t('audit.log.more')}
        </Button>
      ) : null}
    </section>
  );
}
