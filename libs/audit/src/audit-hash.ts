import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

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

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** sha256 over the RFC 8785 (JCS) serialisation of the event, so any runtime can recompute it. */
export function hashEvent(event: HashedEvent): string {
  return sha256Hex(canonicalize({ v: HASH_VERSION, ...event })!);
}

/** Heads are hashed in (targetType, targetId) order so the result does not depend on query order. */
export function hashCheckpoint(checkpoint: HashedCheckpoint): string {
  const heads = [...checkpoint.heads].sort((a, b) =>
    a.targetType === b.targetType ? compare(a.targetId, b.targetId) : compare(a.targetType, b.targetType),
  );
  return sha256Hex(canonicalize({ v: HASH_VERSION, ...checkpoint, heads })!);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
