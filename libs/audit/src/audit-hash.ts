import { hash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { canonicalJson, canonicalString } from './canonical-json.js';

/**
 * Hash rules. Rule 1 (events written before rule 2; never re-hashed): sha256 over RFC 8785 JSON of
 * HashedEvent plus `"v":1`; `correlation_id` and `txid` are outside it. Rule 2: the same with
 * `correlationId` and `"v":2`, and the exact bytes are stored beside the event (`canonical`), so verify
 * hashes them directly and checks that the columns say what the bytes say. Only `txid` is outside rule 2:
 * it only tells a checkpoint where to look, and a wrong value can hide nothing (verify reads every event).
 */
export const EVENT_HASH_VERSION = 2;

/** The fields of an event that its hash covers, in the form they are hashed (rule 1; rule 2 adds correlationId). */
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

/** A rule-2 event: every stored field. */
export interface HashedEventV2 extends HashedEvent {
  correlationId: string | null;
}

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

/**
 * Rule 2's parts around the link: head + chainSeq + mid + JSON(prevHash) + ',"seq":' + seq + tail, keys
 * in canonical order (action, actorId, after, before | chainSeq | correlationId, occurredAt, prevHash |
 * seq | targetId, targetType, v). audit_append() in the database joins them the same way.
 */
export function canonicalPartsV2(body: Omit<EventBody, 'before' | 'after'> & { correlationId: string | null }, beforeJson: string, afterJson: string): CanonicalEventParts {
  return {
    head: canonicalHeadV2(body.action, body.actorId) + afterJson + ',"before":' + beforeJson + ',"chainSeq":',
    mid: canonicalMidV2(body.correlationId, body.occurredAt),
    tail: canonicalTailV2(body.targetId, body.targetType),
  };
}

/** The start of a rule-2 event's bytes, up to its `after` payload: verify compares it with the columns. */
export const canonicalHeadV2 = (action: string, actorId: string) => '{"action":' + canonicalString(action) + ',"actorId":' + canonicalString(actorId) + ',"after":';

export const canonicalMidV2 = (correlationId: string | null, occurredAt: string) =>
  ',"correlationId":' + (correlationId === null ? 'null' : canonicalString(correlationId)) + ',"occurredAt":' + canonicalString(occurredAt) + ',"prevHash":';

export const canonicalTailV2 = (targetId: string, targetType: string) =>
  ',"targetId":' + canonicalString(targetId) + ',"targetType":' + canonicalString(targetType) + `,"v":${EVENT_HASH_VERSION}}`;

/**
 * The end of a rule-2 event's bytes, from its chain position on (everything after the payloads):
 * verify builds it from the columns and compares.
 */
export const canonicalEndV2 = (chainSeq: number, correlationId: string | null, occurredAt: string, prevHash: string | null, seq: number, targetId: string, targetType: string) =>
  ',"chainSeq":' + chainSeq + canonicalMidV2(correlationId, occurredAt) + (prevHash === null ? 'null' : canonicalString(prevHash)) + ',"seq":' + seq + canonicalTailV2(targetId, targetType);

/** The rule-2 bytes (as text; hashed as UTF-8) of an event: RFC 8785 JSON of every field plus `"v":2`. */
export function canonicalEventV2(event: HashedEventV2): string {
  const beforeJson = canonicalJson(event.before);
  const afterJson = canonicalJson(event.after);
  return (
    canonicalHeadV2(event.action, event.actorId) +
    afterJson +
    ',"before":' +
    beforeJson +
    canonicalEndV2(event.chainSeq, event.correlationId, event.occurredAt, event.prevHash, event.seq, event.targetId, event.targetType)
  );
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
