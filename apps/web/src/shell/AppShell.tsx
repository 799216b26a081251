import { Link, Outlet, useRouter } from '@tanstack/react-router';
import { useEffect } from 'react';
import { Button } from 'react-aria-components';
import { useSession, useSignOut } from '../api/session';
import { useLiveEvents } from '../api/events';
import { UserText } from '../components/UserText';
import { useI18n } from '../i18n/i18n';
import { hasAnyRole } from './access';
import { NAV_ITEMS } from './nav';

/** The signed-in frame: header with the navigation the person's roles allow, then the screen. */
export function AppShell() {
  const { data: session } = useSession();
  const router = useRouter();
  const { t } = useI18n();
  const signOut = useSignOut();
  useLiveEvents(!!session);
  // Signed out here (sign-out, or a 401 from an expired session): the route's beforeLoad redirects to sign-in.
  useEffect(() => {
    if (!session) void router.invalidate();
  }, [session, router]);
  if (!session) return null;
  const items = NAV_ITEMS.filter((item) => !item.roles || hasAnyRole(session.user, item.roles));
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="app-header">
        <span className="app-name">{t('app.name')}</span>
        <nav aria-label={t('nav.main')}>
          <ul>
            {items.map((item) => (
              <li key={item.to}>
                <Link to={item.to} activeProps={{ 'aria-current': 'page' }}>
                  {t(item.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <UserText className="who" text={session.user.name} />
        <Button className="react-aria-Button quiet" onPress={() => signOut.mutate()}>
          {t('nav.signOut')}
        </Button>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
