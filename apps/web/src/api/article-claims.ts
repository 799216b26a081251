import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { queryKeys } from './keys';
import type { Claim } from './pending-contract';
import type { paths } from './schema';

/** What `POST /v1/articles/:articleId/claims` takes: the statement and its anchor in the article. */
export type NewClaim = paths['/v1/articles/{articleId}/claims']['post']['requestBody']['content']['application/json'];
export type ClaimKind = NonNullable<NewClaim['kind']>;
export type ClaimPriority = NonNullable<NewClaim['priority']>;

// Every value of the document's enums, no more and no less (`satisfies Record` fails the build when the API's list changes).
const KINDS = { date: true, number: true, quote: true, attribution: true, event: true, other: true } satisfies Record<ClaimKind, true>;
const PRIORITIES = { low: true, normal: true, high: true, urgent: true } satisfies Record<ClaimPriority, true>;
/** The API's kinds and priorities, in its order. */
export const CLAIM_KINDS = Object.keys(KINDS) as ClaimKind[];
export const CLAIM_PRIORITIES = Object.keys(PRIORITIES) as ClaimPriority[];

/**
 * Submits a claim on a span of the article. A refused anchor comes back as an {@link ApiProblem}
 * (422 `anchor-ambiguous` carries the `occurrences` to choose from); the article's claims are refetched
 * on success, so the new highlight is drawn.
 */
export function useSubmitClaim(articleId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ claim, idempotencyKey }: { claim: NewClaim; idempotencyKey: string }) =>
      (await unwrap(
        api.POST('/v1/articles/{articleId}/claims', { params: { path: { articleId }, header: { 'Idempotency-Key': idempotencyKey } }, body: claim }),
      )) as Claim,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.articleClaims(articleId) }),
  });
}
