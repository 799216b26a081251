/**
 * Query keys, by resource. Live events and mutations invalidate by these prefixes, so a screen that reads
 * a resource through its hook is refreshed whoever changed it.
 */
export const queryKeys = {
  session: ['session'] as const,
  articles: ['articles'] as const,
  articleList: (q: string) => ['articles', 'list', q] as const,
  article: (id: string) => ['articles', id] as const,
  articleClaims: (articleId: string) => ['articles', articleId, 'claims'] as const,
  /** An article's claim suggestions (for its current body) and their states. */
  articleSuggestions: (articleId: string) => ['articles', articleId, 'suggestions'] as const,
  claim: (id: string) => ['claims', id] as const,
  /** One part of a claim read on its own route (the claim panel's sections); under the claim's key, so its events reach them. */
  claimPart: (id: string, part: 'evidence' | 'signals' | 'trail' | 'timeline') => ['claims', id, part] as const,
  /** A source and its captures. */
  source: (id: string) => ['sources', id] as const,
  /** An article's published report versions. */
  reports: (articleId: string) => ['reports', articleId] as const,
  /** Every queue screen's data (tasks, leases) sits under this prefix. */
  queues: ['queues'] as const,
  /** Readers' error reports, by status filter. */
  readerReports: ['reader-reports'] as const,
  /** Audit events, by target filter (`claim:<id>`, empty for all). */
  audit: (target: string) => ['audit', target] as const,
  auditVerification: (id: string) => ['audit', 'verifications', id] as const,
  users: ['users'] as const,
  user: (id: string) => ['users', id] as const,
  userTokens: (id: string) => ['users', id, 'tokens'] as const,
  userSessions: (id: string) => ['users', id, 'sessions'] as const,
  /** The caller's own sessions. */
  mySessions: ['sessions'] as const,
  ratingScale: ['rating-scale'] as const,
};
