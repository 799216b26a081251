import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
  type Relation,
} from 'typeorm';
import { ArticleEntity } from '@app/articles';

export const CLAIM_KINDS = ['date', 'number', 'quote', 'attribution', 'event', 'other'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

export const CLAIM_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type ClaimPriority = (typeof CLAIM_PRIORITIES)[number];

/** A checkable statement anchored in its article (W3C TextQuote + TextPosition selectors, code points). */
@Entity('claims')
@Index('claims_article_position_idx', ['articleId', 'positionStart'])
@Index('claims_created_idx', ['createdAt', 'id'])
@Index('claims_state_created_idx', ['state', 'createdAt', 'id'])
// Trigram index for text search; created by hand in a migration (TypeORM cannot express the opclass).
@Index('claims_statement_trgm_idx', { synchronize: false })
export class ClaimEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'claims_pk' })
  id: string;

  @Column({ name: 'article_id', type: 'uuid' })
  articleId: string;

  @ManyToOne(() => ArticleEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'article_id', foreignKeyConstraintName: 'claims_article_fk' })
  article: Relation<ArticleEntity>;

  /** The checkable statement in the editor's words (NFC). */
  @Column({ type: 'text' })
  statement: string;

  /** Null until given by the submitter or guessed at intake. */
  @Column({ type: 'text', nullable: true })
  kind: ClaimKind | null;

  /** Who made the claim (a person or body named in the article). */
  @Column({ type: 'text', nullable: true })
  claimant: string | null;

  /** 0 low … 3 urgent, so that ORDER BY priority DESC puts urgent work first. */
  @Column({ type: 'smallint', default: 1 })
  priority: number;

  @Column({ name: 'due_at', type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ type: 'text', default: 'intake' })
  state: string;

  @Column({ name: 'quote_exact', type: 'text' })
  quoteExact: string;

  @Column({ name: 'quote_prefix', type: 'text' })
  quotePrefix: string;

  @Column({ name: 'quote_suffix', type: 'text' })
  quoteSuffix: string;

  /** Code point offsets into the article body, end exclusive. */
  @Column({ name: 'position_start', type: 'integer' })
  positionStart: number;

  @Column({ name: 'position_end', type: 'integer' })
  positionEnd: number;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  // Millisecond precision so keyset cursors round-trip exactly through JavaScript Dates.
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}
