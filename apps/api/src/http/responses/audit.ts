import { z } from 'zod';
import { named, timestamp } from '../openapi.js';

export const AuditTarget = named('AuditTarget', z.strictObject({ type: z.string(), id: z.string() }));

export const AuditEvent = named(
  'AuditEvent',
  z.strictObject({
    seq: z.number().int(),
    occurredAt: timestamp,
    actorId: z.string(),
    action: z.string(),
    target: AuditTarget,
    chainSeq: z.number().int(),
    prevHash: z.string().nullable(),
    hash: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    correlationId: z.string().nullable(),
  }),
);
export const AuditPage = named('AuditPage', z.strictObject({ items: z.array(AuditEvent), nextAfterSeq: z.number().int().nullable().describe('Pass as `afterSeq` for the next page.') }));

export const AuditProblem = named(
  'AuditProblem',
  z.strictObject({
    kind: z.enum([
      'hash-mismatch',
      'field-mismatch',
      'chain-broken',
      'events-missing',
      'sealed-event-missing',
      'sealed-event-changed',
      'checkpoint-hash-mismatch',
      'checkpoint-chain-broken',
      'checkpoint-signature-invalid',
      'checkpoint-root-mismatch',
      'kept-checkpoint-missing',
      'kept-checkpoint-differs',
      'export-incomplete',
    ]),
    seq: z.number().int().nullable(),
    target: AuditTarget.optional(),
    chainSeq: z.number().int().optional(),
    detail: z.string(),
  }),
);
export const AuditVerification = named(
  'AuditVerification',
  z.strictObject({
    ok: z.boolean(),
    eventsChecked: z.number().int(),
    checkpointsChecked: z.number().int(),
    latestCheckpointSeq: z.number().int().nullable(),
    problemCount: z.number().int(),
    problems: z.array(AuditProblem),
  }),
);
export const AuditCheckpoint = named('AuditCheckpoint', z.strictObject({ seq: z.number().int().nullable().describe('null when no chain head moved'), headCount: z.number().int() }));

export const AuditVerificationJob = named(
  'AuditVerificationJob',
  z.strictObject({
    id: z.uuid(),
    status: z.enum(['queued', 'running', 'done', 'failed']),
    incremental: z.boolean(),
    pageSize: z.number().int(),
    fromCheckpointSeq: z.number().int().nullable().describe('Incremental: the checkpoint, verified before, it started after.'),
    coveredCheckpointSeq: z.number().int().nullable().describe('The latest checkpoint it checked: what the result vouches for.'),
    throughEventSeq: z.number().int().nullable().describe('The highest event sequence number it covered.'),
    progress: z.strictObject({ eventsChecked: z.number().int(), eventsTotal: z.number().int().nullable(), checkpointsChecked: z.number().int() }),
    result: z.strictObject({ ok: z.boolean(), problemCount: z.number().int(), problems: z.array(AuditProblem) }).nullable(),
    error: z.string().nullable(),
    requestedBy: z.string(),
    createdAt: timestamp,
    startedAt: timestamp.nullable(),
    finishedAt: timestamp.nullable(),
  }),
);

export const SignedCheckpoint = named(
  'SignedCheckpoint',
  z
    .strictObject({
      number: z.number().int(),
      statement: z.string().describe('The signed bytes (UTF-8): RFC 8785 JSON of type, v, number, createdAt, headCount, maxEventSeq, prevHash, treeSize, rootHash, keyId.'),
      signature: z.string().describe('Ed25519 over `statement`, base64.'),
      keyId: z.string(),
      hash: z.string().describe('sha256 (hex) of `statement`: the next checkpoint’s `prevHash`.'),
      createdAt: timestamp,
      treeSize: z.number().int(),
      rootHash: z.string().describe('RFC 6962 Merkle root (hex) over every chain head sealed so far.'),
      prevHash: z.string().nullable(),
      maxEventSeq: z.number().int().nullable(),
    })
    .describe('A signed audit checkpoint: keep it, and the desk cannot later deny what it covers.'),
);

export const PublicKey = named(
  'AuditPublicKey',
  z.strictObject({ keyId: z.string(), publicKey: z.string().describe('PEM SubjectPublicKeyInfo (Ed25519).'), createdAt: timestamp, current: z.boolean() }),
);
export const PublicKeys = named('AuditPublicKeys', z.strictObject({ items: z.array(PublicKey) }));
export const CurrentPublicKey = named('AuditCurrentPublicKey', z.strictObject({ keyId: z.string(), publicKey: z.string() }));

export const CheckpointConsistency = named(
  'CheckpointConsistency',
  z.strictObject({
    from: SignedCheckpoint,
    to: SignedCheckpoint,
    proof: z.array(z.string()).describe('RFC 6962 consistency proof (hex nodes) that the tree of `from.treeSize` leaves is a prefix of the tree of `to.treeSize` leaves.'),
  }),
);
