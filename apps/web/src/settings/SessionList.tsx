import { Button } from 'react-aria-components';
import { useSessions, useRevokeSession } from '../api/sessions';
import { DateTime } from '../components/DateTime';
import { ProblemMessage } from '../components/ProblemMessage';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';

/**
 * Signed-in sessions with the current one marked, each revocable: the person's own (no `userId`), or
 * for an admin another user's. Revoking the current session signs this browser out.
 */
export function SessionList({ userId }: { userId?: string }) {
  const { t } = useI18n();
  const sessions = useSessions(userId);
  const revoke = useRevokeSession();
  if (sessions.isPending) return <p role="status">{t('app.loading')}</p>;
  if (sessions.isError) return <ProblemMessage error={sessions.error} />;
  const live = sessions.data.filter((s) => !s.revokedAt);
  if (live.length === 0) return <p>{t('sessions.none')}</p>;
  return (
    <>
      <ProblemMessage error={revoke.error} />
      <table className="list">
        <thead>
          <tr>
            <th scope="col">{t('sessions.browser')}</th>
            <th scope="col">{t('sessions.ip')}</th>
            <th scope="col">{t('sessions.signedIn')}</th>
            <th scope="col">{t('sessions.lastSeen')}</th>
            <th scope="col">{t('sessions.expires')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('sessions.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {live.map((session) => (
            <tr key={session.id} aria-current={session.current ? 'true' : undefined} className={session.current ? 'current' : undefined}>
              <td>
                <UserText text={session.userAgent ?? t('sessions.unknownBrowser')} />
                {session.current ? <strong className="tag">{t('sessions.current')}</strong> : null}
              </td>
              <td>
                <bdi>{session.ip ?? '—'}</bdi>
              </td>
              <td>
                <DateTime value={session.createdAt} />
              </td>
              <td>
                <DateTime value={session.lastSeenAt} />
              </td>
              <td>
                <DateTime value={session.expiresAt} />
              </td>
              <td>
                <Button
                  className="react-aria-Button quiet"
                  onPress={() => revoke.mutate(session.id)}
                  aria-label={session.current ? t('sessions.revokeCurrent') : t('sessions.revokeNamed', { signedIn: new Date(session.createdAt).toISOString() })}
                >
                  {session.current ? t('sessions.signOutHere') : t('sessions.revoke')}
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
