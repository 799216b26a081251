import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One step of a claim's timeline: every transition, with who took it, when and why. Append-only. */
@Entity('claim_transitions')
@Index('claim_transitions_claim_seq_uq', ['claimId', 'seq'], { unique: true })
export class ClaimTransitionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'claim_transitions_pk' })
  id: string;

  @Column({ name: 'claim_id', type: 'uuid' })
  claimId: string;

  /** The claim's transition number after this transition (1, 2, …); job ids are derived from it. */
  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'from_step', type: 'text' })
  fromStep: string;

  @Column({ name: 'to_step', type: 'text' })
  toStep: string;

  @Column({ name: 'actor_id', type: 'text' })
  actorId: string;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  /** Action-specific facts (assignee, rating, intake findings, error). */
  @Column({ type: 'jsonb', nullable: true })
  details: Record<string, unknown> | null;

  @Column({ type: 'timestamptz', precision: 3, default: () => 'now()' })
  at: Date;
}
