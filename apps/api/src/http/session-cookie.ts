import type { CookieOptions, NextFunction, Request, Response } from 'express';
import type { LiveSession, SessionsService, SignedIn } from '@app/auth';
import type { AppConfig } from '@app/config';
import { DomainError } from '@app/core';
import { QUEUE_DASHBOARD_PATH } from './queue-dashboard.js';
import { READER_REPORT_ROUTE } from './reader-reports.js';

/** Name of the session cookie (HttpOnly, SameSite=Strict, Path=/). */
export const SESSION_COOKIE = 'fcd_session';
/** Header a cookie-authenticated write must carry, equal to the session's CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';

/** A request after the session middleware: the live session its cookie names, if any. */
export type WithSession = Request & { liveSession?: LiveSession };

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** POST routes that never authenticate by cookie (they start a session, or are public forms), so they need no CSRF token. */
const CSRF_EXEMPT_POSTS = [/^\/v1\/session(\/link)?$/, /^\/v1\/invitations\/accept$/, new RegExp(`^${READER_REPORT_ROUTE.replace(':articleId', '[^/]+')}$`)];

/** The session cookie's secret, if the request carries one. */
export function sessionSecret(req: Request): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === SESSION_COOKIE) return decodeURIComponent(value.join('='));
  }
  return undefined;
}

const cookieOptions = (config: AppConfig, req: Request): CookieOptions => ({
  httpOnly: true,
  sameSite: 'strict',
  path: '/',
  // req.secure follows X-Forwarded-Proto from a loopback proxy ('trust proxy' is loopback).
  secure: config.SESSION_COOKIE_SECURE || req.secure,
});

/** Sets the session cookie of a fresh sign-in. */
export function setSessionCookie(res: Response, req: Request, config: AppConfig, signedIn: SignedIn): void {
  res.cookie(SESSION_COOKIE, signedIn.secret, { ...cookieOptions(config, req), expires: signedIn.cookieExpiresAt });
}

export function clearSessionCookie(res: Response, req: Request, config: AppConfig): void {
  res.clearCookie(SESSION_COOKIE, cookieOptions(config, req));
}

/**
 * Runs before every route, the Express middlewares included (uploads, the queue dashboard): resolves the
 * session cookie of a request that has no Authorization header (a bearer token wins over the cookie),
 * and refuses a cookie-authenticated write without the session's CSRF token. A cookie that names no
 * live session authenticates nothing; the route then answers as it would without it.
 */
export function sessionMiddleware(sessions: SessionsService) {
  return async (req: WithSession, _res: Response, next: NextFunction) => {
    try {
      // Reads need the session only where a cookie authenticates (the API, the queue dashboard), not for app assets or public pages.
      const authenticates = !SAFE_METHODS.has(req.method) || req.path.startsWith('/v1/') || req.path.startsWith(QUEUE_DASHBOARD_PATH);
      const secret = req.headers.authorization || !authenticates ? undefined : sessionSecret(req);
      const session = secret ? await sessions.resolve(secret) : null;
      if (session && !SAFE_METHODS.has(req.method) && !(req.method === 'POST' && CSRF_EXEMPT_POSTS.some((route) => route.test(req.path)))) {
        const given = req.headers[CSRF_HEADER];
        if (!sessions.csrfMatches(session, typeof given === 'string' ? given : undefined)) {
          next(new DomainError('forbidden', 'csrf-token-invalid', 'A signed-in write must send the X-CSRF-Token header with the token of its session.'));
          return;
        }
      }
      if (session) req.liveSession = session;
      next();
    } catch (error) {
      next(error);
    }
  };
}
