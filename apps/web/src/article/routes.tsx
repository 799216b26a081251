import { createRoute } from '@tanstack/react-router';
import { screenFor } from '../shell/access';
import { appRoute } from '../shell/routes';
import { ARTICLE_READERS, ARTICLE_WRITERS } from './access';
import { ArticleListScreen } from './ArticleListScreen';
import { ArticleViewScreen } from './ArticleViewScreen';
import { NewArticleScreen } from './NewArticleScreen';

/** `?q=` the search, so a search can be bookmarked. */
export const articleListRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'articles',
  validateSearch: (search: Record<string, unknown>): { q?: string } => (typeof search.q === 'string' && search.q ? { q: search.q } : {}),
  component: screenFor(ARTICLE_READERS, ArticleListScreen),
});

export const newArticleRoute = createRoute({ getParentRoute: () => appRoute, path: 'articles/new', component: screenFor(ARTICLE_WRITERS, NewArticleScreen) });

/** `?claim=<id>`: the claim open beside the article. `?highlights=off`: the body without them (the bench's baseline). */
export const articleViewRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'articles/$articleId',
  validateSearch: (search: Record<string, unknown>): { claim?: string; highlights?: 'off' } => ({
    ...(typeof search.claim === 'string' && search.claim ? { claim: search.claim } : {}),
    ...(search.highlights === 'off' ? { highlights: 'off' as const } : {}),
  }),
  component: screenFor(ARTICLE_READERS, ArticleViewScreen),
});
