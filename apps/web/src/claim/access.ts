import type { Role } from '../shell/access';

/** Who may create sources, upload saved copies and attach evidence (the API's `@Roles` on those routes). */
export const EVIDENCE_ATTACHERS: readonly Role[] = ['checker', 'editor'];

/** The steps in which the API takes evidence for a claim (`EVIDENCE_STEPS` in the sources service). */
export const EVIDENCE_STEPS: readonly string[] = ['research', 'assessment'];
