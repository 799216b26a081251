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

/**
 * A date the claim means: the expression as written in the article, and the calendar day or range it
 * was resolved to (ISO dates, both ends included), with the rule used and whether the reading is a choice.
 */
export interface ClaimDate {
  expression: string;
  from: string | null;
  to: string | null;
  rule: string;
  ambiguous: boolean;
}

/** A checkable statement anchored in its article (W3C TextQuote + TextPosition selectors, code points). */
@Entity('claims')
@Index('claims_article_position_idx', ['articleId', 'positionStart'])
@Index('claims_created_idx', ['createdAt', 'id'])
@Index('claims_state_created_idx', ['state', 'createdAt', 'id'])
// Trigram index for text search; created by hand in a migration (TypeORM cannot express the opclass).
@Index('claims_statement_trgm_idx', { synchronize: false })
// GIN over the similarity keys (fastupdate off); created by hand in a migration.
@Index('claims_similarity_keys_idx', { synchronize: false })
// Work queue order (priority DESC, due_at NULLS LAST, created_at); created by hand in a migration.
@Index('claims_work_queue_idx', { synchronize: false })
@Index('claims_assignee_idx', ['assigneeId'])
// (lower(claimant), created_at, id) for the claimant filter; created by hand in a migration.
@Index('claims_claimant_lower_idx', { synchronize: false })
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

  /** Workflow step (see the workflow state machine). */
  @Column({ type: 'text', default: 'intake' })
  state: string;

  /** Number of workflow transitions so far; with the step it names the claim's queue jobs. */
  @Column({ name: 'transition_seq', type: 'integer', default: 0 })
  transitionSeq: number;

  /** Who holds the task of the current human step, until `leaseExpiresAt`. */
  @Column({ name: 'assignee_id', type: 'text', nullable: true })
  assigneeId: string | null;

  @Column({ name: 'lease_expires_at', type: 'timestamptz', precision: 3, nullable: true })
  leaseExpiresAt: Date | null;

  /** The automated step that failed, and its last error, while the claim is `failed`. */
  @Column({ name: 'failed_step', type: 'text', nullable: true })
  failedStep: string | null;

  @Column({ type: 'text', nullable: true })
  failure: string | null;

  /** Why research finished without a captured source; the verdict is then limited to unverifiable. */
  @Column({ name: 'unverifiable_reason', type: 'text', nullable: true })
  unverifiableReason: string | null;

  /** Arabic-aware normalised statement, for matching only (set at intake). */
  @Column({ name: 'statement_normalized', type: 'text', nullable: true })
  statementNormalized: string | null;

  /** MinHash band keys of `statementNormalized` (`similarityKeys`), for finding similar claims (set at intake). */
  @Column({ name: 'similarity_keys', type: 'integer', array: true, nullable: true })
  similarityKeys: number[] | null;

  /** What intake found: anchor check, guessed kind, earlier similar claims. */
  @Column({ name: 'intake_report', type: 'jsonb', nullable: true })
  intakeReport: Record<string, unknown> | null;

  /** The dates the claim means, resolved against the article's publication time (from an accepted suggestion). */
  @Column({ name: 'resolved_dates', type: 'jsonb', nullable: true })
  resolvedDates: ClaimDate[] | null;

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
