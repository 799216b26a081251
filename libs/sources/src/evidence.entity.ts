import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const STANCES = ['supports', 'refutes', 'context'] as const;
export type Stance = (typeof STANCES)[number];

/** The link between a claim and a source: stance, the excerpt that matters, a note, who and when. */
@Entity('evidence')
@Index('evidence_claim_source_uq', ['claimId', 'sourceId'], { unique: true })
@Index('evidence_source_idx', ['sourceId'])
export class EvidenceEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'evidence_pk' })
  id: string;

  @Column({ name: 'claim_id', type: 'uuid' })
  claimId: string;

  @Column({ name: 'source_id', type: 'uuid' })
  sourceId: string;

  @Column({ type: 'text' })
  stance: Stance;

  @Column({ type: 'text', nullable: true })
  excerpt: string | null;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/** "This source cites that one": the edges of the provenance graph. */
@Entity('source_derivations')
@Index('source_derivations_parent_idx', ['derivedFromId'])
export class SourceDerivationEntity {
  @PrimaryColumn({ name: 'source_id', type: 'uuid', primaryKeyConstraintName: 'source_derivations_pk' })
  sourceId: string;

  @PrimaryColumn({ name: 'derived_from_id', type: 'uuid', primaryKeyConstraintName: 'source_derivations_pk' })
  derivedFromId: string;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}

/** Machine signals for one claim against one capture (quoted wording, dates and numbers). Never a verdict. */
@Entity('signals')
@Index('signals_claim_capture_uq', ['claimId', 'captureId'], { unique: true })
export class SignalEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'signals_pk' })
  id: string;

  @Column({ name: 'claim_id', type: 'uuid' })
  claimId: string;

  @Column({ name: 'capture_id', type: 'uuid' })
  captureId: string;

  @Column({ type: 'jsonb' })
  quotes: unknown;

  @Column({ type: 'jsonb' })
  numbers: unknown;

  /** For each resolved date of the claim: whether the capture states a date within it. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  dates: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
