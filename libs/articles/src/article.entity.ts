import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

/** An article as received: its body is stored exactly as sent, after Unicode NFC. */
@Entity('articles')
@Index('articles_created_idx', ['createdAt', 'id'])
export class ArticleEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'articles_pk' })
  id: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', nullable: true })
  outlet: string | null;

  @Column({ type: 'text', nullable: true })
  url: string | null;

  /** The URL normalised (host case, default port, fragment and tracking parameters dropped): how a second copy is recognised. */
  @Index('articles_url_key_idx')
  @Column({ name: 'url_key', type: 'text', nullable: true })
  urlKey: string | null;

  /** BCP 47 tag, canonicalised (e.g. `ar`, `en-GB`). */
  @Column({ type: 'text' })
  language: string;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ type: 'text' })
  body: string;

  /** Hex sha256 of the UTF-8 body. */
  @Column({ name: 'body_sha256', type: 'text' })
  bodySha256: string;

  @Column({ name: 'body_code_points', type: 'integer' })
  bodyCodePoints: number;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  // Millisecond precision so keyset cursors round-trip exactly through JavaScript Dates.
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @VersionColumn()
  version: number;
}
