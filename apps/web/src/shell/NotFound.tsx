import { useI18n } from '../i18n/i18n';

export function NotFound() {
  const { t } = useI18n();
  return <p role="status">{t('app.notFound')}</p>;
}
