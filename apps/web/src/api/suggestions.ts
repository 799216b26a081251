import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { queryKeys } from './keys';
import type { components, paths } from './schema';

export type Suggestion = components['schemas']['Suggestion'];
export type SuggestionRun = components['schemas']['SuggestionRun'];
export type SuggestionList = components['schemas']['SuggestionList'];
/** What the editor may change when accepting (statement, kind, claimant, priority, due time). */
export type AcceptEdits = paths['/v1/suggestions/{id}/accept']['post']['requestBody']['content']['application/json'];

/** The article's suggestions for its current body, with their states (`run` null before any were asked for). */
export function useSuggestions(articleId: string) {
  return useQuery({
    queryKey: queryKeys.articleSuggestions(articleId),
    queryFn: async () => unwrap(api.GET('/v1/articles/{id}/suggestions', { params: { path: { id: articleId } } })) as Promise<SuggestionList>,
    // A long article's run is computed by the worker: look again until it is done.
    refetchInterval: (query) => (query.state.data?.run?.state === 'pending' ? 1000 : false),
  });
}

/** Asks for suggestions (idempotent per article body: asking again returns the same run). */
export function useRequestSuggestions(articleId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => unwrap(api.POST('/v1/articles/{id}/suggestions', { params: { path: { id: articleId } }, body: {} })) as Promise<SuggestionRun>,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.articleSuggestions(articleId) }),
  });
}

/** Accepts a suggestion: the server submits the claim through the normal path. */
export function useAcceptSuggestion(articleId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, edits = {} }: { id: string; edits?: AcceptEdits }) =>
      unwrap(api.POST('/v1/suggestions/{id}/accept', { params: { path: { id } }, body: edits })),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.articleSuggestions(articleId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.articleClaims(articleId) }),
      ]),
  });
}

/** Dismisses a suggestion with the editor's reason (kept, audited). */
export function useDismissSuggestion(articleId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, reason }: { id: string; reason: string }) =>
      unwrap(api.POST('/v1/suggestions/{id}/dismiss', { params: { path: { id } }, body: { reason } })) as Promise<Suggestion>,
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.articleSuggestions(articleId) }),
  });
}
