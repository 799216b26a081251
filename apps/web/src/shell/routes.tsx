import type { QueryClient } from '@tanstack/react-query';
import { createRootRouteWithContext, createRoute, Outlet, redirect } from '@tanstack/react-router';
import { sessionQuery } from '../api/session';
import { AppShell } from './AppShell';
import { NotFound } from './NotFound';

/** What every route's `beforeLoad` and loader can use. */
export interface RouterContext {
  queryClient: QueryClient;
}

/** The root of every route: public screens (sign-in) hang from it directly. */
export const rootRoute = createRootRouteWithContext<RouterContext>()({ component: Outlet, notFoundComponent: NotFound });

/**
 * The signed-in part of the app: the shell with its navigation. Without a session it sends the person
 * to sign-in, and back here afterwards (`next`). Every feature's screens are children of this route
 * (`getParentRoute: () => appRoute`), listed in `router.tsx`.
 */
export const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  beforeLoad: async ({ context, location }) => {
    const session = await context.queryClient.ensureQueryData(sessionQuery).catch(() => null);
    if (!session) throw redirect({ to: '/sign-in', search: { next: location.href }, replace: true });
  },
  component: AppShell,
});
