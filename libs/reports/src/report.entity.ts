import { Column, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export type ReportStatus = 'rendering' | 'published' | 'failed';

/**
 * `first`: version 1. `update`: new verdicts added, nothing published changed (no note needed).
 * `correction`: a published verdict, rationale or evidence changed, or a checked claim went back to
 * pending (a note is required).
 */
/** first: version 1; update: new ratings only; correction: something already published changed. */
export const REPORT_KINDS = ['first', 'update', 'correction'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/**
 * A numbered version of an article's verification report. Once published its artifacts are stored
 * exactly as rendered and never change (the database refuses it); a new version needs a correction note.
 */
@Entity('reports')
@Index('reports_article_version_uq', ['articleId', 'version'], { unique: true })
@Index('reports_published_idx', ['publishedAt'], { where: "status = 'published'" })
export class ReportEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'reports_pk' })
  id: string;

  @Column({ name: 'article_id', type: 'uuid' })
  articleId: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'text', default: 'rendering' })
  status: ReportStatus;

  @Column({ type: 'text' })
  kind: ReportKind;

  /** The language the report is rendered in (a catalogue language: `en`, `ar`). */
  @Column({ type: 'text' })
  language: string;

  /** Required for a correction: what changed and why, shown to readers on this and every later version. */
  @Column({ name: 'correction_note', type: 'text', nullable: true })
  correctionNote: string | null;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy: string;

  @Column({ name: 'requested_at', type: 'timestamptz', precision: 3 })
  requestedAt: Date;

  @Column({ name: 'published_at', type: 'timestamptz', precision: 3, nullable: true })
  publishedAt: Date | null;

  /** The audit log position the report reflects: every event up to it, none after. */
  @Column({ name: 'audit_seq', type: 'bigint', nullable: true })
  auditSeq: string | null;

  /** sha256 over the artifacts' hashes in path order. */
  @Column({ name: 'content_sha256', type: 'text', nullable: true })
  contentSha256: string | null;

  @Column({ type: 'text', nullable: true })
  failure: string | null;
}

/** One rendered file of a published report (HTML page, claim page, JSON, Markdown, JSON-LD). */
@Entity('report_artifacts')
export class ReportArtifactEntity {
  @PrimaryColumn({ name: 'report_id', type: 'uuid', primaryKeyConstraintName: 'report_artifacts_pk' })
  reportId: string;

  /** `index.html`, `report.json`, `report.md`, `claims/<id>.html`, `claims/<id>.jsonld`. */
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'report_artifacts_pk' })
  path: string;

  @Column({ name: 'content_type', type: 'text' })
  contentType: string;

  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'text' })
  sha256: string;
}

/** A reader's error report about a published report: a task for editors until resolved. */
@Entity('reader_reports')
@Index('reader_reports_open_idx', ['status', 'createdAt'])
export class ReaderReportEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'reader_reports_pk' })
  id: string;

  @Column({ name: 'article_id', type: 'uuid' })
  articleId: string;

  @Column({ name: 'report_version', type: 'integer', nullable: true })
  reportVersion: number | null;

  @Column({ name: 'claim_id', type: 'uuid', nullable: true })
  claimId: string | null;

  @Column({ type: 'text' })
  message: string;

  /** Optional way to reach the reader (shown to editors only). */
  @Column({ type: 'text', nullable: true })
  contact: string | null;

  @Column({ type: 'text', default: 'open' })
  status: 'open' | 'resolved';

  @Column({ name: 'created_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'resolved_by', type: 'text', nullable: true })
  resolvedBy: string | null;

  @Column({ name: 'resolved_at', type: 'timestamptz', precision: 3, nullable: true })
  resolvedAt: Date | null;

  @Column({ name: 'resolution_note', type: 'text', nullable: true })
  resolutionNote: string | null;
}

/** Captures a published report links to: only these are served publicly under /archive. */
@Entity('report_captures')
export class ReportCaptureEntity {
  @PrimaryColumn({ name: 'report_id', type: 'uuid', primaryKeyConstraintName: 'report_captures_pk' })
  reportId: string;

  @Index('report_captures_capture_idx')
  @PrimaryColumn({ name: 'capture_id', type: 'uuid', primaryKeyConstraintName: 'report_captures_pk' })
  captureId: string;
}
