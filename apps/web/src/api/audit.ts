import { useInfiniteQuery, useMutation, useQueries, useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { queryKeys } from './keys';
import type { AuditEvent, Source, VerificationJob } from './pending-admin-contract';

const PAGE = 100;

async function auditPage(target: string, afterSeq: number | undefined) {
  return (await unwrap(api.GET('/v1/audit', { params: { query: { target: target || undefined, afterSeq, limit: PAGE } } }))) as unknown as {
    items: AuditEvent[];
    nextAfterSeq: number | null;
  };
}

/** The audit log in append order, filtered by `target` (`claim:<id>`; empty: everything), a page at a time. */
export function useAuditLog(target: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.audit(target),
    initialPageParam: undefined as number | undefined,
    queryFn: ({ pageParam }) => auditPage(target, pageParam),
    getNextPageParam: (page) => page.nextAfterSeq ?? undefined,
  });
}

/** Every event of one target (all pages), for replaying a trail. */
async function allEvents(target: string): Promise<AuditEvent[]> {
  const events: AuditEvent[] = [];
  let afterSeq: number | undefined;
  for (;;) {
    const page = await auditPage(target, afterSeq);
    events.push(...page.items);
    if (page.nextAfterSeq === null) return events;
    afterSeq = page.nextAfterSeq;
  }
}

/** The claim's events and, for each source attached to it, that source's events and its current record. */
export interface SourceTrailData {
  claimEvents: AuditEvent[];
  sources: { source: Source; events: AuditEvent[] }[];
}

/**
 * What a claim's source trail is replayed from: the audit log of the claim (who attached which source,
 * when) and of each attached source (captures, drift, rot), and each source with its captures.
 */
export function useSourceTrail(claimId: string | null) {
  const claim = useQuery({
    queryKey: [...queryKeys.audit(`claim:${claimId}`), 'all'],
    queryFn: () => allEvents(`claim:${claimId}`),
    enabled: !!claimId,
  });
  const sourceIds = [...new Set((claim.data ?? []).filter((e) => e.action === 'evidence.attached').map((e) => (e.after as { sourceId: string }).sourceId))];
  const sources = useQueries({
    queries: sourceIds.map((id) => ({
      queryKey: [...queryKeys.source(id), 'with-audit'],
      queryFn: async () => ({
        source: (await unwrap(api.GET('/v1/sources/{id}', { params: { path: { id } } }))) as unknown as Source,
        events: await allEvents(`source:${id}`),
      }),
    })),
  });
  const error = claim.error ?? sources.find((s) => s.error)?.error ?? null;
  const isPending = claim.isPending || sources.some((s) => s.isPending);
  const data: SourceTrailData | undefined = isPending || error ? undefined : { claimEvents: claim.data ?? [], sources: sources.map((s) => s.data!) };
  return { data, error, isPending: !!claimId && isPending };
}

/** Starts a verification of the whole log as a job in the worker (`POST /v1/audit/verifications`; 409 while one runs). */
export function useStartVerification() {
  return useMutation({
    mutationFn: () => unwrap(api.POST('/v1/audit/verifications', { body: {} })),
  });
}

/** A verification job's progress, polled until it is done or failed. */
export function useVerification(started: VerificationJob | undefined) {
  return useQuery({
    queryKey: queryKeys.auditVerification(started?.id ?? ''),
    queryFn: () => unwrap(api.GET('/v1/audit/verifications/{id}', { params: { path: { id: started!.id } } })),
    enabled: !!started,
    refetchInterval: (query) => (query.state.data && (query.state.data.status === 'queued' || query.state.data.status === 'running') ? 500 : false),
  });
}
