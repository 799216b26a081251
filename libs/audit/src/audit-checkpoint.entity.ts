import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A seal over the chain heads that moved since the previous checkpoint; checkpoints form their own
 * hash chain. A chain whose tail was cut after a checkpoint no longer reaches the head it sealed.
 */
@Entity('audit_checkpoints')
export class AuditCheckpointEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'audit_checkpoints_pk' })
  seq: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'head_count', type: 'integer' })
  headCount: number;

  /** Highest audit event seq sealed by this checkpoint. */
  @Column({ name: 'max_event_seq', type: 'bigint', nullable: true })
  maxEventSeq: string | null;

  @Column({ name: 'prev_hash', type: 'text', nullable: true })
  prevHash: string | null;

  @Column({ type: 'text' })
  hash: string;

  /**
   * The oldest transaction still running when this checkpoint read the heads: events it could not see
   * were written at or after it, so the next checkpoint looks only there. Not part of the hash.
   */
  @Column({ name: 'event_horizon_txid', type: 'bigint', nullable: true })
  eventHorizonTxid: string | null;
}

@Entity('audit_checkpoint_heads')
// (target, checkpoint_seq DESC): finds the latest sealed head per target; created by hand in a migration.
@Index('audit_checkpoint_heads_target_idx', { synchronize: false })
export class AuditCheckpointHeadEntity {
  @PrimaryColumn({ name: 'checkpoint_seq', type: 'bigint', primaryKeyConstraintName: 'audit_checkpoint_heads_pk' })
  checkpointSeq: string;

  @PrimaryColumn({ name: 'target_type', type: 'text', primaryKeyConstraintName: 'audit_checkpoint_heads_pk' })
  targetType: string;

  @PrimaryColumn({ name: 'target_id', type: 'text', primaryKeyConstraintName: 'audit_checkpoint_heads_pk' })
  targetId: string;

  @Column({ name: 'chain_seq', type: 'integer' })
  chainSeq: number;

  @Column({ name: 'event_seq', type: 'bigint' })
  eventSeq: string;

  @Column({ name: 'event_hash', type: 'text' })
  eventHash: string;
}
