import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, VersionColumn, type Relation } from 'typeorm';
import { ArticleEntity } from '@app/articles';
import { ClaimEntity } from '@app/claims';
import type { SuggestionKind } from './rules/common.js';
import type { ResolvedDate, SuggestionSpan } from './suggest.js';

export const RUN_STATES = ['pending', 'done', 'failed'] as const;
export type RunState = (typeof RUN_STATES)[number];

export const SUGGESTION_STATES = ['open', 'accepted', 'dismissed'] as const;
export type SuggestionState = (typeof SUGGESTION_STATES)[number];

/**
 * One computation of an article's suggestions: for one body (by hash) read in one time zone. Asking
 * again for the same body and zone finds this run instead of computing anew.
 */
@Entity('suggestion_runs')
@Index('suggestion_runs_article_body_zone_uq', ['articleId', 'bodySha256', 'timeZone'], { unique: true })
export class SuggestionRunEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'suggestion_runs_pk' })
  id: string;

  @Column({ name: 'article_id', type: 'uuid' })
  articleId: string;

  @ManyToOne(() => ArticleEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'article_id', foreignKeyConstraintName: 'suggestion_runs_article_fk' })
  article: Relation<ArticleEntity>;

  /** The article version and body the suggestions were computed from. */
  @Column({ name: 'article_version', type: 'integer' })
  articleVersion: number;

  @Column({ name: 'body_sha256', type: 'text' })
  bodySha256: string;

  /** IANA zone the relative dates were read in. */
  @Column({ name: 'time_zone', type: 'text' })
  timeZone: string;

  @Column({ type: 'text' })
  state: RunState;

  @Column({ type: 'text', nullable: true })
  failure: string | null;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', precision: 3, nullable: true })
  finishedAt: Date | null;
}

/** A proposed claim, kept with the editor's decision (accepted into a claim, or dismissed with a reason). */
@Entity('suggestions')
@Index('suggestions_run_ordinal_uq', ['runId', 'ordinal'], { unique: true })
@Index('suggestions_article_position_idx', ['articleId', 'positionStart'])
export class SuggestionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'suggestions_pk' })
  id: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId: string;

  @ManyToOne(() => SuggestionRunEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'suggestions_run_fk' })
  run: Relation<SuggestionRunEntity>;

  @Column({ name: 'article_id', type: 'uuid' })
  articleId: string;

  @ManyToOne(() => ArticleEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'article_id', foreignKeyConstraintName: 'suggestions_article_fk' })
  article: Relation<ArticleEntity>;

  /** Position in the article's list (text order). */
  @Column({ type: 'integer' })
  ordinal: number;

  @Column({ type: 'text' })
  kind: SuggestionKind;

  @Column({ type: 'text' })
  rule: string;

  @Column({ type: 'text' })
  statement: string;

  @Column({ type: 'text', nullable: true })
  claimant: string | null;

  @Column({ name: 'quote_exact', type: 'text' })
  quoteExact: string;

  @Column({ name: 'quote_prefix', type: 'text' })
  quotePrefix: string;

  @Column({ name: 'quote_suffix', type: 'text' })
  quoteSuffix: string;

  @Column({ name: 'position_start', type: 'integer' })
  positionStart: number;

  @Column({ name: 'position_end', type: 'integer' })
  positionEnd: number;

  @Column({ type: 'jsonb' })
  spans: SuggestionSpan[];

  @Column({ type: 'jsonb' })
  dates: ResolvedDate[];

  @Column({ type: 'text', default: 'open' })
  state: SuggestionState;

  @Column({ name: 'claim_id', type: 'uuid', nullable: true })
  claimId: string | null;

  @ManyToOne(() => ClaimEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'claim_id', foreignKeyConstraintName: 'suggestions_claim_fk' })
  claim: Relation<ClaimEntity> | null;

  @Column({ name: 'decided_by', type: 'text', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', precision: 3, nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'dismiss_reason', type: 'text', nullable: true })
  dismissReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @VersionColumn()
  version: number;
}
