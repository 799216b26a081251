import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One failed sign-in, kept for the rate-limit window. In PostgreSQL rather than in memory so the limit
 * holds across API replicas.
 */
@Entity('sign_in_failures')
@Index('sign_in_failures_ip_at_idx', ['ip', 'at'])
export class SignInFailureEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', primaryKeyConstraintName: 'sign_in_failures_pk' })
  id: string;

  /** Lower-cased email as typed (it may belong to no user). */
  @Column({ type: 'text' })
  email: string;

  @Column({ type: 'text' })
  ip: string;

  @Index('sign_in_failures_at_idx')
  @Column({ type: 'timestamptz', default: () => 'now()' })
  at: Date;
}
