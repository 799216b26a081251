import type { Role } from '../shell/access';

/** Who manages users, tokens, invitations and the rating scale. */
export const ADMINS: readonly Role[] = ['admin'];

/** Every role, in the order the admin screens list them. */
export const ALL_ROLES: readonly Role[] = ['reporter', 'checker', 'editor', 'auditor', 'admin'];
