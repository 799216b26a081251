// The generated response types under the names the publish, audit, admin and session screens use, and a
// client for the routes /openapi.json does not list yet (the verification job, which lands with #13).
// TODO(#11): import the types from `./schema` where they are used, and delete this file once the
// verification job is documented.
import createClient from 'openapi-fetch';
import { sessionMiddleware } from './client';
import type { User } from './pending-contract';
import type { components } from './schema';

type Schemas = components['schemas'];

export type { User };
export type Role = User['roles'][number];

/** One version of an article's report (`PublishAnswer` on the server). */
export type ReportVersion = Schemas['ReportVersion'];

/** A reader's error report, an editors' task. */
export type ReaderReport = Schemas['ReaderReport'];

export type AuditTarget = Schemas['AuditTarget'];

export type AuditEvent = Schemas['AuditEvent'];

export type AuditProblem = Schemas['AuditProblem'];

/** `GET /v1/audit/verify` (today's synchronous check). */
export type AuditVerification = Schemas['AuditVerification'];

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

export type Capture = Schemas['Capture'];

export type Source = Schemas['SourceWithCaptures'];

export type ApiToken = Schemas['Token'];

/** The one answer that carries a token's secret. */
export type IssuedToken = Schemas['IssuedToken'];

export type SessionView = Schemas['SessionView'];

/** An invitation or sign-in link; the one-time token is in the URL's fragment. */
export type IssuedLink = Schemas['IssuedLink'];

export type Rating = Schemas['Rating'];

/** The scale verdicts are given under now, with its version (0: the built-in default). */
export type RatingScale = Schemas['VersionedRatingScale'];

type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type IdParam = { query?: never; header?: never; path: { id: string }; cookie?: never };
type Answer<Status extends number, T> = { responses: { [S in Status]: { headers: Record<string, unknown>; content: { 'application/json': T } } } };
type Op<Params, Body, A> = { parameters: Params } & A & ([Body] extends [never] ? { requestBody?: never } : { requestBody: { content: { 'application/json': Body } } });

/** The routes the generated document does not list yet (the verification job). */
export interface PendingAdminPaths {
  '/v1/audit/verifications': { parameters: NoParams; post: Op<NoParams, { incremental?: boolean }, Answer<202, VerificationJob>> };
  '/v1/audit/verifications/{id}': { parameters: IdParam; get: Op<IdParam, never, Answer<200, VerificationJob>> };
}

/** The client for {@link PendingAdminPaths}: same origin, cookie and CSRF token as `api`. */
export const pendingApi = createClient<PendingAdminPaths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
pendingApi.use(sessionMiddleware);
