import { QueryFailedError } from 'typeorm';

const sqlState = (error: unknown): string | undefined =>
  error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : (error as { code?: string })?.code;

export const isUniqueViolation = (error: unknown): boolean => sqlState(error) === '23505';
export const isSerializationFailure = (error: unknown): boolean => ['40001', '40P01'].includes(sqlState(error) ?? '');

/** SQLSTATEs meaning the server cannot serve the session now: shutting down, crashed, starting up, full. */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
// pg and pg-pool raise these as plain Errors with no code.
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/u,
  /^timeout exceeded when trying to connect/u,
  /^Client has encountered a connection error and is not queryable/u,
  /^Client was closed and is not queryable/u,
];

/**
 * True when `error` says the database cannot be reached or is going away (not that a query was wrong):
 * connection exceptions (SQLSTATE class 08), shutdown and start-up states, refused or reset sockets,
 * and the pool's connect timeout. Looks through TypeORM's `driverError` and `cause` chains.
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 4) return false;
  const { code, message, driverError, cause, errors } = error as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === 'string' && (code.startsWith('08') || UNAVAILABLE_STATES.has(code) || UNAVAILABLE_ERRNOS.has(code))) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  // An AggregateError holds one connect failure per address tried.
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(driverError, depth + 1) || isDatabaseUnavailable(cause, depth + 1);
}
