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
  claim: (id: string) => ['claims', id] as const,
  /** A source and its captures. */
  source: (id: string) => ['sources', id] as const,
  /** An article's published report versions. */
  reports: (articleId: string) => ['reports', articleId] as const,
  /** Every queue screen's data (tasks, leases) sits under this prefix. */
  queues: ['queues'] as const,
};
