import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { queryKeys } from './keys';
import type { SessionView } from './pending-admin-contract';

/** Signed-in sessions: the caller's own (`userId` absent) or, for admins, another user's. */
export function useSessions(userId?: string) {
  return useQuery({
    queryKey: userId ? queryKeys.userSessions(userId) : queryKeys.mySessions,
    queryFn: async (): Promise<SessionView[]> =>
      (userId ? await unwrap(api.GET('/v1/users/{id}/sessions', { params: { path: { id: userId } } })) : await unwrap(api.GET('/v1/sessions'))).items,
  });
}

/** Revokes a session (one's own; admins anyone's): the browser holding it is signed out at its next request. */
export function useRevokeSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/v1/sessions/{id}', { params: { path: { id } } })),
    onSuccess: () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.mySessions }), queryClient.invalidateQueries({ queryKey: queryKeys.users })]),
  });
}
