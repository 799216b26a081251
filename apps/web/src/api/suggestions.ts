import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { Claim } from './pending-contract';
import { queryKeys } from './keys';
import type { components, paths } from './schema';

export type Suggestion = components['schemas']['Suggestion'];
export type SuggestionRun = components['schemas']['SuggestionRun'];
export type SuggestionList = components['schemas']['SuggestionList'];
/** An accepted suggestion with the claim it became. */
export type AcceptedSuggestion = components['schemas']['AcceptedSuggestion'];
/** What the editor may change when accepting (statement, kind, claimant, priority, due time). */
export type AcceptEdits = paths['/v1/suggestions/{id}/accept']['post']['requestBody']['content']['application/json'];

/**
 * The article's suggestions for its current body, with their states (`run` null before any were asked for).
 * One query per article: the body's highlights and the list under the claims read the same cache.
 * `enabled: false` for people who may not act on suggestions (nothing is fetched).
 */
export function useSuggestions(articleId: string, { enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.articleSuggestions(articleId),
    enabled,
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

/**
 * Accepts a suggestion: the server submits the claim through the normal path. `onAccepted` runs with the
 * mutation, not the component (the suggestion's item or popover is gone as soon as the cache says accepted).
 */
export function useAcceptSuggestion(articleId: string, onAccepted?: (accepted: AcceptedSuggestion) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, edits = {} }: { id: string; edits?: AcceptEdits }) =>
      unwrap(api.POST('/v1/suggestions/{id}/accept', { params: { path: { id } }, body: edits })) as Promise<AcceptedSuggestion>,
    onSuccess: (accepted) => {
      const { suggestion, claim } = accepted;
      replaceSuggestion(queryClient, articleId, suggestion);
      // The claim drawn where the suggestion was, in the same render (the refetch below confirms it).
      queryClient.setQueryData<Claim[]>(queryKeys.articleClaims(articleId), (claims) =>
        claims && !claims.some((c) => c.id === claim.id) ? [...claims, claim] : claims,
      );
      onAccepted?.(accepted);
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.articleSuggestions(articleId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.articleClaims(articleId) }),
      ]),
  });
}

/** Dismisses a suggestion with the editor's reason (kept, audited); `onDismissed` as `onAccepted` above. */
export function useDismissSuggestion(articleId: string, onDismissed?: (suggestion: Suggestion) => void) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, reason }: { id: string; reason: string }) =>
      unwrap(api.POST('/v1/suggestions/{id}/dismiss', { params: { path: { id } }, body: { reason } })) as Promise<Suggestion>,
    onSuccess: (suggestion) => {
      replaceSuggestion(queryClient, articleId, suggestion);
      onDismissed?.(suggestion);
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.articleSuggestions(articleId) }),
  });
}

/** The decided suggestion in the cached list at once (its highlight goes before the list is fetched again). */
function replaceSuggestion(queryClient: QueryClient, articleId: string, suggestion: Suggestion) {
  queryClient.setQueryData<SuggestionList>(queryKeys.articleSuggestions(articleId), (list) =>
    list ? { ...list, items: list.items.map((item) => (item.id === suggestion.id ? suggestion : item)) } : list,
  );
}
