// TODO(#11): like pending-contract.ts, for the publish, audit, admin and session screens: the views the
// server answers with, until branch api-contract documents response bodies (then the hooks return the
// generated types), and the routes /openapi.json does not list yet (then `pendingApi` becomes `api`).
// Delete this file with pending-contract.ts.
import createClient from 'openapi-fetch';
import { sessionMiddleware } from './client';
import type { User } from './pending-contract';

export type { User };
export type Role = User['roles'][number];

/** One version of an article's report (`PublishAnswer` on the server). */
export interface ReportVersion {
  id: string;
  articleId: string;
  version: number;
  /** `rendering`, `published` or `failed`. */
  status: string;
  kind: 'first' | 'update' | 'correction';
  language: string;
  correctionNote: string | null;
  requestedAt: string;
  publishedAt: string | null;
  contentSha256: string | null;
  failure: string | null;
  urls: { html: string; json: string; markdown: string };
}

/** A reader's error report, an editors' task. */
export interface ReaderReport {
  id: string;
  articleId: string;
  reportVersion: number | null;
  claimId: string | null;
  message: string;
  contact: string | null;
  status: 'open' | 'resolved';
  createdAt: string;
  resolvedBy: string | null;
  resolvedAt: string | null;
  resolutionNote: string | null;
}

export interface AuditTarget {
  type: string;
  id: string;
}

export interface AuditEvent {
  seq: number;
  occurredAt: string;
  actorId: string;
  action: string;
  target: AuditTarget;
  chainSeq: number;
  prevHash: string | null;
  hash: string;
  before: unknown;
  after: unknown;
  correlationId: string | null;
}

export interface AuditProblem {
  kind: string;
  seq: number | null;
  target?: AuditTarget;
  detail: string;
}

/** `GET /v1/audit/verify` (today's synchronous check). */
export interface AuditVerification {
  ok: boolean;
  eventsChecked: number;
  checkpointsChecked: number;
  problems: AuditProblem[];
}

/** `POST /v1/audit/verifications` and `GET /v1/audit/verifications/:id` (verification as a job, branch audit-transparency). */
export interface VerificationJob {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  progress: { eventsChecked: number; eventsTotal: number | null; checkpointsChecked: number };
  result: { ok: boolean; problemCount: number; problems: AuditProblem[] } | null;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface Capture {
  id: string;
  sourceId: string;
  origin: string;
  status: string;
  requestedUrl: string;
  sha256: string | null;
  reason: string | null;
  drift: boolean;
  rot: boolean;
  requestedBy: string;
  requestedAt: string;
  finishedAt: string | null;
}

export interface Source {
  id: string;
  url: string;
  title: string | null;
  publisher: string | null;
  language: string | null;
  kind: string;
  subtype: string;
  createdAt: string;
  captures: Capture[];
}

export interface ApiToken {
  id: string;
  userId: string;
  label: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

/** The one answer that carries a token's secret. */
export interface IssuedToken extends ApiToken {
  token: string;
}

export interface SessionView {
  id: string;
  userId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
  revokedAt: string | null;
}

/** An invitation or sign-in link; the one-time token is in the URL's fragment. */
export interface IssuedLink {
  url: string;
  expiresAt: string;
}

export interface Rating {
  key: string;
  group: 'general' | 'quote';
  value: number | null;
  labels: Record<string, string>;
}

export interface RatingScale {
  version: number;
  scale: { ratings: Rating[] };
}

type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type IdParam = { query?: never; header?: never; path: { id: string }; cookie?: never };
type Answer<Status extends number, T> = { responses: { [S in Status]: { headers: Record<string, unknown>; content: { 'application/json': T } } } };
type Op<Params, Body, A> = { parameters: Params } & A & ([Body] extends [never] ? { requestBody?: never } : { requestBody: { content: { 'application/json': Body } } });

/** The routes the generated document does not list yet (session contract; the verification job; the scale's body). */
export interface PendingAdminPaths {
  '/v1/sessions': { parameters: NoParams; get: Op<NoParams, never, Answer<200, { items: SessionView[] }>> };
  '/v1/sessions/{id}': { parameters: IdParam; delete: Op<IdParam, never, Answer<204, never>> };
  '/v1/users/{id}/sessions': { parameters: IdParam; get: Op<IdParam, never, Answer<200, { items: SessionView[] }>> };
  '/v1/users/{id}/invitations': { parameters: IdParam; post: Op<IdParam, never, Answer<201, IssuedLink>> };
  '/v1/users/{id}/sign-in-links': { parameters: IdParam; post: Op<IdParam, never, Answer<201, IssuedLink>> };
  '/v1/audit/verifications': { parameters: NoParams; post: Op<NoParams, { incremental?: boolean }, Answer<202, VerificationJob>> };
  '/v1/audit/verifications/{id}': { parameters: IdParam; get: Op<IdParam, never, Answer<200, VerificationJob>> };
  '/v1/rating-scales': { parameters: NoParams; post: Op<NoParams, RatingScale['scale'], Answer<201, RatingScale>> };
}

/** The client for {@link PendingAdminPaths}: same origin, cookie and CSRF token as `api`. */
export const pendingApi = createClient<PendingAdminPaths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
pendingApi.use(sessionMiddleware);
