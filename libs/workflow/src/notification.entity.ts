import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** An in-app notification for one person (a task returned to them, a task reassigned to them). */
@Entity('notifications')
@Index('notifications_user_idx', ['userId', 'createdAt'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'notifications_pk' })
  id: string;

  @Column({ name: 'user_id', type: 'text' })
  userId: string;

  @Column({ type: 'text' })
  kind: string;

  @Column({ name: 'claim_id', type: 'uuid' })
  claimId: string;

  @Column({ type: 'text' })
  message: string;

  /** The job that delivered it: a job run twice delivers once. */
  @Index('notifications_job_uq', { unique: true })
  @Column({ name: 'job_id', type: 'text' })
  jobId: string;

  @Column({ name: 'created_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt: Date;
}
