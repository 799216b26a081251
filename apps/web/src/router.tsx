import type { QueryClient } from '@tanstack/react-query';
import { createRoute, createRouter, Navigate } from '@tanstack/react-router';
import { articleListRoute, articleViewRoute, newArticleRoute } from './article/routes';
import { invitationRoute, signInLinkRoute, signInRoute } from './auth/routes';
import { queueRoute } from './queue/routes';
import { adminRoute, adminUserRoute, ratingScaleRoute } from './admin/routes';
import { auditRoute } from './audit/routes';
import { publishRoute, readerReportsRoute } from './publish/routes';
import { settingsRoute } from './settings/routes';
import { sessionsRoute } from './settings/sessions-route';
import { appRoute, rootRoute } from './shell/routes';

/** `/app/`: the articles for now; the first screen of the person's work once the queue screens exist. */
const homeRoute = createRoute({ getParentRoute: () => appRoute, path: '/', component: () => <Navigate to="/articles" replace /> });

/** Every screen of the app. A feature adds its routes (from its `routes.tsx`) to the list it belongs to. */
const routeTree = rootRoute.addChildren([
  signInRoute,
  signInLinkRoute,
  invitationRoute,
  appRoute.addChildren([
    homeRoute,
    queueRoute,
    articleListRoute,
    newArticleRoute,
    articleViewRoute,
    publishRoute,
    readerReportsRoute,
    auditRoute,
    adminRoute,
    adminUserRoute,
    ratingScaleRoute,
    settingsRoute,
    sessionsRoute,
  ]),
]);

/** The app's router, under /app, with the query cache in its context (routes' `beforeLoad` read the session from it). */
export function createAppRouter(queryClient: QueryClient) {
  return createRouter({ routeTree, basepath: '/app', context: { queryClient }, defaultPreload: 'intent' });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
