import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DomainError, notFound, systemActor, type Actor, type Role } from '@app/core';
import { hashToken, userView, type UserView } from './auth.service.js';
import { CredentialCache } from './credential-cache.js';
import { assertPasswordAcceptable, hashPassword, verifyDummyPassword, verifyPassword } from './passwords.js';
import type { SignInTokenKind } from './sign-in-token.entity.js';
import { UserEntity } from './user.entity.js';

/** Where a sign-in came from, recorded on the session and in the audit log. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** A session as its owner (or an admin) sees it: never the secret or the CSRF token. */
export interface SessionView {
  id: string;
  userId: string;
  createdAt: string;
  lastSeenAt: string;
  /** The earlier of the idle and the absolute expiry. */
  expiresAt: string;
  userAgent: string | null;
  ip: string | null;
  current: boolean;
  revokedAt: string | null;
}

/** A live session resolved from its cookie secret, with the user's roles as they are now. */
export interface LiveSession {
  id: string;
  csrfToken: string;
  expiresAt: Date;
  actor: Actor;
}

/** The answer to a sign-in: the body for the client, and the cookie's secret and lifetime. */
export interface SignedIn {
  body: { user: UserView; csrfToken: string; expiresAt: string; sessionId: string };
  secret: string;
  cookieExpiresAt: Date;
}

/** A one-time link for a person: an invitation (sets a password) or a sign-in link. */
export interface IssuedLink {
  url: string;
  expiresAt: string;
}

const INVITATION_HOURS = 72;
const SIGN_IN_LINK_HOURS = 24;
/** Longest pause between last-seen writes, so an active session does not write on every request. */
const MAX_TOUCH_INTERVAL_S = 60;

const invalidCredentials = () => new DomainError('unauthenticated', 'invalid-credentials', 'Wrong email or password.');
const tokenInvalid = () =>
  new DomainError('invalid', 'token-invalid', 'This link is unknown, already used or expired; ask an admin for a new one.', [
    { field: 'token', message: 'unknown, used or expired' },
  ]);

const secret = () => randomBytes(32).toString('base64url');

interface SessionRow {
  id: string;
  user_id: string;
  created_at: Date;
  last_seen_at: Date;
  idle_expires_at: Date;
  expires_at: Date;
  user_agent: string | null;
  ip: string | null;
  revoked_at: Date | null;
}

/** TypeORM answers UPDATE … RETURNING on PostgreSQL with [rows, count]; this gives the rows. */
const updatedRows = <T>(result: unknown[]): T[] => (Array.isArray(result[0]) ? result[0] : result) as T[];

const earlier = (a: Date, b: Date) => (a < b ? a : b);

/** A live session as CredentialCache holds it: what `resolve` answers, and when its last-seen is due for a write. */
interface CachedSession {
  id: string;
  userId: string;
  roles: Role[];
  csrfToken: string;
  expiresAt: Date;
  touchDueAt: number;
}

const liveSession = (s: CachedSession): LiveSession => ({ id: s.id, csrfToken: s.csrfToken, expiresAt: s.expiresAt, actor: { id: s.userId, roles: [...s.roles] } });

const sessionView = (row: SessionRow, currentId?: string): SessionView => ({
  id: row.id,
  userId: row.user_id,
  createdAt: row.created_at.toISOString(),
  lastSeenAt: row.last_seen_at.toISOString(),
  expiresAt: earlier(row.idle_expires_at, row.expires_at).toISOString(),
  userAgent: row.user_agent,
  ip: row.ip,
  current: row.id === currentId,
  revokedAt: row.revoked_at?.toISOString() ?? null,
});

/**
 * Sign-in for people: passwords, server-side sessions, invitations and one-time sign-in links, and the
 * sign-in rate limit (kept in PostgreSQL so it holds across API replicas). Every sign-in, failure,
 * sign-out, password set and revocation is audited in the transaction that makes it; no secret,
 * password or token ever goes into an event.
 */
@Injectable()
export class SessionsService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(CredentialCache) private readonly cache: CredentialCache,
  ) {}

  private get idleSeconds() {
    return this.config.SESSION_IDLE_MINUTES * 60;
  }

  /** Email and password. Unknown emails, users without a password and disabled users get the same 401 as a wrong password. */
  async signIn(input: { email: string; password: string }, client: ClientInfo, correlationId?: string): Promise<SignedIn> {
    const email = input.email.trim().toLowerCase();
    const ip = client.ip ?? 'unknown';
    await this.assertNotRateLimited(email, ip);
    const [user]: { id: string; password_hash: string | null; disabled_at: Date | null }[] = await this.dataSource.query(
      'SELECT id, password_hash, disabled_at FROM users WHERE email = $1',
      [email],
    );
    const usable = user && user.password_hash && !user.disabled_at;
    const ok = usable ? await verifyPassword(user.password_hash!, input.password) : await verifyDummyPassword(input.password);
    if (!ok) {
      const reason = !user ? 'unknown-email' : user.disabled_at ? 'user-disabled' : !user.password_hash ? 'no-password' : 'wrong-password';
      await this.dataSource.transaction(async (manager) => {
        await manager.query('INSERT INTO sign_in_failures (email, ip) VALUES ($1, $2)', [email, ip]);
        await manager.query(`DELETE FROM sign_in_failures WHERE at < now() - make_interval(secs => $1)`, [this.config.SIGN_IN_WINDOW_MINUTES * 60]);
        await this.audit.append(manager, {
          actor: systemActor('sign-in'),
          action: 'session.sign-in-failed',
          target: user ? { type: 'user', id: user.id } : { type: 'sign-in', id: email },
          after: { email, reason, ip: client.ip, userAgent: client.userAgent },
          correlationId,
        });
      });
      throw invalidCredentials();
    }
    return this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM sign_in_failures WHERE email = $1 AND ip = $2', [email, ip]);
      return this.startSessionIn(manager, user.id, 'password', client, correlationId);
    });
  }

  /** Refuses with 429 (and the seconds to wait) once the window holds too many failures for this email and address, or this address. */
  private async assertNotRateLimited(email: string, ip: string): Promise<void> {
    const window = this.config.SIGN_IN_WINDOW_MINUTES * 60;
    const [row]: { by_email: number; by_ip: number; email_wait: number | null; ip_wait: number | null }[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE email = $2)::int AS by_email, count(*)::int AS by_ip,
              ceil(extract(epoch FROM min(at) FILTER (WHERE email = $2) + make_interval(secs => $3) - now()))::int AS email_wait,
              ceil(extract(epoch FROM min(at) + make_interval(secs => $3) - now()))::int AS ip_wait
       FROM sign_in_failures WHERE ip = $1 AND at > now() - make_interval(secs => $3)`,
      [ip, email, window],
    );
    const wait = row!.by_email >= this.config.SIGN_IN_MAX_FAILURES ? row!.email_wait : row!.by_ip >= this.config.SIGN_IN_MAX_FAILURES_PER_IP ? row!.ip_wait : null;
    if (wait !== null) {
      const retryAfterSeconds = Math.max(1, wait);
      throw new DomainError('rate-limited', 'too-many-sign-in-attempts', `Too many failed sign-ins; try again in ${retryAfterSeconds} s.`, [], { retryAfterSeconds });
    }
  }

  /** Creates the session and audits the sign-in; the caller's transaction commits both. */
  private async startSessionIn(manager: EntityManager, userId: string, method: 'password' | SignInTokenKind, client: ClientInfo, correlationId?: string): Promise<SignedIn> {
    const user = await manager.getRepository(UserEntity).findOneByOrFail({ id: userId });
    const cookieSecret = secret();
    const csrfToken = secret();
    const [row]: SessionRow[] = await manager.query(
      `INSERT INTO sessions (user_id, secret_hash, csrf_token, last_seen_at, idle_expires_at, expires_at, user_agent, ip)
       VALUES ($1, $2, $3, now(), least(now() + make_interval(secs => $4), now() + make_interval(secs => $5)), now() + make_interval(secs => $5), $6, $7)
       RETURNING id, user_id, created_at, last_seen_at, idle_expires_at, expires_at, user_agent, ip, revoked_at`,
      [userId, hashToken(cookieSecret), csrfToken, this.idleSeconds, this.config.SESSION_MAX_HOURS * 3600, client.userAgent?.slice(0, 500) ?? null, client.ip],
    );
    const view = sessionView(row!);
    await this.audit.append(manager, {
      actor: { id: user.id, roles: user.roles },
      action: 'session.sign-in',
      target: { type: 'session', id: view.id },
      after: { ...view, email: user.email, method },
      correlationId,
    });
    return {
      body: { user: userView(user), csrfToken, expiresAt: view.expiresAt, sessionId: view.id },
      secret: cookieSecret,
      cookieExpiresAt: row!.expires_at,
    };
  }

  /**
   * Resolves a cookie secret to its live session and the user's current roles (so a removed role or a
   * disabled user takes effect on the next request), or null. Last-seen is written at most once per
   * touch interval, which also pushes the idle expiry forward; `touch: false` only looks (an open event
   * stream re-checking its access is not activity).
   */
  async resolve(cookieSecret: string, options: { touch?: boolean } = {}): Promise<LiveSession | null> {
    const touchEvery = Math.min(MAX_TOUCH_INTERVAL_S, this.idleSeconds / 10);
    const secretHash = hashToken(cookieSecret);
    const key = `session:${secretHash}`;
    // Cached until its idle expiry (entries are not served past their validity), while no touch is due.
    const cached = await this.cache.lookup<CachedSession>(key);
    if (cached && (options.touch === false || Date.now() < cached.touchDueAt)) return liveSession(cached);
    const ticket = this.cache.ticket();
    const [row]: { id: string; user_id: string; csrf_token: string; idle_expires_at: Date; expires_at: Date; roles: Role[]; last_seen_at: Date; stale: boolean }[] = await this.dataSource.query(
      `SELECT s.id, s.user_id, s.csrf_token, s.idle_expires_at, s.expires_at, u.roles, s.last_seen_at, s.last_seen_at < now() - make_interval(secs => $2) AS stale
       FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.secret_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND s.idle_expires_at > now() AND u.disabled_at IS NULL`,
      [secretHash, touchEvery],
    );
    if (!row) {
      this.cache.drop(key);
      return null;
    }
    let idleExpiresAt = row.idle_expires_at;
    let lastSeenAt = row.last_seen_at;
    if (row.stale && options.touch !== false) {
      const [touched] = updatedRows<{ idle_expires_at: Date; last_seen_at: Date }>(
        await this.dataSource.query(
          `UPDATE sessions SET last_seen_at = now(), idle_expires_at = least(now() + make_interval(secs => $2), expires_at)
           WHERE id = $1 RETURNING idle_expires_at, last_seen_at`,
          [row.id, this.idleSeconds],
        ),
      );
      if (touched) ({ idle_expires_at: idleExpiresAt, last_seen_at: lastSeenAt } = touched);
    }
    const session: CachedSession = {
      id: row.id,
      userId: row.user_id,
      roles: row.roles,
      csrfToken: row.csrf_token,
      expiresAt: earlier(idleExpiresAt, row.expires_at),
      touchDueAt: lastSeenAt.getTime() + touchEvery * 1000,
    };
    this.cache.put(ticket, key, session, row.user_id, session.expiresAt);
    return liveSession(session);
  }

  /** True when `given` is the session's CSRF token (compared in constant time). */
  csrfMatches(session: LiveSession, given: string | undefined): boolean {
    if (!given) return false;
    const expected = Buffer.from(session.csrfToken, 'utf8');
    const actual = Buffer.from(given, 'utf8');
    return expected.length === actual.length && timingSafeEqual(expected, actual);
  }

  /** What `GET /v1/session` answers for a live session. */
  async describe(session: LiveSession): Promise<SignedIn['body']> {
    const user = await this.dataSource.getRepository(UserEntity).findOneByOrFail({ id: session.actor.id });
    return { user: userView(user), csrfToken: session.csrfToken, expiresAt: session.expiresAt.toISOString(), sessionId: session.id };
  }

  /** Ends the caller's own session (sign-out). */
  async signOut(session: LiveSession, correlationId?: string): Promise<void> {
    await this.revokeIn(session.actor, session.id, 'session.sign-out', correlationId);
  }

  /** Revokes a session: its owner's, or any for an admin. Someone else's session is a 404 to non-admins. */
  async revoke(actor: Actor, sessionId: string, correlationId?: string): Promise<void> {
    await this.revokeIn(actor, sessionId, 'session.revoked', correlationId);
  }

  private async revokeIn(actor: Actor, sessionId: string, action: string, correlationId?: string): Promise<void> {
    const userId = await this.dataSource.transaction(async (manager) => {
      const [row]: SessionRow[] = await manager.query(
        'SELECT id, user_id, created_at, last_seen_at, idle_expires_at, expires_at, user_agent, ip, revoked_at FROM sessions WHERE id = $1 FOR UPDATE',
        [sessionId],
      );
      if (!row || (row.user_id !== actor.id && !actor.roles.includes('admin'))) throw notFound('session', sessionId);
      if (row.revoked_at) return row.user_id;
      const [revoked] = updatedRows<SessionRow>(
        await manager.query(
          'UPDATE sessions SET revoked_at = now() WHERE id = $1 RETURNING id, user_id, created_at, last_seen_at, idle_expires_at, expires_at, user_agent, ip, revoked_at',
          [sessionId],
        ),
      );
      await this.audit.append(manager, { actor, action, target: { type: 'session', id: sessionId }, before: sessionView(row), after: sessionView(revoked!), correlationId });
      return row.user_id;
    });
    // The trigger tells every replica at commit; this one drops its entries before it answers.
    this.cache.changed(userId);
  }

  /** A user's sessions that have not expired yet (revoked ones included, with revokedAt), newest first. */
  async list(userId: string, currentSessionId?: string): Promise<SessionView[]> {
    const rows: SessionRow[] = await this.dataSource.query(
      `SELECT id, user_id, created_at, last_seen_at, idle_expires_at, expires_at, user_agent, ip, revoked_at FROM sessions
       WHERE user_id = $1 AND expires_at > now() AND idle_expires_at > now() ORDER BY created_at DESC, id`,
      [userId],
    );
    return rows.map((row) => sessionView(row, currentSessionId));
  }

  /** Issues an invitation (72 h, one-time; replaces any earlier unused one). `base` is the public origin. */
  async invite(actor: Actor, userId: string, base: string, correlationId?: string): Promise<IssuedLink> {
    return this.issueLink(actor, userId, 'invitation', `${base}/app/invitation#`, correlationId);
  }

  /** Issues a one-time sign-in link (24 h). `base` is the public origin. */
  async issueSignInLink(actor: Actor, userId: string, base: string, correlationId?: string): Promise<IssuedLink> {
    return this.issueLink(actor, userId, 'link', `${base}/app/sign-in/link#`, correlationId);
  }

  private async issueLink(actor: Actor, userId: string, kind: SignInTokenKind, urlPrefix: string, correlationId?: string): Promise<IssuedLink> {
    return this.dataSource.transaction(async (manager) => {
      const user = await manager.getRepository(UserEntity).findOneBy({ id: userId });
      if (!user) throw notFound('user', userId);
      if (kind === 'invitation') {
        await manager.query(
          `UPDATE sign_in_tokens SET revoked_at = now() WHERE user_id = $1 AND kind = 'invitation' AND consumed_at IS NULL AND revoked_at IS NULL`,
          [userId],
        );
      }
      const token = secret();
      const hours = kind === 'invitation' ? INVITATION_HOURS : SIGN_IN_LINK_HOURS;
      const [row]: { id: string; expires_at: Date }[] = await manager.query(
        `INSERT INTO sign_in_tokens (user_id, kind, token_hash, created_by, expires_at) VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5))
         RETURNING id, expires_at`,
        [userId, kind, hashToken(token), actor.id, hours],
      );
      const expiresAt = row!.expires_at.toISOString();
      await this.audit.append(manager, {
        actor,
        action: kind === 'invitation' ? 'user.invited' : 'user.sign-in-link-issued',
        target: { type: 'user', id: userId },
        after: { userId, tokenId: row!.id, expiresAt },
        correlationId,
      });
      return { url: urlPrefix + token, expiresAt };
    });
  }

  /** Accepts an invitation: sets the password, consumes the invitation and signs in, in one transaction. */
  async acceptInvitation(input: { token: string; password: string }, client: ClientInfo, correlationId?: string): Promise<SignedIn> {
    const [pending]: { email: string }[] = await this.dataSource.query(
      `SELECT u.email FROM sign_in_tokens t JOIN users u ON u.id = t.user_id
       WHERE t.token_hash = $1 AND t.kind = 'invitation' AND t.consumed_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > now() AND u.disabled_at IS NULL`,
      [hashToken(input.token)],
    );
    if (!pending) throw tokenInvalid();
    assertPasswordAcceptable(input.password, pending.email);
    // Hashed before the transaction: argon2 takes tens of milliseconds, no lock needs to wait for it.
    const passwordHash = await hashPassword(input.password);
    return this.dataSource.transaction(async (manager) => {
      const userId = await this.consumeIn(manager, input.token, 'invitation');
      await manager.query('UPDATE users SET password_hash = $2 WHERE id = $1', [userId, passwordHash]);
      const user = await manager.getRepository(UserEntity).findOneByOrFail({ id: userId });
      await this.audit.append(manager, {
        actor: { id: user.id, roles: user.roles },
        action: 'user.password-set',
        target: { type: 'user', id: user.id },
        after: { userId: user.id, via: 'invitation' },
        correlationId,
      });
      return this.startSessionIn(manager, user.id, 'invitation', client, correlationId);
    });
  }

  /** Signs in with a one-time sign-in link. */
  async signInWithLink(token: string, client: ClientInfo, correlationId?: string): Promise<SignedIn> {
    return this.dataSource.transaction(async (manager) => {
      const userId = await this.consumeIn(manager, token, 'link');
      return this.startSessionIn(manager, userId, 'link', client, correlationId);
    });
  }

  /** Marks a valid token used and returns its user; the conditional UPDATE makes it one-time even under races. */
  private async consumeIn(manager: EntityManager, token: string, kind: SignInTokenKind): Promise<string> {
    const [consumed] = updatedRows<{ user_id: string }>(
      await manager.query(
      `UPDATE sign_in_tokens t SET consumed_at = now() FROM users u
       WHERE u.id = t.user_id AND t.token_hash = $1 AND t.kind = $2 AND t.consumed_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > now()
         AND u.disabled_at IS NULL
       RETURNING t.user_id`,
        [hashToken(token), kind],
      ),
    );
    if (!consumed) throw tokenInvalid();
    return consumed.user_id;
  }
}
