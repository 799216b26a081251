/** The kinds of expected failure; the HTTP layer maps each to one status code. */
export type ErrorKind =
  | 'invalid' // 400: malformed or missing fields
  | 'unprocessable' // 422: well-formed, but breaks a rule of the domain
  | 'not-found'
  | 'conflict'
  | 'forbidden'
  | 'unauthenticated'
  | 'too-large'
  | 'unsupported-media-type'
  | 'rate-limited'
  | 'unavailable';

export interface FieldProblem {
  /** JSON path of the offending field, dot-separated (`anchor.exact`, `claims.2.kind`). */
  field: string;
  message: string;
}

/**
 * An expected failure with a stable code. Domains throw these; the API turns them into RFC 9457
 * problem details (`type` ends with the code), so clients can rely on the code, not the wording.
 */
export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** Stable, kebab-case identifier, e.g. `anchor-ambiguous`. */
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string, id: string) => new DomainError('not-found', `${what}-not-found`, `No ${what} with id ${id}.`);
