import { useSession } from '../api/session';
import { useUsers } from '../api/users';
import { useI18n } from '../i18n/i18n';
import { hasAnyRole, type Role } from '../shell/access';

/** Who may read the user list (`GET /v1/users`), and so see people's names instead of their ids. */
const USER_READERS: readonly Role[] = ['auditor', 'admin'];

const PERSON_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one way the app names an actor id (a person, `system:<component>`, `reader`) as this person may
 * see it: "you"; a person's name where their roles can read the user list; the desk's components by
 * name; other people by the start of their id; anything else as it is stored.
 */
export function useActorName(): (actorId: string) => string {
  const { t } = useI18n();
  const me = useSession().data?.user;
  const users = useUsers({ enabled: hasAnyRole(me, USER_READERS) });
  const names = new Map((users.data ?? []).map((user) => [user.id, user.name]));
  return (actorId) => {
    if (actorId === me?.id) return t('actor.you');
    const name = names.get(actorId);
    if (name) return name;
    if (actorId.startsWith('system:')) return t('actor.system', { component: actorId.slice('system:'.length) });
    if (PERSON_ID.test(actorId)) return t('actor.person', { id: actorId.slice(0, 8) });
    return actorId;
  };
}
