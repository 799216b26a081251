import type { NextFunction, Request, Response } from 'express';

/**
 * What a browser or a CDN may keep, in one place. Every response starts as NOT_STORED (set before any
 * route runs, and again on every error by the problem filter); only public routes opt in to caching,
 * so a route that forgets, an authenticated answer or an error is never kept by a shared cache.
 */
export const NOT_STORED = 'private, no-store';

/**
 * Bytes that never change at this address: numbered report files other than HTML pages, archived
 * captures and articles, signed checkpoints. A correction is a new version at a new address; a
 * takedown needs a CDN purge (README "Beyond one machine").
 */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Addresses that name "the latest" (a report's current version, the index, the latest checkpoint, the
 * signing keys): a CDN serves them for a minute, then revalidates (a 304 when nothing moved), so a new
 * version or checkpoint reaches every reader within 60 s plus any replica lag.
 */
export const LATEST = 'public, max-age=60, must-revalidate';

/**
 * HTML pages of a numbered version: their stored bytes never change, but once a later version exists
 * they are served with a notice pointing to it, so they cannot be immutable. Their ETag names the latest
 * version too, so a revalidation after a correction fetches the page with its notice.
 */
export const NUMBERED_PAGE = 'public, max-age=300, must-revalidate';

/** Express middleware: the default for every response (see NOT_STORED). */
export function notStoredByDefault(_request: Request, response: Response, next: NextFunction): void {
  response.setHeader('Cache-Control', NOT_STORED);
  next();
}
