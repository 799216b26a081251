import { canonicalJson } from './canonical-json.js';
import type { HashedCheckpointHead } from './audit-hash.js';

/** What a rule-2 checkpoint signs (RFC 8785 JSON of this object is the signed byte string). */
export interface CheckpointStatement {
  /** Names what the bytes are, so a signature over them cannot be passed off as anything else. */
  type: typeof STATEMENT_TYPE;
  v: 2;
  number: number;
  createdAt: string;
  /** Heads this checkpoint sealed (appended to the tree). */
  headCount: number;
  maxEventSeq: number | null;
  /** sha256 of the previous checkpoint's statement (rule 2) or its hash (rule 1); null for the first. */
  prevHash: string | null;
  /** Leaves of the tree of sealed heads, and its RFC 6962 root (hex). */
  treeSize: number;
  rootHash: string;
  keyId: string;
}

export const STATEMENT_TYPE = 'factcheck-desk/audit-checkpoint';

export const statementText = (statement: CheckpointStatement) => canonicalJson(statement);

/** Parses a statement and checks its shape; throws on anything else. */
export function parseStatement(text: string): CheckpointStatement {
  const value = JSON.parse(text) as Partial<CheckpointStatement>;
  const ok =
    value !== null &&
    typeof value === 'object' &&
    value.type === STATEMENT_TYPE &&
    value.v === 2 &&
    Number.isSafeInteger(value.number) &&
    typeof value.createdAt === 'string' &&
    Number.isSafeInteger(value.headCount) &&
    (value.maxEventSeq === null || Number.isSafeInteger(value.maxEventSeq)) &&
    (value.prevHash === null || typeof value.prevHash === 'string') &&
    Number.isSafeInteger(value.treeSize) &&
    typeof value.rootHash === 'string' &&
    typeof value.keyId === 'string';
  if (!ok) throw new Error('not a checkpoint statement');
  return value as CheckpointStatement;
}

/** The leaf data of one sealed head: RFC 8785 JSON of the head (its leaf hash is SHA-256(0x00 || these bytes)). */
export const sealedHeadLeaf = (head: HashedCheckpointHead): string =>
  canonicalJson({ chainSeq: head.chainSeq, eventHash: head.eventHash, eventSeq: head.eventSeq, targetId: head.targetId, targetType: head.targetType });

/**
 * A signed checkpoint as published (`/transparency/checkpoints/…`, reports): the statement exactly as
 * signed, the signature, and the statement's fields for reading. Whoever keeps one holds a head of the
 * log the desk cannot later deny.
 */
export interface SignedCheckpoint {
  number: number;
  statement: string;
  signature: string;
  keyId: string;
  hash: string;
  createdAt: string;
  treeSize: number;
  rootHash: string;
  prevHash: string | null;
  maxEventSeq: number | null;
}
