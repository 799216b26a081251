import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import type { RatingScale } from './rating-scale.js';

/** One version of the desk's rating scale. Versions are never changed; a new scale is a new version. */
@Entity('rating_scales')
export class RatingScaleEntity {
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'rating_scales_pk' })
  version: number;

  @Column({ type: 'jsonb' })
  scale: RatingScale;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', precision: 3 })
  createdAt: Date;
}
