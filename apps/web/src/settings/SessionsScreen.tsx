import { useI18n } from '../i18n/i18n';
import { SessionList } from './SessionList';

/** `/settings/sessions`: where the person is signed in; any session can be revoked (a lost laptop). */
export function SessionsScreen() {
  const { t } = useI18n();
  return (
    <section aria-labelledby="sessions-title">
      <h1 id="sessions-title">{t('sessions.title')}</h1>
      <p>{t('sessions.intro')}</p>
      <SessionList />
    </section>
  );
}
