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

  /** 1: hashed heads only (checkpoints written before signing); 2: a signed statement over a Merkle root. */
  @Column({ type: 'smallint', default: 1 })
  version: number;

  /** Rule 2: leaves in the Merkle tree of sealed heads, and its RFC 6962 root (hex). */
  @Column({ name: 'tree_size', type: 'bigint', nullable: true })
  treeSize: string | null;

  @Column({ name: 'root_hash', type: 'text', nullable: true })
  rootHash: string | null;

  /**
   * Rule 2: the roots of the tree's perfect subtrees, left to right, so the next checkpoint extends the
   * tree without reading its leaves. Derived from the leaves (verify recomputes them): not signed.
   */
  @Column({ type: 'jsonb', nullable: true })
  frontier: string[] | null;

  /** Rule 2: the signing key's id (see audit_signing_keys) and the Ed25519 signature (base64) over `statement`. */
  @Column({ name: 'key_id', type: 'text', nullable: true })
  keyId: string | null;

  @Column({ type: 'text', nullable: true })
  signature: string | null;

  /** Rule 2: the signed statement, RFC 8785 JSON; `hash` is its sha256. */
  @Column({ type: 'bytea', nullable: true })
  statement: Buffer | null;
}

/** Every public key a checkpoint was ever signed with, by id, so rotation never orphans old checkpoints. */
@Entity('audit_signing_keys')
export class AuditSigningKeyEntity {
  /** sha256 (hex, first 16 digits) of the key's DER SubjectPublicKeyInfo. */
  @PrimaryColumn({ name: 'key_id', type: 'text', primaryKeyConstraintName: 'audit_signing_keys_pk' })
  keyId: string;

  /** PEM SubjectPublicKeyInfo. */
  @Column({ name: 'public_key', type: 'text' })
  publicKey: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}

@Entity('audit_checkpoint_heads')
// (target, checkpoint_seq DESC): finds the latest sealed head per target; created by hand in a migration.
@Index('audit_checkpoint_heads_target_idx', { synchronize: false })
@Index('audit_checkpoint_heads_leaf_uq', ['leafIndex'], { unique: true, where: 'leaf_index IS NOT NULL' })
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

  /** Rule-2 checkpoints: this head's position in the Merkle tree of sealed heads (NULL for rule 1). */
  @Column({ name: 'leaf_index', type: 'bigint', nullable: true })
  leafIndex: string | null;
}
