import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { canonicalJson, canonicalString } from './canonical-json.js';

/** The fields of an event that its hash covers, in the form they are hashed. */
export interface HashedEvent {
  seq: number;
  occurredAt: string;
  actorId: string;
  action: string;
  targetType: string;
  targetId: string;
  chainSeq: number;
  prevHash: string | null;
  before: unknown;
  after: unknown;
}

export interface HashedCheckpointHead {
  targetType: string;
  targetId: string;
  chainSeq: number;
  eventSeq: number;
  eventHash: string;
}

export interface HashedCheckpoint {
  seq: number;
  createdAt: string;
  headCount: number;
  maxEventSeq: number | null;
  prevHash: string | null;
  heads: HashedCheckpointHead[];
}

const HASH_VERSION = 1;

/** sha256, hex, over the UTF-8 bytes of a string. */
export const sha256Hex = (text: string) => hash('sha256', text, 'hex');

/** The event without its chain link (seq, chain position, previous hash): known before the link is taken. */
export type EventBody = Omit<HashedEvent, 'seq' | 'chainSeq' | 'prevHash'>;

/**
 * The RFC 8785 serialisation of an event is, with its keys in canonical order,
 *   head + chainSeq + mid + JSON(prevHash) + ',"seq":' + seq + tail
 * (action, actorId, after, before | chainSeq | occurredAt, prevHash | seq | targetId, targetType, v), so
 * everything but the link can be serialised once per event, before the link is known.
 */
export interface CanonicalEventParts {
  head: string;
  mid: string;
  tail: string;
}

export function canonicalEventParts(body: EventBody): CanonicalEventParts {
  return canonicalPartsOf(body, canonicalJson(body.before), canonicalJson(body.after));
}

/** As canonicalEventParts, with the payloads already serialised (canonicalJson of before and after). */
export function canonicalPartsOf(
  body: Omit<EventBody, 'before' | 'after'>,
  beforeJson: string,
  afterJson: string,
): CanonicalEventParts {
  return {
    head:
      '{"action":' +
      canonicalString(body.action) +
      ',"actorId":' +
      canonicalString(body.actorId) +
      ',"after":' +
      afterJson +
      ',"before":' +
      beforeJson +
      ',"chainSeq":',
    mid: ',"occurredAt":' + canonicalString(body.occurredAt) + ',"prevHash":',
    tail: ',"targetId":' + canonicalString(body.targetId) + ',"targetType":' + canonicalString(body.targetType) + `,"v":${HASH_VERSION}}`,
  };
}

/** Events of the declared shape take the fast path; anything else (a missing payload, a string seq …) canonicalize's own. */
const regular = (event: HashedEvent) =>
  typeof event.seq === 'number' &&
  Number.isFinite(event.seq) &&
  typeof event.chainSeq === 'number' &&
  Number.isFinite(event.chainSeq) &&
  (event.prevHash === null || typeof event.prevHash === 'string') &&
  typeof event.occurredAt === 'string' &&
  typeof event.actorId === 'string' &&
  typeof event.action === 'string' &&
  typeof event.targetType === 'string' &&
  typeof event.targetId === 'string' &&
  event.before !== undefined &&
  event.after !== undefined;

/**
 * The RFC 8785 (JCS) serialisation of the event's fields plus `v`: byte-identical to
 * `canonicalize({ v: 1, ...event })` for an event of the HashedEvent shape (see audit-hash.spec.ts).
 */
export function canonicalEvent(event: HashedEvent): string {
  if (regular(event)) {
    try {
      const parts = canonicalEventParts(event);
      return (
        parts.head +
        String(event.chainSeq) +
        parts.mid +
        (event.prevHash === null ? 'null' : canonicalString(event.prevHash)) +
        ',"seq":' +
        String(event.seq) +
        parts.tail
      );
    } catch {
      // A value canonicalize refuses: let it throw its own error, for the first such value in its order.
    }
  }
  const { seq, occurredAt, actorId, action, targetType, targetId, chainSeq, prevHash, before, after } = event;
  return canonicalize({ v: HASH_VERSION, seq, occurredAt, actorId, action, targetType, targetId, chainSeq, prevHash, before, after })!;
}

/** sha256 over the RFC 8785 (JCS) serialisation of the event, so any runtime can recompute it. */
export function hashEvent(event: HashedEvent): string {
  return sha256Hex(canonicalEvent(event));
}

/** Heads are hashed in (targetType, targetId) order so the result does not depend on query order. */
export function hashCheckpoint(checkpoint: HashedCheckpoint): string {
  const heads = [...checkpoint.heads].sort((a, b) =>
    a.targetType === b.targetType ? compare(a.targetId, b.targetId) : compare(a.targetType, b.targetType),
  );
  return sha256Hex(canonicalJson({ v: HASH_VERSION, ...checkpoint, heads }));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
