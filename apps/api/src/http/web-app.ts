import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { DomainError } from '@app/core';

/** The path the API serves the web app under (Vite's `base`, the router's `basepath`). */
export const WEB_APP_PATH = '/app';

/**
 * No inline script or style anywhere in the app: React sets styles through the CSSOM (not attributes),
 * and Vite emits only files. `connect-src 'self'` covers the API and its event stream.
 */
export const WEB_APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

const SECURITY_HEADERS = {
  'Content-Security-Policy': WEB_APP_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * Serves the built single-page app: hashed files under `assets/` cached for a year, and `index.html`
 * (never cached, so a new deployment is picked up at once) for every other GET under the path, which is
 * how a bookmarked `/app/articles/…` reaches the client-side router.
 */
export function webApp(directory: string): Router {
  const root = resolve(directory);
  const index = join(root, 'index.html');
  const router = express.Router();
  router.use((_req: Request, res: Response, next: NextFunction) => {
    res.set(SECURITY_HEADERS);
    // The app's files choose their own caching below (`send` keeps a Cache-Control already set).
    res.removeHeader('Cache-Control');
    next();
  });
  router.use('/assets', express.static(join(root, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }));
  router.use(express.static(root, { index: false, redirect: false, maxAge: '1h' }));
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (!existsSync(index)) {
      return next(new DomainError('unavailable', 'web-app-not-built', `The web app is not built in ${root}: run \`npm run build\`.`));
    }
    res.set('Cache-Control', 'no-cache');
    // `root` keeps `send` from judging the directory's own path (a checkout under a dot-directory is fine).
    res.sendFile('index.html', { root });
  });
  return router;
}
