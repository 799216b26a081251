import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { queryKeys } from './keys';
import type { ClaimDetail } from './pending-contract';
import type { paths } from './schema';

/** The steps people pull from a queue, and the role that works each (the API's `HUMAN_STEP_ROLE`). */
export const HUMAN_STEP_ROLE = { research: 'checker', assessment: 'checker', review: 'editor' } as const;
export type HumanStep = keyof typeof HUMAN_STEP_ROLE;
export const HUMAN_STEPS = Object.keys(HUMAN_STEP_ROLE) as HumanStep[];

/** One move of a claim (`POST /v1/claims/:id/transitions`), with the claim version it was decided on. */
export type Transition = paths['/v1/claims/{id}/transitions']['post']['requestBody']['content']['application/json'];
/** A transition's fields other than the version, which the hooks fill from the claim on screen. */
export type TransitionFields = WithoutVersion<Transition>;
type WithoutVersion<T> = T extends unknown ? Omit<T, 'version'> : never;

const myTasksKey = [...queryKeys.queues, 'mine'] as const;
const heldTasksKey = (step: HumanStep) => [...queryKeys.queues, 'held', step] as const;

interface Items<T> {
  items: T[];
}

/** The caller's leased tasks, every step (`GET /v1/tasks/mine`). */
export function useMyTasks() {
  return useQuery({
    queryKey: myTasksKey,
    // TODO(#11): typed by the document once api-contract is merged.
    queryFn: async () => ((await unwrap(api.GET('/v1/tasks/mine'))) as unknown as Items<ClaimDetail>).items,
  });
}

/** Every leased task of a step, whoever holds it (`GET /v1/tasks`, editors and auditors). */
export function useHeldTasks(step: HumanStep, enabled: boolean) {
  return useQuery({
    queryKey: heldTasksKey(step),
    enabled,
    // TODO(#11): typed by the document once api-contract is merged.
    queryFn: async () => ((await unwrap(api.GET('/v1/tasks', { params: { query: { step } } }))) as unknown as Items<ClaimDetail>).items,
  });
}

/** Leases the next task of a step to the caller: the claim, or null when the queue is empty (204). */
export function useTakeNext() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (step: HumanStep) => {
      // TODO(#11): typed by the document once api-contract is merged.
      const claim = (await unwrap(api.POST('/v1/tasks/next', { body: { step } }))) as unknown as ClaimDetail | undefined;
      return claim ?? null;
    },
    onSuccess: (claim) => {
      if (claim) queryClient.setQueryData(queryKeys.claim(claim.id), claim);
      return queryClient.invalidateQueries({ queryKey: queryKeys.queues });
    },
  });
}

/**
 * Moves a claim. The body carries the version the person saw; a stale one comes back as a 409
 * {@link ApiProblem} for `ConflictNotice`, never retried over someone else's change.
 */
export function useTransition() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ claimId, transition }: { claimId: string; transition: Transition }) =>
      // TODO(#11): typed by the document once api-contract is merged.
      (await unwrap(api.POST('/v1/claims/{id}/transitions', { params: { path: { id: claimId } }, body: transition }))) as unknown as ClaimDetail,
    onSuccess: (claim) => {
      queryClient.setQueryData(queryKeys.claim(claim.id), claim);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.queues }),
        queryClient.invalidateQueries({ queryKey: queryKeys.articleClaims(claim.articleId) }),
        queryClient.invalidateQueries({ queryKey: [...queryKeys.claim(claim.id), 'timeline'] }),
      ]);
    },
  });
}
