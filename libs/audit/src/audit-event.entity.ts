import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One append-only audit record. Events form one hash chain per target (`chain_seq`, `prev_hash`), so
 * writers on different targets never wait for each other; checkpoints seal all chain heads together.
 * The database refuses UPDATE, DELETE and TRUNCATE on this table (see the audit migration).
 */
@Entity('audit_events')
@Index('audit_events_target_chain_uq', ['targetType', 'targetId', 'chainSeq'], { unique: true })
@Index('audit_events_actor_idx', ['actorId', 'seq'])
@Index('audit_events_txid_idx', ['txid'])
export class AuditEventEntity {
  /** Global sequence number: the order events were appended in (gaps come from rolled-back transactions). */
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'audit_events_pk' })
  seq: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'actor_id', type: 'text' })
  actorId: string;

  @Column({ type: 'text' })
  action: string;

  @Column({ name: 'target_type', type: 'text' })
  targetType: string;

  @Column({ name: 'target_id', type: 'text' })
  targetId: string;

  /** Position in this target's chain, from 1 with no gaps. */
  @Column({ name: 'chain_seq', type: 'integer' })
  chainSeq: number;

  @Column({ name: 'prev_hash', type: 'text', nullable: true })
  prevHash: string | null;

  @Column({ type: 'text' })
  hash: string;

  /** Rule 1 only: the payloads as JSON. Rule-2 events keep their payloads in `canonical` and leave these NULL. */
  @Column({ type: 'jsonb', nullable: true })
  before: unknown;

  @Column({ type: 'jsonb', nullable: true })
  after: unknown;

  /** Which hash rule the event follows (see audit-hash.ts): 1 for events written before rule 2, else 2. */
  @Column({ name: 'hash_version', type: 'smallint', default: 1 })
  hashVersion: number;

  /**
   * Rule 2: the exact bytes the hash is over (RFC 8785 JSON of every field but `txid`), so verify hashes
   * them without parsing and re-serialising; the columns beside them must say the same (verify checks).
   */
  @Column({ type: 'bytea', nullable: true })
  canonical: Buffer | null;

  /**
   * The writing transaction's id, so a checkpoint finds the chains that moved since the previous one
   * (see AuditService.checkpoint); not part of the hash. NULL on events older than the column.
   */
  @Column({ type: 'bigint', nullable: true, default: () => 'txid_current()' })
  txid: string | null;

  /** Request or job id, for correlating with logs; part of the hash from rule 2 on (not under rule 1). */
  @Column({ name: 'correlation_id', type: 'text', nullable: true })
  correlationId: string | null;
}
