import { useInfiniteQuery, useMutation, useQueries, useQuery } from '@tanstack/react-query';
import { ApiProblem, api, unwrap } from './client';
import { queryKeys } from './keys';
import { pendingApi, type AuditEvent, type AuditVerification, type Source, type VerificationJob } from './pending-admin-contract';

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

/** A verification, as the job API reports it; today's synchronous check is reported as a finished job. */
export type Verification = VerificationJob & { synchronous: boolean };

const fromSynchronous = (result: AuditVerification): Verification => ({
  id: 'synchronous',
  synchronous: true,
  status: 'done',
  progress: { eventsChecked: result.eventsChecked, eventsTotal: result.eventsChecked, checkpointsChecked: result.checkpointsChecked },
  result: { ok: result.ok, problemCount: result.problems.length, problems: result.problems },
  error: null,
  createdAt: new Date().toISOString(),
  finishedAt: new Date().toISOString(),
});

/**
 * Starts a verification: as a job where the API has one (`POST /v1/audit/verifications`), else by the
 * synchronous `GET /v1/audit/verify` (an API without the job answers the POST with 404).
 */
export function useStartVerification() {
  return useMutation({
    mutationFn: async (): Promise<Verification> => {
      try {
        return { ...(await unwrap(pendingApi.POST('/v1/audit/verifications', { body: {} }))), synchronous: false };
      } catch (error) {
        if (!(error instanceof ApiProblem) || error.status !== 404) throw error;
        return fromSynchronous((await unwrap(api.GET('/v1/audit/verify'))) as unknown as AuditVerification);
      }
    },
  });
}

/** A verification job's progress, polled until it is done or failed (nothing to poll for a synchronous one). */
export function useVerification(started: Verification | undefined) {
  return useQuery({
    queryKey: queryKeys.auditVerification(started?.id ?? ''),
    queryFn: async (): Promise<Verification> => ({ ...(await unwrap(pendingApi.GET('/v1/audit/verifications/{id}', { params: { path: { id: started!.id } } }))), synchronous: false }),
    enabled: !!started && !started.synchronous,
    refetchInterval: (query) => (query.state.data && (query.state.data.status === 'queued' || query.state.data.status === 'running') ? 500 : false),
  });
}
