import { createRoute } from '@tanstack/react-router';
import { rootRoute } from '../shell/routes';
import { InvitationScreen } from './InvitationScreen';
import { SignInLinkScreen } from './SignInLinkScreen';
import { SignInScreen } from './SignInScreen';

/** `next`: where the person was going when the app sent them to sign in. */
export const signInRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'sign-in',
  validateSearch: (search: Record<string, unknown>): { next?: string } => (typeof search.next === 'string' ? { next: search.next } : {}),
  component: SignInScreen,
});

export const signInLinkRoute = createRoute({ getParentRoute: () => rootRoute, path: 'sign-in/link', component: SignInLinkScreen });

export const invitationRoute = createRoute({ getParentRoute: () => rootRoute, path: 'invitation', component: InvitationScreen });
