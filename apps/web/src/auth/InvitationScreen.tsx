import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Button, Form, Input, Label, TextField } from 'react-aria-components';
import { useAcceptInvitation } from '../api/session';
import { ProblemMessage, problemFieldErrors } from '../components/ProblemMessage';
import { useI18n } from '../i18n/i18n';
import { takeFragmentToken } from './next';
import { FieldProblem } from '../components/FieldProblem';

/** `/app/invitation#<token>`: the invited person chooses a password and is signed in. */
export function InvitationScreen() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const accept = useAcceptInvitation();
  const [token] = useState(takeFragmentToken);
  const [password, setPassword] = useState('');
  if (!token) {
    return (
      <main id="main" className="narrow">
        <h1>{t('invitation.title')}</h1>
        <p role="alert">{t('invitation.missing')}</p>
      </main>
    );
  }
  return (
    <main id="main" className="narrow">
      <h1>{t('invitation.title')}</h1>
      <p>{t('invitation.intro')}</p>
      <Form
        validationErrors={problemFieldErrors(accept.error)}
        onSubmit={(event) => {
          event.preventDefault();
          accept.mutate({ token, password }, { onSuccess: () => void navigate({ to: '/', replace: true }) });
        }}
      >
        <TextField name="password" type="password" autoComplete="new-password" isRequired minLength={12} maxLength={256} value={password} onChange={setPassword}>
          <Label>{t('invitation.password')}</Label>
          <Input />
          <FieldProblem invalid={t('field.passwordTooShort')} />
        </TextField>
        <TextField
          name="confirm"
          type="password"
          autoComplete="new-password"
          isRequired
          validate={(value) => (value && value !== password ? t('invitation.mismatch') : null)}
        >
          <Label>{t('invitation.confirm')}</Label>
          <Input />
          <FieldProblem />
        </TextField>
        <ProblemMessage error={accept.error} shownFields={['password']} />
        <Button type="submit" isPending={accept.isPending}>
          {t('invitation.submit')}
        </Button>
      </Form>
    </main>
  );
}
