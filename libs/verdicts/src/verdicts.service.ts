import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { DomainError, type Actor } from '@app/core';
import { DEFAULT_SCALE, type RatingScale } from './rating-scale.js';
import { RatingScaleEntity } from './rating-scale.entity.js';

export interface VersionedScale {
  version: number;
  scale: RatingScale;
}

/** The desk's rating scale: the current version (the default when none was configured) and new versions. */
@Injectable()
export class VerdictsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async current(manager: EntityManager = this.dataSource.manager): Promise<VersionedScale> {
    const latest = await manager.getRepository(RatingScaleEntity).findOne({ where: {}, order: { version: 'DESC' } });
    return latest ? { version: latest.version, scale: latest.scale } : { version: 0, scale: DEFAULT_SCALE };
  }

  async version(version: number, manager: EntityManager = this.dataSource.manager): Promise<VersionedScale> {
    if (version === 0) return { version: 0, scale: DEFAULT_SCALE };
    const row = await manager.getRepository(RatingScaleEntity).findOneBy({ version });
    if (!row) throw new DomainError('not-found', 'rating-scale-not-found', `No rating scale version ${version}.`);
    return { version: row.version, scale: row.scale };
  }

  /**
   * Adds a new version; verdicts already given keep the version they were given under. `scale` has
   * passed `ratingScaleSchema` (the API validates it as the request body).
   */
  async publish(actor: Actor, scale: RatingScale, correlationId?: string): Promise<VersionedScale> {
    return this.dataSource.transaction(async (manager) => {
      // Serialise new versions: two admins publishing at once get consecutive numbers, not a clash.
      await manager.query('LOCK TABLE rating_scales IN EXCLUSIVE MODE');
      const { version } = await this.current(manager);
      const row = await manager.getRepository(RatingScaleEntity).save({ version: version + 1, scale, createdBy: actor.id });
      await this.audit.append(manager, { actor, action: 'rating-scale.published', target: { type: 'rating-scale', id: String(row.version) }, after: scale, correlationId });
      return { version: row.version, scale: row.scale };
    });
  }
}
