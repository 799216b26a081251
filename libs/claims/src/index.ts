export { ClaimsModule } from './claims.module.js';
export { ClaimsService, claimView, type ClaimView, type ClaimFilter, type SubmitClaimInput, type SimilarClaim } from './claims.service.js';
export { ClaimEntity, CLAIM_KINDS, CLAIM_PRIORITIES, type ClaimDate, type ClaimKind, type ClaimPriority } from './claim.entity.js';
export { CLAIM_DATE_READER, type ClaimDateReader } from './claim-dates.js';
