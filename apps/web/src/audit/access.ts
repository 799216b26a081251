import type { Role } from '../shell/access';

/** Who reads the audit log and runs its verification (`GET /v1/audit`). */
export const AUDITORS: readonly Role[] = ['auditor', 'admin'];
