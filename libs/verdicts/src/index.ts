export { VerdictsModule } from './verdicts.module.js';
export { VerdictsService, type VersionedScale } from './verdicts.service.js';
export { RatingScaleEntity } from './rating-scale.entity.js';
export { DEFAULT_SCALE, ratingScaleSchema, resolveRating, type Rating, type RatingScale, type ResolvedRating } from './rating-scale.js';
