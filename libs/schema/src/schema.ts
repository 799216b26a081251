import { ArticleEntity } from '@app/articles';
import { AuditCheckpointEntity, AuditCheckpointHeadEntity, AuditEventEntity, AuditSigningKeyEntity, AuditVerificationEntity } from '@app/audit';
import { ApiTokenEntity, SessionEntity, SignInFailureEntity, SignInTokenEntity, UserEntity } from '@app/auth';
import { ClaimEntity } from '@app/claims';
import { IdempotencyKeyEntity, type SchemaDefinition } from '@app/db';
import { OutboxEntity } from '@app/queue';
import { BlobEntity, CaptureEntity, EvidenceEntity, SignalEntity, SourceDerivationEntity, SourceEntity } from '@app/sources';
import { ClaimTransitionEntity, NotificationEntity, VerdictProposalEntity } from '@app/workflow';
import { ReaderReportEntity, ReportArtifactEntity, ReportCaptureEntity, ReportEntity } from '@app/reports';
import { RatingScaleEntity } from '@app/verdicts';
import { SuggestionEntity, SuggestionRunEntity } from '@app/suggestions';
import { MIGRATIONS } from '../../../migrations/index.js';

/**
 * The whole database schema: every entity and every migration. The apps, the TypeORM CLI and the tests
 * all build their DataSource from this one definition.
 */
export const SCHEMA: SchemaDefinition = {
  entities: [
    UserEntity,
    ApiTokenEntity,
    SessionEntity,
    SignInTokenEntity,
    SignInFailureEntity,
    ArticleEntity,
    ClaimEntity,
    AuditEventEntity,
    AuditCheckpointEntity,
    AuditCheckpointHeadEntity,
    AuditSigningKeyEntity,
    AuditVerificationEntity,
    IdempotencyKeyEntity,
    OutboxEntity,
    ClaimTransitionEntity,
    VerdictProposalEntity,
    NotificationEntity,
    SourceEntity,
    SourceDerivationEntity,
    CaptureEntity,
    BlobEntity,
    EvidenceEntity,
    SignalEntity,
    RatingScaleEntity,
    ReportEntity,
    ReportArtifactEntity,
    ReportCaptureEntity,
    ReaderReportEntity,
    SuggestionRunEntity,
    SuggestionEntity,
  ],
  migrations: MIGRATIONS,
};
