import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type CaptureStatus = 'pending' | 'ok' | 'refused' | 'failed';
export type CaptureOrigin = 'fetch' | 'upload' | 'recheck';

/**
 * One immutable snapshot of a source: what was asked for, what came back, the bytes (by sha256, stored
 * once in `blobs`) and the text extracted from them. A re-check adds a capture; none is ever replaced.
 */
@Entity('captures')
@Index('captures_source_idx', ['sourceId', 'requestedAt'])
export class CaptureEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'captures_pk' })
  id: string;

  @Column({ name: 'source_id', type: 'uuid' })
  sourceId: string;

  @Column({ type: 'text' })
  origin: CaptureOrigin;

  @Column({ type: 'text', default: 'pending' })
  status: CaptureStatus;

  @Column({ name: 'requested_url', type: 'text' })
  requestedUrl: string;

  @Column({ name: 'final_url', type: 'text', nullable: true })
  finalUrl: string | null;

  @Column({ type: 'jsonb', nullable: true })
  redirects: string[] | null;

  @Column({ name: 'http_status', type: 'integer', nullable: true })
  httpStatus: number | null;

  @Column({ name: 'content_type', type: 'text', nullable: true })
  contentType: string | null;

  @Column({ name: 'byte_size', type: 'integer', nullable: true })
  byteSize: number | null;

  @Column({ type: 'text', nullable: true })
  sha256: string | null;

  /** Response headers of interest (content-type, last-modified, etag, date, …). */
  @Column({ type: 'jsonb', nullable: true })
  headers: Record<string, string> | null;

  @Column({ name: 'extracted_title', type: 'text', nullable: true })
  extractedTitle: string | null;

  @Column({ name: 'extracted_published_at', type: 'text', nullable: true })
  extractedPublishedAt: string | null;

  @Column({ name: 'extracted_text', type: 'text', nullable: true })
  extractedText: string | null;

  /** Why a capture was refused (SSRF, type, size) or failed (network, HTTP status). */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ type: 'text', nullable: true })
  detail: string | null;

  /** Compared with the previous successful capture of the same source (re-checks). */
  @Column({ type: 'boolean', default: false })
  drift: boolean;

  @Column({ type: 'boolean', default: false })
  rot: boolean;

  @Column({ name: 'requested_by', type: 'text' })
  requestedBy: string;

  @Column({ name: 'requested_at', type: 'timestamptz', precision: 3 })
  requestedAt: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', precision: 3, nullable: true })
  finishedAt: Date | null;
}

/** Captured bytes, content-addressed: the same bytes are stored once whatever captured them. */
@Entity('blobs')
export class BlobEntity {
  @Column({ type: 'text', primary: true, primaryKeyConstraintName: 'blobs_pk' })
  sha256: string;

  @Column({ type: 'bytea' })
  bytes: Buffer;

  @Column({ name: 'byte_size', type: 'integer' })
  byteSize: number;

  @Column({ name: 'created_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  createdAt: Date;
}
