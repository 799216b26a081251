import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Jobs owed to a queue, written in the same transaction as the change that needs them. A row stays open
 * until its processor records the outcome (in the processor's own transaction), so a job lost between
 * commit and enqueue, or wiped from Redis later, is found and enqueued again by the reconciler.
 */
@Entity('job_outbox')
@Index('job_outbox_open_idx', { synchronize: false })
export class OutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'job_outbox_pk' })
  id: string;

  @Column({ type: 'text' })
  queue: string;

  @Column({ type: 'text' })
  name: string;

  /** Deterministic BullMQ job id: enqueueing the same row twice runs it once. */
  @Index('job_outbox_job_id_uq', { unique: true })
  @Column({ name: 'job_id', type: 'text' })
  jobId: string;

  @Column({ type: 'jsonb' })
  payload: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  /** `done` or `failed` once the processor has recorded the outcome. */
  @Column({ type: 'text', nullable: true })
  outcome: string | null;
}
