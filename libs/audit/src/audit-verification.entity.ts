import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AuditProblem } from './audit-verifier.js';

export type AuditVerificationState = 'queued' | 'running' | 'done' | 'failed';

/** One verification run by the worker: its progress while it runs, then its result. */
@Entity('audit_verifications')
// At most one queued or running (an expression index on (true) WHERE active); created by hand in a migration.
@Index('audit_verifications_active_uq', { synchronize: false })
export class AuditVerificationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'audit_verifications_pk' })
  id: string;

  @Column({ type: 'text', default: 'queued' })
  state: AuditVerificationState;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy: string;

  /** Start from the last checkpoint a finished verification covered, instead of the beginning. */
  @Column({ type: 'boolean', default: false })
  incremental: boolean;

  @Column({ name: 'page_size', type: 'integer' })
  pageSize: number;

  /** Incremental: the checkpoint it started from (already verified). */
  @Column({ name: 'from_checkpoint_seq', type: 'bigint', nullable: true })
  fromCheckpointSeq: string | null;

  /** Highest event sequence number it covered (events appended later are left to the next one). */
  @Column({ name: 'through_event_seq', type: 'bigint', nullable: true })
  throughEventSeq: string | null;

  /** The latest checkpoint this verification checked: what it vouches for. */
  @Column({ name: 'covered_checkpoint_seq', type: 'bigint', nullable: true })
  coveredCheckpointSeq: string | null;

  @Column({ name: 'events_checked', type: 'bigint', default: 0 })
  eventsChecked: string;

  @Column({ name: 'events_total', type: 'bigint', nullable: true })
  eventsTotal: string | null;

  @Column({ name: 'checkpoints_checked', type: 'integer', default: 0 })
  checkpointsChecked: number;

  @Column({ type: 'boolean', nullable: true })
  ok: boolean | null;

  @Column({ name: 'problem_count', type: 'integer', default: 0 })
  problemCount: number;

  /** The first problems found (bounded; problem_count has them all). */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  problems: AuditProblem[];

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt: Date | null;
}
