import { useUsers } from '../api/users';

/** Names for the actor ids in audit events: a user's name, else the id itself (`system:intake`, `reader`). */
export function useActorName(): (actorId: string) => string {
  const users = useUsers();
  const names = new Map((users.data ?? []).map((user) => [user.id, user.name]));
  return (actorId) => names.get(actorId) ?? actorId;
}
