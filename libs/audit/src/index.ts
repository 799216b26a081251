export { AuditModule, AuditVerificationsModule } from './audit.module.js';
export { AuditCheckpointHandler } from './jobs/audit-checkpoint.handler.js';
export { AuditVerifyHandler } from './jobs/audit-verify.handler.js';
export {
  AuditService,
  parseAuditTarget,
  auditInsert,
  type PreparedAuditEvent,
  type AuditTarget,
  type AppendAuditEvent,
  type AuditEventView,
  type AuditVerification,
  type CheckpointConsistency,
  type VerificationOutcome,
} from './audit.service.js';
export { AuditVerificationsService, type VerificationView } from './audit-verifications.service.js';
export { AuditLogVerifier, type AuditProblem, type AuditProblemKind, type StoredCheckpoint, type StoredEvent } from './audit-verifier.js';
export { AuditEventEntity } from './audit-event.entity.js';
export { AuditCheckpointEntity, AuditCheckpointHeadEntity, AuditSigningKeyEntity } from './audit-checkpoint.entity.js';
export { AuditVerificationEntity } from './audit-verification.entity.js';
export { hashEvent, hashCheckpoint, canonicalEventV2 } from './audit-hash.js';
export { AuditSigningKey, AUDIT_SIGNING_KEY, keyIdOf, verifySignature, embeddedKeyFile } from './signing-key.js';
export { parseStatement, sealedHeadLeaf, type SignedCheckpoint, type CheckpointStatement } from './checkpoint-statement.js';
export { consistencyProof, verifyConsistency, Frontier, leafHash, rootOf } from './merkle.js';
export { verifyExport, parsePublicKeys, parseKeptCheckpoint, OfflineInputError, EXPORT_FORMAT, type OfflineVerification } from './offline-verify.js';
