import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { queryKeys } from './keys';
import type { ApiToken, IssuedLink, IssuedToken, RatingScale, Role, User } from './pending-admin-contract';

/** Everyone with an account (admins and auditors). */
export function useUsers({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({
    queryKey: queryKeys.users,
    enabled,
    queryFn: async () => ((await unwrap(api.GET('/v1/users'))) as unknown as { items: User[] }).items,
  });
}

export function useUser(id: string) {
  return useQuery({
    queryKey: queryKeys.user(id),
    queryFn: async () => (await unwrap(api.GET('/v1/users/{id}', { params: { path: { id } } }))) as unknown as User,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { name: string; email: string; roles: Role[] }) => (await unwrap(api.POST('/v1/users', { body }))) as unknown as User,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.users }),
  });
}

/** Changes roles, name or deactivation; `version` is the one the admin saw (a 409 when someone changed the user since). */
export function useUpdateUser(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { roles?: Role[]; name?: string; disabled?: boolean; version: number }) =>
      (await unwrap(api.PATCH('/v1/users/{id}', { params: { path: { id } }, body }))) as unknown as User,
    onSuccess: (user) => {
      queryClient.setQueryData(queryKeys.user(id), user);
      void queryClient.invalidateQueries({ queryKey: queryKeys.users, exact: true });
    },
  });
}

export function useTokens(userId: string) {
  return useQuery({
    queryKey: queryKeys.userTokens(userId),
    queryFn: async () => ((await unwrap(api.GET('/v1/users/{id}/tokens', { params: { path: { id: userId } } }))) as unknown as { items: ApiToken[] }).items,
  });
}

/** Issues a token; the answer is the only place its secret ever appears. */
export function useIssueToken(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: { label: string; expiresAt: string | null }) =>
      (await unwrap(api.POST('/v1/users/{id}/tokens', { params: { path: { id: userId } }, body }))) as unknown as IssuedToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.userTokens(userId) }),
  });
}

export function useRevokeToken(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (tokenId: string) => (await unwrap(api.DELETE('/v1/tokens/{id}', { params: { path: { id: tokenId } } }))) as unknown as ApiToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.userTokens(userId) }),
  });
}

/** A one-time invitation link (a new one replaces the previous) or sign-in link for the user. */
export function useIssueLink(userId: string, kind: 'invitation' | 'sign-in-link') {
  return useMutation({
    mutationFn: async (): Promise<IssuedLink> =>
      kind === 'invitation'
        ? unwrap(api.POST('/v1/users/{id}/invitations', { params: { path: { id: userId } } }))
        : unwrap(api.POST('/v1/users/{id}/sign-in-links', { params: { path: { id: userId } } })),
  });
}

/** The rating scale verdicts are given under now (version 0: the built-in default). */
export function useRatingScale() {
  return useQuery({
    queryKey: queryKeys.ratingScale,
    queryFn: () => unwrap(api.GET('/v1/rating-scale')),
  });
}

/** Publishes a new version of the scale; the API validates it and names each bad field (`ratings.2.key`). */
export function usePublishRatingScale() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (scale: RatingScale['scale']) => unwrap(api.POST('/v1/rating-scales', { body: scale })),
    onSuccess: (scale) => queryClient.setQueryData(queryKeys.ratingScale, scale),
  });
}
