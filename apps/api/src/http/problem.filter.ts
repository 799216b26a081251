import { randomUUID } from 'node:crypto';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, type ErrorKind } from '@app/core';
import { isDatabaseUnavailable } from '@app/db';
import { NOT_STORED } from './caching.js';
import { PROBLEM_CONTENT_TYPE, problem, type Problem } from './problem.js';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'too-large': 413,
  'unsupported-media-type': 415,
  unprocessable: 422,
  'rate-limited': 429,
  unavailable: 503,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Seconds a client is asked to wait (`Retry-After`) on a 503: the database usually returns within that. */
export const RETRY_AFTER_SECONDS = 5;

/** Errors raised by body-parser carry `type` and `status`. */
interface BodyParserError {
  type: string;
  status: number;
  message: string;
}
const isBodyParserError = (error: unknown): error is BodyParserError =>
  typeof error === 'object' && error !== null && typeof (error as BodyParserError).type === 'string' && typeof (error as BodyParserError).status === 'number';

/**
 * The one place errors become HTTP responses: expected failures are 4xx problem details naming the
 * field; a database that cannot be reached is a 503 with Retry-After; anything else is a 500 whose
 * detail is only an error id (the stack goes to the log).
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const body = { ...this.toProblem(error, request), instance: request.originalUrl, requestId: String(request.id ?? '') };
    if (response.headersSent) return;
    // A route may have said its answer is cacheable before it failed: an error never is (a 404 for a
    // version not yet published, or a 503, must not be kept by a CDN).
    response.setHeader('Cache-Control', NOT_STORED);
    if (body.status === 503) response.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    // A rate-limited domain error says how long to wait; HTTP clients read that from Retry-After.
    if (error instanceof DomainError && typeof error.extra.retryAfterSeconds === 'number') response.setHeader('Retry-After', String(error.extra.retryAfterSeconds));
    response.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }

  private toProblem(error: unknown, request: Request): Problem {
    if (error instanceof DomainError) {
      const status = STATUS[error.kind];
      return { ...problem(status, error.code, TITLES[status] ?? 'Error', error.message, error.fields), ...error.extra };
    }
    if (isDatabaseUnavailable(error)) {
      // Not a bug to trace: the database is down or restarting, and the pool reconnects once it is back.
      this.logger.warn({ err: error, msg: 'database unavailable' });
      return problem(
        503,
        'database-unavailable',
        TITLES[503]!,
        `The desk cannot reach its database just now; try again in ${RETRY_AFTER_SECONDS} seconds. A write interrupted by the outage may or may not have been saved: repeat it with the same Idempotency-Key, or read before you repeat it.`,
      );
    }
    if (isBodyParserError(error)) return this.bodyParserProblem(error);
    // Nest's Express adapter wraps body-parser errors in an HttpException (the original is its cause).
    if (error instanceof HttpException && isBodyParserError(error.cause)) return this.bodyParserProblem(error.cause);
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const code = status === 404 ? 'route-not-found' : `http-${status}`;
      const detail = status === 404 ? `No route ${request.method} ${request.path}.` : error.message;
      return problem(status, code, TITLES[status] ?? 'Error', detail);
    }
    const errorId = randomUUID();
    this.logger.error({ errorId, err: error, msg: 'unhandled error' });
    return problem(500, 'internal-error', TITLES[500]!, `Something went wrong on our side; quote error id ${errorId}.`);
  }

  private bodyParserProblem(error: BodyParserError): Problem {
    switch (error.type) {
      case 'entity.too.large':
        return problem(413, 'body-too-large', TITLES[413]!, 'The request body is larger than the server accepts.', [
          { field: '(body)', message: 'too large' },
        ]);
      case 'entity.parse.failed':
        return problem(400, 'malformed-json', TITLES[400]!, 'The request body is not valid JSON.', [{ field: '(body)', message: error.message }]);
      case 'encoding.unsupported':
      case 'charset.unsupported':
        return problem(415, 'unsupported-charset', TITLES[415]!, 'Only UTF-8 request bodies are accepted.');
      case 'invalid-utf8':
        return problem(400, 'invalid-utf8', TITLES[400]!, 'The request body is not valid UTF-8.', [{ field: '(body)', message: 'invalid UTF-8' }]);
      default:
        return problem(error.status >= 400 && error.status < 500 ? error.status : 400, 'bad-request', TITLES[400]!, error.message);
    }
  }
}
