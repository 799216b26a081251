import type { ReactNode } from 'react';
import type { User } from '../api/pending-contract';
import { useSession } from '../api/session';
import { useI18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';

export type Role = User['roles'][number];

/** True when the person holds at least one of `roles`. */
export function hasAnyRole(user: Pick<User, 'roles'> | null | undefined, roles: readonly Role[]): boolean {
  return !!user && user.roles.some((role) => roles.includes(role));
}

/**
 * A screen for `roles` only: anyone else who reaches its URL sees "you do not have access" (the API
 * refuses them regardless; this only spares them a screen of errors).
 */
export function RequireRole({ roles, children }: { roles: readonly Role[]; children: ReactNode }) {
  const { data: session } = useSession();
  const { t } = useI18n();
  if (hasAnyRole(session?.user, roles)) return <>{children}</>;
  return (
    <section aria-labelledby="access-denied">
      <h1 id="access-denied">{t('access.denied.title')}</h1>
      <p>{t('access.denied.body', { roles: roles.map((role) => t(`role.${role}` as MessageKey)).join(', ') })}</p>
    </section>
  );
}

/** The route component of a screen for `roles` (see {@link RequireRole}). */
export function screenFor(roles: readonly Role[], Screen: () => ReactNode) {
  return function GuardedScreen() {
    return (
      <RequireRole roles={roles}>
        <Screen />
      </RequireRole>
    );
  };
}
