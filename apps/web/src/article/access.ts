import type { Role } from '../shell/access';

/** Who may read articles and their claims (`GET /v1/articles`, `GET /v1/claims`). */
export const ARTICLE_READERS: readonly Role[] = ['reporter', 'checker', 'editor', 'auditor'];
/** Who may add articles and submit claims. */
export const ARTICLE_WRITERS: readonly Role[] = ['reporter', 'editor'];
