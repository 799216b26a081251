export { AuditModule } from './audit.module.js';
export { AuditCheckpointHandler } from './jobs/audit-checkpoint.handler.js';
export {
  AuditService,
  parseAuditTarget,
  auditInsert,
  type PreparedAuditEvent,
  type AuditTarget,
  type AppendAuditEvent,
  type AuditEventView,
  type AuditVerification,
  type AuditProblem,
} from './audit.service.js';
export { AuditEventEntity } from './audit-event.entity.js';
export { AuditCheckpointEntity, AuditCheckpointHeadEntity } from './audit-checkpoint.entity.js';
export { hashEvent, hashCheckpoint } from './audit-hash.js';
