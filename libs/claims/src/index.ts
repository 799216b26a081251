export { ClaimsModule } from './claims.module.js';
export { ClaimsService, claimView, type ClaimView, type ClaimFilter, type SubmitClaimInput } from './claims.service.js';
export { ClaimEntity, CLAIM_KINDS, CLAIM_PRIORITIES, type ClaimKind, type ClaimPriority } from './claim.entity.js';
