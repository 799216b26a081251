import { useRouter, useSearch } from '@tanstack/react-router';
import { Button, Form, Input, Label, TextField } from 'react-aria-components';
import { ApiProblem } from '../api/client';
import { useSignIn } from '../api/session';
import { ProblemMessage, problemFieldErrors } from '../components/ProblemMessage';
import { useI18n } from '../i18n/i18n';
import { safeNext } from './next';
import { FieldProblem } from '../components/FieldProblem';

/** Email and password; a wrong pair and the rate limit get their own plain sentence. */
export function SignInScreen() {
  const { t } = useI18n();
  const { next } = useSearch({ from: '/sign-in' });
  const router = useRouter();
  const signIn = useSignIn();
  const error = signIn.error;
  const status = error instanceof ApiProblem ? error.status : null;
  return (
    <main id="main" className="narrow">
      <h1>{t('signIn.title')}</h1>
      <Form
        validationErrors={problemFieldErrors(error)}
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          signIn.mutate(
            { email: String(form.get('email')), password: String(form.get('password')) },
            { onSuccess: () => void router.navigate({ href: safeNext(next), replace: true }) },
          );
        }}
      >
        <TextField name="email" type="email" autoComplete="username" isRequired autoFocus>
          <Label>{t('signIn.email')}</Label>
          <Input dir="auto" />
          <FieldProblem invalid={t('field.invalidEmail')} />
        </TextField>
        <TextField name="password" type="password" autoComplete="current-password" isRequired>
          <Label>{t('signIn.password')}</Label>
          <Input />
          <FieldProblem />
        </TextField>
        {status === 401 ? (
          <div role="alert" className="problem">
            {t('signIn.invalid')}
          </div>
        ) : status === 429 ? (
          <div role="alert" className="problem">
            {t('signIn.rateLimited', { seconds: Number((error as ApiProblem).problem.retryAfter ?? 60) })}
          </div>
        ) : (
          <ProblemMessage error={error} shownFields={['email', 'password']} />
        )}
        <Button type="submit" isPending={signIn.isPending}>
          {t('signIn.submit')}
        </Button>
      </Form>
    </main>
  );
}
