import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from './client';
import { queryKeys } from './keys';
import type { components, paths } from './schema';

type Schemas = components['schemas'];
export type WorkflowClaim = Schemas['WorkflowClaim'];
export type Evidence = Schemas['Evidence'];
export type Capture = Schemas['Capture'];
export type Signal = Schemas['Signal'];
export type QuoteSignal = Schemas['QuoteSignal'];
export type Trail = Schemas['Trail'];
export type TrailNode = Schemas['TrailNode'];
export type TimelineEntry = Schemas['TimelineEntry'];

export type NewSource = paths['/v1/sources']['post']['requestBody']['content']['application/json'];
export type Stance = Evidence['stance'];

const claimPart = queryKeys.claimPart;

/** One claim with its lease and the verdict under review (`GET /v1/claims/:id`). */
export function useClaim(id: string) {
  return useQuery({
    queryKey: queryKeys.claim(id),
    queryFn: () => unwrap(api.GET('/v1/claims/{id}', { params: { path: { id } } })),
  });
}

/** The claim's evidence, oldest first, each with its source and its archived and latest capture. */
export function useClaimEvidence(id: string) {
  return useQuery({
    queryKey: claimPart(id, 'evidence'),
    queryFn: async () => (await unwrap(api.GET('/v1/claims/{id}/evidence', { params: { path: { id } } }))).items,
  });
}

/** Machine signals of the claim against each successful capture of its evidence (never a verdict). */
export function useClaimSignals(id: string) {
  return useQuery({
    queryKey: claimPart(id, 'signals'),
    // openapi-fetch's response typing drops properties whose only type is `null` (a not-comparable signal's
    // `score`, `passage`, …); the document has them, and so does every answer.
    queryFn: async () => (await unwrap(api.GET('/v1/claims/{id}/signals', { params: { path: { id } } }))).items as unknown as Signal[],
  });
}

/** The provenance graph from the claim's evidence back through derived-from edges. */
export function useClaimTrail(id: string) {
  return useQuery({
    queryKey: claimPart(id, 'trail'),
    queryFn: () => unwrap(api.GET('/v1/claims/{id}/trail', { params: { path: { id } } })),
  });
}

/** Every transition of the claim, in order. `useTransition` refreshes it after a move. */
export function useClaimTimeline(id: string) {
  return useQuery({
    queryKey: claimPart(id, 'timeline'),
    queryFn: async () => (await unwrap(api.GET('/v1/claims/{id}/timeline', { params: { path: { id } } }))).items,
  });
}

/** A source to attach: fetched from its URL by the worker, or a saved copy uploaded from this browser. */
export interface AttachSource {
  claimId: string;
  source: Omit<NewSource, 'capture'>;
  /** The saved copy (HTML, PDF or plain text); without it the worker fetches the URL. */
  file: File | null;
  stance: Stance;
  excerpt: string | null;
  note: string | null;
}

/**
 * Attaches a source as evidence, the way the API's flow goes: create the source (an existing one with
 * the same normalised URL comes back instead, so a retry after a failed later step is safe), upload the
 * saved copy when there is one, then link it to the claim. The capture's outcome arrives later, live.
 */
export function useAttachSource() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ claimId, source, file, stance, excerpt, note }: AttachSource) => {
      const created = await unwrap(api.POST('/v1/sources', { body: { ...source, capture: file ? 'none' : 'fetch' } }));
      if (file) {
        await unwrap(
          api.POST('/v1/sources/{id}/uploads', {
            params: { path: { id: created.id } },
            // The file's bytes as they are: the API judges the type by the content, not by this header.
            body: file as unknown as string,
            bodySerializer: (body: unknown) => body as Blob,
            headers: { 'Content-Type': file.type || 'application/octet-stream' },
          }),
        );
      }
      return unwrap(api.POST('/v1/claims/{id}/evidence', { params: { path: { id: claimId } }, body: { sourceId: created.id, stance, excerpt, note } }));
    },
    onSuccess: (evidence) => queryClient.invalidateQueries({ queryKey: queryKeys.claim(evidence.claimId) }),
  });
}
