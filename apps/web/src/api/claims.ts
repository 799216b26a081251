import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { queryKeys } from './keys';
import type { components } from './schema';

export type TimelineEntry = components['schemas']['TimelineEntry'];

/**
 * One claim with the verdict under review (`GET /v1/claims/:id`). Live `claim` events and transitions
 * (`useTransition`) refresh it under `queryKeys.claim`.
 */
export function useClaim(id: string) {
  return useQuery({
    queryKey: queryKeys.claim(id),
    queryFn: () => unwrap(api.GET('/v1/claims/{id}', { params: { path: { id } } })),
  });
}

/**
 * Every transition of a claim, oldest first (`GET /v1/claims/:id/timeline`). Its key sits under the
 * claim's, so whatever refreshes the claim refreshes its timeline too.
 */
export function useClaimTimeline(id: string) {
  return useQuery({
    queryKey: [...queryKeys.claim(id), 'timeline'],
    queryFn: async () => (await unwrap(api.GET('/v1/claims/{id}/timeline', { params: { path: { id } } }))).items,
  });
}
