import type { AuditEvent, Capture, Source } from '../api/pending-admin-contract';
import type { SourceTrailData } from '../api/audit';

/** One step of a claim's source trail, in the order the audit log recorded it. */
export interface TrailStep {
  event: AuditEvent;
  source: Source;
  /** The capture the event is about (from the event itself, as it was then). */
  capture: Capture | null;
}

/** A source attached to the claim, with what changed at it after it was attached. */
export interface TrailSource {
  source: Source;
  attached: AuditEvent;
  /** Captures finished after the attachment that found the content changed, or the address gone. */
  driftSince: Capture[];
  rotSince: Capture[];
}

const SOURCE_ACTIONS = /^(capture\.|source\.)/;

/**
 * Replays a claim's source trail from the audit log: each attachment of a source to the claim and every
 * event at that source from its creation on (captures requested, uploaded, captured or refused, drift,
 * rot), merged in append order (`seq`, which is time order).
 */
export function replaySourceTrail(data: SourceTrailData): { steps: TrailStep[]; sources: TrailSource[] } {
  const byId = new Map(data.sources.map((s) => [s.source.id, s]));
  const attachments = data.claimEvents.filter((e) => e.action === 'evidence.attached');
  const steps: TrailStep[] = [];
  const sources: TrailSource[] = [];
  for (const attached of attachments) {
    const entry = byId.get((attached.after as { sourceId: string }).sourceId);
    if (!entry) continue;
    steps.push({ event: attached, source: entry.source, capture: null });
    const since = entry.source.captures.filter((c) => c.finishedAt && c.finishedAt > attached.occurredAt);
    sources.push({ source: entry.source, attached, driftSince: since.filter((c) => c.drift), rotSince: since.filter((c) => c.rot) });
  }
  for (const { source, events } of data.sources) {
    for (const event of events) {
      if (!SOURCE_ACTIONS.test(event.action) && event.action !== 'source.created') continue;
      const after = event.after as Partial<Capture> & { captureId?: string } | null;
      const captureId = after?.id && event.action.startsWith('capture.') ? after.id : after?.captureId;
      const capture = (event.action.startsWith('capture.') ? (after as Capture) : source.captures.find((c) => c.id === captureId)) ?? null;
      steps.push({ event, source, capture });
    }
  }
  steps.sort((a, b) => a.event.seq - b.event.seq);
  return { steps, sources };
}
