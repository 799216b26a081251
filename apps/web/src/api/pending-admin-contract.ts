// The generated response types under the names the publish, audit, admin and session screens use.
// TODO(#11): import the types from `./schema` where they are used, and delete this file.
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

/** `POST /v1/audit/verifications` and `GET /v1/audit/verifications/:id`: verification as a job. */
export type VerificationJob = Schemas['AuditVerificationJob'];

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
