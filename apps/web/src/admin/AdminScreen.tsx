import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { Button, Form, Input, Label, TextField } from 'react-aria-components';
import type { Role } from '../api/pending-admin-contract';
import { useCreateUser, useUsers } from '../api/users';
import { DateTime } from '../components/DateTime';
import { ProblemMessage, problemFieldErrors } from '../components/ProblemMessage';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';
import { RolePicker } from './RolePicker';
import { FieldProblem } from '../components/FieldProblem';

/** `/admin`: the users (each opens its page: roles, invitation, tokens, sessions), a new user, and links to the rating scale and the queue dashboard. */
export function AdminScreen() {
  const { t, locale } = useI18n();
  const users = useUsers();
  const list = new Intl.ListFormat(locale, { type: 'unit' });
  return (
    <section aria-labelledby="admin-title">
      <div className="screen-head">
        <h1 id="admin-title">{t('admin.title')}</h1>
        <nav aria-label={t('admin.more')} className="row">
          <Link to="/admin/rating-scale">{t('admin.ratingScale.title')}</Link>
          {/* The BullMQ dashboard is served by the API itself, outside the app. */}
          <a href="/admin/queues">{t('admin.queueDashboard')}</a>
        </nav>
      </div>
      <h2 id="users-title">{t('admin.users.title')}</h2>
      <ProblemMessage error={users.error} />
      {users.isPending ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <table className="list" aria-labelledby="users-title">
          <thead>
            <tr>
              <th scope="col">{t('admin.users.name')}</th>
              <th scope="col">{t('admin.users.email')}</th>
              <th scope="col">{t('admin.users.roles')}</th>
              <th scope="col">{t('admin.users.status')}</th>
              <th scope="col">{t('admin.users.created')}</th>
            </tr>
          </thead>
          <tbody>
            {users.data?.map((user) => (
              <tr key={user.id}>
                <td>
                  <Link to="/admin/users/$userId" params={{ userId: user.id }}>
                    <UserText text={user.name} />
                  </Link>
                </td>
                <td>
                  <bdi>{user.email}</bdi>
                </td>
                <td>{list.format(user.roles.map((role) => t(`role.${role}`)))}</td>
                <td>{user.disabledAt ? t('admin.users.disabled') : t('admin.users.active')}</td>
                <td>
                  <DateTime value={user.createdAt} dateOnly />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NewUserForm />
    </section>
  );
}

function NewUserForm() {
  const { t } = useI18n();
  const create = useCreateUser();
  const [roles, setRoles] = useState<Role[]>([]);
  const [created, setCreated] = useState<{ id: string; name: string } | null>(null);
  return (
    <section aria-labelledby="new-user-title" className="card narrow">
      <h2 id="new-user-title">{t('admin.users.new')}</h2>
      <Form
        validationErrors={problemFieldErrors(create.error)}
        onSubmit={(event) => {
          event.preventDefault();
          const form = event.currentTarget;
          const data = new FormData(form);
          create.mutate(
            { name: String(data.get('name') ?? '').trim(), email: String(data.get('email') ?? '').trim(), roles },
            {
              onSuccess: (user) => {
                setCreated({ id: user.id, name: user.name });
                setRoles([]);
                form.reset();
              },
            },
          );
        }}
      >
        <TextField name="name" isRequired>
          <Label>{t('admin.users.name')}</Label>
          <Input dir="auto" />
          <FieldProblem />
        </TextField>
        <TextField name="email" type="email" isRequired>
          <Label>{t('admin.users.email')}</Label>
          <Input dir="ltr" />
          <FieldProblem invalid={t('field.invalidEmail')} />
        </TextField>
        <RolePicker value={roles} onChange={setRoles} />
        <ProblemMessage error={create.error} shownFields={['name', 'email', 'roles']} />
        {created ? (
          <p role="status" className="notice">
            {t('admin.users.createdNotice')}{' '}
            <Link to="/admin/users/$userId" params={{ userId: created.id }}>
              <UserText text={created.name} />
            </Link>
          </p>
        ) : null}
        <Button type="submit" isPending={create.isPending}>
          {t('admin.users.create')}
        </Button>
      </Form>
    </section>
  );
}
