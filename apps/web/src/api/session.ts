import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, ApiProblem, setCsrfToken, unwrap } from './client';
import { queryKeys } from './keys';
import type { Session } from './pending-contract';


/** The signed-in session, or null when nobody is signed in (a 401 is an answer here, not an error). */
export const sessionQuery = queryOptions({
  queryKey: queryKeys.session,
  queryFn: async (): Promise<Session | null> => {
    try {
      return remember(await unwrap(api.GET('/v1/session')));
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 401) return remember(null);
      throw error;
    }
  },
  staleTime: 60_000,
});

export const useSession = () => useQuery(sessionQuery);

function remember(session: Session | null): Session | null {
  setCsrfToken(session?.csrfToken ?? null);
  return session;
}

/** Signing in by any of the three ways starts a fresh cache for the new person. */
function useStartSession<Input>(call: (input: Input) => Promise<Session>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (session) => {
      queryClient.clear();
      queryClient.setQueryData(queryKeys.session, remember(session));
    },
  });
}

export const useSignIn = () =>
  useStartSession((body: { email: string; password: string }) => unwrap(api.POST('/v1/session', { body })));

export const useSignInWithLink = () => useStartSession((body: { token: string }) => unwrap(api.POST('/v1/session/link', { body })));

export const useAcceptInvitation = () =>
  useStartSession((body: { token: string; password: string }) => unwrap(api.POST('/v1/invitations/accept', { body })));

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.DELETE('/v1/session')),
    onSettled: () => {
      queryClient.clear();
      queryClient.setQueryData(queryKeys.session, remember(null));
    },
  });
}

/** Forgets the session locally (the API said 401): the app shows sign-in. */
export function dropSession(queryClient: ReturnType<typeof useQueryClient>): void {
  queryClient.setQueryData(queryKeys.session, remember(null));
}
