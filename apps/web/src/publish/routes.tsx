import { createRoute } from '@tanstack/react-router';
import '../admin-screens.css';
import { screenFor } from '../shell/access';
import { appRoute } from '../shell/routes';
import { PUBLISHERS, READER_REPORT_READERS } from './access';
import { PublishScreen } from './PublishScreen';
import { ReaderReportsScreen } from './ReaderReportsScreen';

export const publishRoute = createRoute({ getParentRoute: () => appRoute, path: 'articles/$articleId/publish', component: screenFor(PUBLISHERS, PublishScreen) });

/** `?status=resolved|all` (default: the open ones), so the filter can be bookmarked. */
export const readerReportsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'reader-reports',
  validateSearch: (search: Record<string, unknown>): { status?: 'resolved' | 'all' } =>
    search.status === 'resolved' || search.status === 'all' ? { status: search.status } : {},
  component: screenFor(READER_REPORT_READERS, ReaderReportsScreen),
});
