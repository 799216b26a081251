import { json, raw, type NextFunction, type Request, type Response } from 'express';
import { DomainError } from '@app/core';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * JSON bodies only, UTF-8 only, size-capped. Invalid UTF-8 is refused rather than silently turned into
 * U+FFFD: an article body must be stored exactly as sent.
 */
export function jsonBody(maxBytes: number) {
  return json({
    limit: maxBytes,
    strict: false,
    type: ['application/json', 'application/*+json'],
    verify: (_req, _res, buffer) => {
      try {
        utf8.decode(buffer);
      } catch {
        throw Object.assign(new Error('invalid UTF-8'), { type: 'invalid-utf8', status: 400 });
      }
    },
  });
}

/** Routes that take a file as the raw body (its type is judged by its bytes, not by this header). */
export const UPLOAD_ROUTE = '/v1/sources/:id/uploads';

/** A saved copy of a source, as raw bytes, size-capped. */
export function uploadBody(maxBytes: number) {
  return raw({ type: () => true, limit: maxBytes });
}

/** Writes must say they send JSON (uploads excepted); anything else is a 415 before it reaches a handler. */
export function requireJsonForWrites(req: Request, _res: Response, next: NextFunction) {
  // The API under /v1 speaks JSON; public pages (the error-report form) and uploads have their own parsers.
  if (!req.path.startsWith('/v1/') || Buffer.isBuffer(req.body)) {
    next();
    return;
  }
  const hasBody = req.headers['content-length'] !== '0' && (req.headers['content-length'] || req.headers['transfer-encoding']);
  if (['POST', 'PUT', 'PATCH'].includes(req.method) && hasBody && !req.is(['application/json', 'application/*+json'])) {
    next(new DomainError('unsupported-media-type', 'unsupported-media-type', 'Send the body as application/json.'));
    return;
  }
  next();
}
