import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useEffect } from 'react';
import { queryKeys } from './keys';

/** What each server event changes, as the query keys to refetch (see SESSION-CONTRACT.md, live updates). */
const INVALIDATES: Record<string, (data: Record<string, string>) => QueryKey[]> = {
  claim: (d) => [queryKeys.claim(d.id!), queryKeys.articleClaims(d.articleId!), queryKeys.queues],
  evidence: (d) => [queryKeys.claim(d.claimId!), queryKeys.source(d.sourceId!)],
  capture: (d) => [queryKeys.source(d.sourceId!), ['claims']],
  signals: (d) => [queryKeys.claimPart(d.claimId!, 'signals')],
  report: (d) => [queryKeys.reports(d.articleId!)],
};

const RETRY_MS = { first: 1_000, max: 30_000 };

/**
 * Keeps the cache live while someone is signed in: one EventSource on `/v1/events`; each event
 * invalidates the queries it names, so whatever screen shows that resource refetches it. The browser
 * reconnects by itself after a dropped connection; after a refused one (e.g. the session expired) this
 * reconnects with backoff, and after any reconnect refetches everything (events may have been missed).
 */
export function useLiveEvents(enabled: boolean): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!enabled) return;
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let delay = RETRY_MS.first;
    let opened = false;
    const connect = () => {
      source = new EventSource('/v1/events');
      source.onopen = () => {
        if (opened) void queryClient.invalidateQueries();
        opened = true;
        delay = RETRY_MS.first;
      };
      for (const [event, keys] of Object.entries(INVALIDATES)) {
        source.addEventListener(event, (message) => {
          const data = JSON.parse((message as MessageEvent<string>).data) as Record<string, string>;
          for (const queryKey of keys(data)) void queryClient.invalidateQueries({ queryKey });
        });
      }
      source.onerror = () => {
        if (source?.readyState !== EventSource.CLOSED) return;
        retryTimer = setTimeout(connect, delay);
        delay = Math.min(delay * 2, RETRY_MS.max);
      };
    };
    connect();
    return () => {
      clearTimeout(retryTimer);
      source?.close();
    };
  }, [enabled, queryClient]);
}
