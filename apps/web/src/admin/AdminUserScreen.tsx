import { Link, useParams } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { Button, Form, Input, Label, TextField } from 'react-aria-components';
import type { Role, User } from '../api/pending-admin-contract';
import { useIssueLink, useIssueToken, useRevokeToken, useTokens, useUpdateUser, useUser } from '../api/users';
import { ConflictNotice } from '../components/ConflictNotice';
import { DateTime } from '../components/DateTime';
import { ProblemMessage, problemFieldErrors } from '../components/ProblemMessage';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';
import { SessionList } from '../settings/SessionList';
import { CopyField } from './CopyField';
import { RolePicker } from './RolePicker';
import { FieldProblem } from '../components/FieldProblem';

/** `/admin/users/:id`: one user's roles and status, invitation and sign-in links, API tokens and sessions. */
export function AdminUserScreen() {
  const { t } = useI18n();
  const { userId } = useParams({ from: '/signed-in/admin/users/$userId' });
  const user = useUser(userId);
  if (user.isPending) return <p role="status">{t('app.loading')}</p>;
  if (user.isError) return <ProblemMessage error={user.error} />;
  return (
    <section aria-labelledby="user-title">
      <p>
        <Link to="/admin">{t('admin.backToUsers')}</Link>
      </p>
      <h1 id="user-title">
        <UserText text={user.data.name} />
      </h1>
      <p className="meta">
        <bdi>{user.data.email}</bdi> · {user.data.disabledAt ? t('admin.users.disabled') : t('admin.users.active')}
      </p>
      <div className="columns">
        <RolesForm user={user.data} onReload={() => void user.refetch()} />
        <LinksPanel userId={userId} />
      </div>
      <TokensPanel userId={userId} />
      <section aria-labelledby="user-sessions-title">
        <h2 id="user-sessions-title">{t('sessions.ofUser')}</h2>
        <SessionList userId={userId} />
      </section>
    </section>
  );
}

/** Roles and deactivation, sent with the version the admin saw: a change made meanwhile is a 409, never overwritten. */
function RolesForm({ user, onReload }: { user: User; onReload: () => void }) {
  const { t } = useI18n();
  const update = useUpdateUser(user.id);
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [seenVersion, setSeenVersion] = useState(user.version);
  useEffect(() => {
    // A reload (after a conflict) or a saved change shows the stored roles and takes their version.
    setRoles(user.roles);
    setSeenVersion(user.version);
  }, [user.roles, user.version]);
  return (
    <section aria-labelledby="roles-title" className="card">
      <h2 id="roles-title">{t('admin.user.rolesTitle')}</h2>
      <Form
        validationErrors={problemFieldErrors(update.error)}
        onSubmit={(event) => {
          event.preventDefault();
          update.mutate({ roles, version: seenVersion });
        }}
      >
        <RolePicker value={roles} onChange={setRoles} />
        <ConflictNotice
          error={update.error}
          onReload={() => {
            update.reset();
            onReload();
          }}
        />
        {update.error && !(update.error as { isConflict?: boolean }).isConflict ? <ProblemMessage error={update.error} shownFields={['roles']} /> : null}
        {update.isSuccess ? (
          <p role="status" className="notice">
            {t('admin.user.saved')}
          </p>
        ) : null}
        <div className="row">
          <Button type="submit" isPending={update.isPending}>
            {t('admin.user.saveRoles')}
          </Button>
          <Button className="react-aria-Button quiet" onPress={() => update.mutate({ disabled: !user.disabledAt, version: seenVersion })}>
            {user.disabledAt ? t('admin.user.enable') : t('admin.user.disable')}
          </Button>
        </div>
      </Form>
    </section>
  );
}

function LinksPanel({ userId }: { userId: string }) {
  const { t } = useI18n();
  const invitation = useIssueLink(userId, 'invitation');
  const signInLink = useIssueLink(userId, 'sign-in-link');
  return (
    <section aria-labelledby="links-title" className="card">
      <h2 id="links-title">{t('admin.user.linksTitle')}</h2>
      <p>{t('admin.user.linksIntro')}</p>
      <div className="row">
        <Button onPress={() => invitation.mutate()} isPending={invitation.isPending}>
          {t('admin.user.invite')}
        </Button>
        <Button className="react-aria-Button quiet" onPress={() => signInLink.mutate()} isPending={signInLink.isPending}>
          {t('admin.user.signInLink')}
        </Button>
      </div>
      <ProblemMessage error={invitation.error ?? signInLink.error} />
      {invitation.data ? (
        <CopyField label={t('admin.user.invitationLink')} value={invitation.data.url} help={
            <>
              {t('admin.user.linkExpires')} <DateTime value={invitation.data.expiresAt} />
            </>
          } />
      ) : null}
      {signInLink.data ? (
        <CopyField label={t('admin.user.signInLinkLabel')} value={signInLink.data.url} help={
            <>
              {t('admin.user.linkExpires')} <DateTime value={signInLink.data.expiresAt} />
            </>
          } />
      ) : null}
    </section>
  );
}

function TokensPanel({ userId }: { userId: string }) {
  const { t } = useI18n();
  const tokens = useTokens(userId);
  const issue = useIssueToken(userId);
  const revoke = useRevokeToken(userId);
  const [label, setLabel] = useState('');
  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">{t('admin.tokens.title')}</h2>
      <Form
        className="react-aria-Form inline-form"
        validationErrors={problemFieldErrors(issue.error)}
        onSubmit={(event) => {
          event.preventDefault();
          issue.mutate({ label: label.trim(), expiresAt: null }, { onSuccess: () => setLabel('') });
        }}
      >
        <TextField name="label" isRequired value={label} onChange={setLabel}>
          <Label>{t('admin.tokens.label')}</Label>
          <Input dir="auto" />
          <FieldProblem />
        </TextField>
        <Button type="submit" isPending={issue.isPending}>
          {t('admin.tokens.create')}
        </Button>
      </Form>
      <ProblemMessage error={issue.error ?? revoke.error} shownFields={['label']} />
      {issue.data ? <CopyField label={t('admin.tokens.secret', { label: issue.data.label })} value={issue.data.token} help={t('admin.tokens.secretOnce')} /> : null}
      {tokens.isPending ? (
        <p role="status">{t('app.loading')}</p>
      ) : tokens.data?.length === 0 ? (
        <p>{t('admin.tokens.none')}</p>
      ) : (
        <table className="list" aria-labelledby="tokens-title">
          <thead>
            <tr>
              <th scope="col">{t('admin.tokens.label')}</th>
              <th scope="col">{t('admin.tokens.prefix')}</th>
              <th scope="col">{t('admin.tokens.created')}</th>
              <th scope="col">{t('admin.tokens.status')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('admin.tokens.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.data?.map((token) => (
              <tr key={token.id}>
                <td>
                  <UserText text={token.label} />
                </td>
                <td>
                  <bdi className="code">{token.prefix}…</bdi>
                </td>
                <td>
                  <DateTime value={token.createdAt} />
                </td>
                <td>
                  {token.revokedAt ? (
                    <>
                      {t('admin.tokens.revokedAt')} <DateTime value={token.revokedAt} />
                    </>
                  ) : token.expiresAt ? (
                    <>
                      {t('admin.tokens.expires')} <DateTime value={token.expiresAt} />
                    </>
                  ) : (
                    t('admin.tokens.active')
                  )}
                </td>
                <td>
                  {token.revokedAt ? null : (
                    <Button className="react-aria-Button quiet" onPress={() => revoke.mutate(token.id)} aria-label={t('admin.tokens.revokeNamed', { label: token.label })}>
                      {t('admin.tokens.revoke')}
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
