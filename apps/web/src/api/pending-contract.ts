// TODO(#11): the API documents no response bodies until branch api-contract is merged, so the generated
// `paths` type every answer as empty. This file is the one place the hooks narrow them, following the
// server's views; after the merge, delete it and let the hooks return the generated types.
import type { paths } from './schema';

type Role = 'reporter' | 'checker' | 'editor' | 'auditor' | 'admin';

/** The signed-in person (`Me` in the session contract, `UserView` on the server). */
export interface User {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  disabledAt: string | null;
  createdAt: string;
  version: number;
}

/** `POST /v1/session`, `GET /v1/session`, invitation accept and sign-in link all answer this. */
export interface Session {
  user: User;
  csrfToken: string;
  expiresAt: string;
  sessionId: string;
}

type NewArticle = paths['/v1/articles']['post']['requestBody']['content']['application/json'];

export interface Article extends Omit<NewArticle, 'body'> {
  id: string;
  dir: 'rtl' | 'ltr';
  outlet: string | null;
  url: string | null;
  publishedAt: string | null;
  bodySha256: string;
  bodyCodePoints: number;
  createdBy: string;
  createdAt: string;
  version: number;
}

export interface ArticleWithBody extends Article {
  body: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix: string;
  suffix: string;
}

export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

type NewClaim = paths['/v1/articles/{articleId}/claims']['post']['requestBody']['content']['application/json'];

export interface Claim extends Pick<NewClaim, 'statement'> {
  id: string;
  articleId: string;
  kind: NonNullable<NewClaim['kind']> | null;
  claimant: string | null;
  priority: NonNullable<NewClaim['priority']>;
  dueAt: string | null;
  state: string;
  assigneeId: string | null;
  leaseExpiresAt: string | null;
  failedStep: string | null;
  failure: string | null;
  anchor: { quote: TextQuoteSelector; position: TextPositionSelector };
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** `GET /v1/claims/:id` adds the verdict under review. */
export interface ClaimDetail extends Claim {
  proposal: { rating: string; rationale: string; proposedBy: string; proposedAt: string } | null;
}

type JsonOperation<Body, Answer> = {
  parameters: { query?: never; header?: never; path?: never; cookie?: never };
  responses: { 200: { headers: Record<string, unknown>; content: { 'application/json': Answer } } };
} & ([Body] extends [never] ? { requestBody?: never } : { requestBody: { content: { 'application/json': Body } } });
type NoPath = { query?: never; header?: never; path?: never; cookie?: never };

/**
 * TODO(#11): the sign-in routes of the session contract (branch web-auth), typed here until that branch
 * adds them to /openapi.json; then `sessionApi` in api/session.ts becomes `api`.
 */
export interface SessionPaths {
  '/v1/session': {
    parameters: NoPath;
    get: JsonOperation<never, Session>;
    post: JsonOperation<{ email: string; password: string }, Session>;
    delete: JsonOperation<never, never>;
  };
  '/v1/session/link': { parameters: NoPath; post: JsonOperation<{ token: string }, Session> };
  '/v1/invitations/accept': { parameters: NoPath; post: JsonOperation<{ token: string; password: string }, Session> };
}
