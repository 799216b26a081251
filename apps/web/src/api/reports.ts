import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { queryKeys } from './keys';
import type { Claim, Page } from './pending-contract';
import type { ReaderReport, ReportVersion } from './pending-admin-contract';

/** Every claim of an article (the publish preview groups them by state); pages through the list. */
export function useArticleClaims(articleId: string) {
  return useQuery({
    queryKey: queryKeys.articleClaims(articleId),
    queryFn: async () => {
      const claims: Claim[] = [];
      let cursor: string | undefined;
      do {
        // TODO(#11): typed by the document once api-contract is merged.
        const page = (await unwrap(api.GET('/v1/claims', { params: { query: { articleId, cursor, limit: 200 } } }))) as unknown as Page<Claim>;
        claims.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return claims;
    },
  });
}

/** The article's report versions, oldest first; refetched while one is still rendering. */
export function useReportVersions(articleId: string) {
  return useQuery({
    queryKey: queryKeys.reports(articleId),
    queryFn: async () =>
      ((await unwrap(api.GET('/v1/articles/{id}/reports', { params: { path: { id: articleId } } }))) as unknown as { items: ReportVersion[] }).items,
    // The `report` live event also refreshes it; polling covers a worker that renders without notifying.
    refetchInterval: (query) => (query.state.data?.some((v) => v.status === 'rendering') ? 1000 : false),
  });
}

/** Publishes the next version; the API decides whether it is a correction that needs a note (and names the field). */
export function usePublishReport(articleId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ correctionNote, idempotencyKey }: { correctionNote: string | null; idempotencyKey: string }) =>
      (await unwrap(
        // The route takes an Idempotency-Key that the document does not list yet.
        api.POST('/v1/articles/{id}/reports', { params: { path: { id: articleId } }, headers: { 'Idempotency-Key': idempotencyKey }, body: { correctionNote } }),
      )) as unknown as ReportVersion,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.reports(articleId) }),
  });
}

/** Readers' error reports (`open`, `resolved`, or both), newest first. */
export function useReaderReports(status: 'open' | 'resolved' | undefined) {
  return useQuery({
    queryKey: [...queryKeys.readerReports, status ?? 'all'],
    queryFn: async () =>
      ((await unwrap(api.GET('/v1/reader-reports', { params: { query: { status } } }))) as unknown as { items: ReaderReport[] }).items,
  });
}

export function useResolveReaderReport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ id, note }: { id: string; note: string }) =>
      (await unwrap(api.POST('/v1/reader-reports/{id}/resolve', { params: { path: { id } }, body: { note } }))) as unknown as ReaderReport,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.readerReports }),
  });
}
