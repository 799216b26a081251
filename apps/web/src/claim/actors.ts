import { useSession } from '../api/session';
import { useI18n } from '../i18n/i18n';

/**
 * A name for an actor id as this person may see it: "you", the desk's own components (`system:intake`),
 * or a short id (people's names are an admin's list, which most roles cannot read).
 */
export function useActorLabel(): (actorId: string) => string {
  const { t } = useI18n();
  const meId = useSession().data?.user.id;
  return (actorId) => {
    if (actorId === meId) return t('claimPanel.actor.you');
    if (actorId.startsWith('system:')) return t('claimPanel.actor.system', { component: actorId.slice('system:'.length) });
    return t('claimPanel.actor.person', { id: actorId.slice(0, 8) });
  };
}
