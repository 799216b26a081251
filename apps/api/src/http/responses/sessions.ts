import { z } from 'zod';
import { listOf, named, timestamp } from '../openapi.js';
import { User } from './users.js';

/** Answer of sign-in (password, link, invitation) and of `GET /v1/session`. */
export const Session = named(
  'Session',
  z.strictObject({
    user: User,
    csrfToken: z.string().describe('Send it back as `X-CSRF-Token` on every write made with the cookie.'),
    expiresAt: timestamp,
    sessionId: z.uuid(),
  }),
);

/** One of a person's sessions (never its secret). */
export const SessionView = named(
  'SessionView',
  z.strictObject({
    id: z.uuid(),
    userId: z.uuid(),
    createdAt: timestamp,
    lastSeenAt: timestamp,
    expiresAt: timestamp,
    userAgent: z.string().nullable(),
    ip: z.string().nullable(),
    current: z.boolean(),
    revokedAt: timestamp.nullable(),
  }),
);
export const SessionList = listOf('SessionList', SessionView);

/** An invitation or a sign-in link: the URL holds the one-time token after `#`, so it never reaches a server log. */
export const IssuedLink = named('IssuedLink', z.strictObject({ url: z.url(), expiresAt: timestamp }));
