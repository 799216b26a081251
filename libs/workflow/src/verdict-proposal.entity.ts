import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A verdict proposed in assessment and decided in review; kept whatever the decision (history). */
@Entity('verdict_proposals')
@Index('verdict_proposals_claim_idx', ['claimId', 'proposedAt'])
export class VerdictProposalEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'verdict_proposals_pk' })
  id: string;

  @Column({ name: 'claim_id', type: 'uuid' })
  claimId: string;

  @Column({ type: 'text' })
  rating: string;

  /** The rating scale version the rating belongs to (0: the built-in default). */
  @Column({ name: 'scale_version', type: 'integer', default: 0 })
  scaleVersion: number;

  @Column({ type: 'text' })
  rationale: string;

  @Column({ name: 'proposed_by', type: 'text' })
  proposedBy: string;

  @Column({ name: 'proposed_at', type: 'timestamptz', precision: 3 })
  proposedAt: Date;

  /** Null while under review; `approved` or `returned` once decided. */
  @Column({ type: 'text', nullable: true })
  decision: 'approved' | 'returned' | 'withdrawn' | null;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', precision: 3, nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decision_comment', type: 'text', nullable: true })
  decisionComment: string | null;
}
