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
    kind: z.enum(['hash-mismatch', 'chain-broken', 'events-missing', 'sealed-event-missing', 'sealed-event-changed', 'checkpoint-hash-mismatch', 'checkpoint-chain-broken']),
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
    problems: z.array(AuditProblem),
  }),
);
export const AuditCheckpoint = named('AuditCheckpoint', z.strictObject({ seq: z.number().int().nullable().describe('null when no chain head moved'), headCount: z.number().int() }));
