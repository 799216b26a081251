import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { UserEntity } from './user.entity.js';

/** What a one-time sign-in token does: an invitation sets the password; a link only signs in. */
export type SignInTokenKind = 'invitation' | 'link';

/** A one-time token sent to a person (invitation or sign-in link). Only its sha256 is stored. */
@Entity('sign_in_tokens')
@Check('sign_in_tokens_kind_ck', `"kind" IN ('invitation', 'link')`)
export class SignInTokenEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'sign_in_tokens_pk' })
  id: string;

  @Index('sign_in_tokens_user_idx')
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne(() => UserEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'sign_in_tokens_user_fk' })
  user: Relation<UserEntity>;

  @Column({ type: 'text' })
  kind: SignInTokenKind;

  @Index('sign_in_tokens_hash_uq', { unique: true })
  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  /** The admin who issued it. */
  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'consumed_at', type: 'timestamptz', nullable: true })
  consumedAt: Date | null;

  /** Set when a newer invitation replaces this one. */
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
