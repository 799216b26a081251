import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { queryKeys } from './keys';
import type { Article, ArticleWithBody, Page } from './pending-contract';
import type { paths } from './schema';

export type NewArticle = paths['/v1/articles']['post']['requestBody']['content']['application/json'];

/** Articles whose title, outlet or URL contains `q` (all when empty), a page at a time. */
export function useArticles(q: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.articleList(q),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      // TODO(#11): typed by the document once api-contract is merged.
      (await unwrap(api.GET('/v1/articles', { params: { query: { q: q || undefined, cursor: pageParam, limit: 50 } } }))) as unknown as Page<Article>,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

/** One article with its body. */
export function useArticle(id: string) {
  return useQuery({
    queryKey: queryKeys.article(id),
    // TODO(#11): typed by the document once api-contract is merged.
    queryFn: async () => (await unwrap(api.GET('/v1/articles/{id}', { params: { path: { id } } }))) as unknown as ArticleWithBody,
    staleTime: Infinity, // a body never changes once stored
  });
}

export function useCreateArticle() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ article, idempotencyKey }: { article: NewArticle; idempotencyKey: string }) =>
      // TODO(#11): typed by the document once api-contract is merged.
      (await unwrap(api.POST('/v1/articles', { body: article, params: { header: { 'Idempotency-Key': idempotencyKey } } }))) as unknown as Article,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.articles }),
  });
}
