import { useNavigate } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { useSignInWithLink } from '../api/session';
import { useI18n } from '../i18n/i18n';
import { takeFragmentToken } from './next';

/** `/app/sign-in/link#<token>`: a one-time link an admin (or the demo) made; signs in at once. */
export function SignInLinkScreen() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const signIn = useSignInWithLink();
  const [token] = useState(takeFragmentToken);
  const used = useRef(false);
  useEffect(() => {
    // Once: the token is single-use, and React runs effects twice in development.
    if (!token || used.current) return;
    used.current = true;
    signIn.mutate({ token }, { onSuccess: () => void navigate({ to: '/', replace: true }) });
  }, [token, signIn, navigate]);
  return (
    <main id="main" className="narrow">
      <h1>{t('signIn.link.title')}</h1>
      {!token ? (
        <p role="alert">{t('signIn.link.missing')}</p>
      ) : signIn.isError ? (
        <p role="alert" className="problem">
          {t('signIn.link.failed')}
        </p>
      ) : (
        <p role="status">{t('app.loading')}</p>
      )}
    </main>
  );
}
