import type { Role } from '../shell/access';

/** Who may open the queue screen: those who work a step, and those who watch who holds what. */
export const QUEUE_READERS: readonly Role[] = ['checker', 'editor', 'auditor'];
/** Who sees every step's leases (`GET /v1/tasks`). */
export const LEASE_WATCHERS: readonly Role[] = ['editor', 'auditor'];
/** Who may reassign a task or release it on its holder's behalf. */
export const LEASE_MANAGERS: readonly Role[] = ['editor'];
