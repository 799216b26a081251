import { useSession } from '../api/session';
import { useI18n } from '../i18n/i18n';

/**
 * How a person is named in the verdict section: "you", or the start of their id (the workflow API names
 * people by id only, and the user list is for admins and auditors).
 */
export function usePersonName(): (id: string) => string {
  const { t } = useI18n();
  const me = useSession().data?.user.id;
  return (id) => (id === me ? t('verdict.person.you') : t('verdict.person.other', { id: id.slice(0, 8) }));
}
