import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

export const SOURCE_KINDS = ['primary', 'secondary', 'tertiary'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** What a source is, within its kind: primary documents first, then reporting about them. */
export const SOURCE_SUBTYPES = [
  'official-statement',
  'treaty-text',
  'transcript',
  'dataset',
  'filing',
  'news-report',
  'analysis',
  'encyclopedia',
  'other',
] as const;
export type SourceSubtype = (typeof SOURCE_SUBTYPES)[number];

/** A document that can support or refute claims. The same normalised URL is the same source. */
@Entity('sources')
export class SourceEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'sources_pk' })
  id: string;

  /** The URL as the checker gave it. */
  @Column({ type: 'text' })
  url: string;

  @Index('sources_normalized_url_uq', { unique: true })
  @Column({ name: 'normalized_url', type: 'text' })
  normalizedUrl: string;

  /** From the page's own canonical link, once captured. */
  @Column({ name: 'canonical_url', type: 'text', nullable: true })
  canonicalUrl: string | null;

  @Column({ type: 'text', nullable: true })
  title: string | null;

  @Column({ type: 'text', nullable: true })
  publisher: string | null;

  @Column({ type: 'text', nullable: true })
  language: string | null;

  @Column({ type: 'text' })
  kind: SourceKind;

  @Column({ type: 'text' })
  subtype: SourceSubtype;

  /** Whether the scheduled re-check fetches this URL again (off for sources known only from saved copies). */
  @Column({ type: 'boolean', default: true })
  recheck: boolean;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @VersionColumn()
  version: number;
}
