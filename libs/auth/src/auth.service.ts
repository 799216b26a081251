import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '@app/audit';
import { DomainError, notFound, type Actor, type Role } from '@app/core';
import { isUniqueViolation } from '@app/db';
import { ApiTokenEntity } from './api-token.entity.js';
import { CredentialCache } from './credential-cache.js';
import { UserEntity } from './user.entity.js';

const TOKEN_PREFIX = 'fcd_';

export const hashToken = (secret: string) => createHash('sha256').update(secret, 'utf8').digest('hex');

export interface UserView {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  disabledAt: string | null;
  createdAt: string;
  version: number;
}

export interface TokenView {
  id: string;
  userId: string;
  label: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export const userView = (user: UserEntity): UserView => ({
  id: user.id,
  name: user.name,
  email: user.email,
  roles: user.roles,
  disabledAt: user.disabledAt?.toISOString() ?? null,
  createdAt: user.createdAt.toISOString(),
  version: user.version,
});

const tokenView = (token: ApiTokenEntity): TokenView => ({
  id: token.id,
  userId: token.userId,
  label: token.label,
  prefix: token.tokenPrefix,
  createdAt: token.createdAt.toISOString(),
  expiresAt: token.expiresAt?.toISOString() ?? null,
  revokedAt: token.revokedAt?.toISOString() ?? null,
});

/** Users, roles and API tokens. Every write appends its audit event in the same transaction. */
@Injectable()
export class AuthService {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(CredentialCache) private readonly cache: CredentialCache,
  ) {}

  /**
   * Resolves a bearer secret to its actor, or null when unknown, revoked, expired or disabled. A token
   * found is cached until it expires or a change to it or its user is announced (see CredentialCache).
   */
  async authenticate(secret: string): Promise<Actor | null> {
    if (!secret.startsWith(TOKEN_PREFIX)) return null;
    const key = `token:${hashToken(secret)}`;
    const cached = await this.cache.lookup<Actor>(key);
    if (cached) return { id: cached.id, roles: [...cached.roles] };
    const ticket = this.cache.ticket();
    const rows: { user_id: string; roles: Role[]; expires_at: Date | null }[] = await this.dataSource.query(
      `SELECT t.user_id, u.roles, t.expires_at FROM api_tokens t JOIN users u ON u.id = t.user_id
       WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())
         AND u.disabled_at IS NULL`,
      [key.slice('token:'.length)],
    );
    const row = rows[0];
    if (!row) return null;
    const actor: Actor = { id: row.user_id, roles: row.roles };
    this.cache.put(ticket, key, actor, row.user_id, row.expires_at);
    return actor;
  }

  async createUser(actor: Actor, input: { name: string; email: string; roles: Role[] }, correlationId?: string): Promise<UserView> {
    return this.dataSource.transaction((manager) => this.createUserIn(manager, actor, input, correlationId));
  }

  async createUserIn(
    manager: EntityManager,
    actor: Actor,
    input: { name: string; email: string; roles: Role[] },
    correlationId?: string,
  ): Promise<UserView> {
    const repo = manager.getRepository(UserEntity);
    let user: UserEntity;
    try {
      user = await repo.save(repo.create({ name: input.name, email: input.email.toLowerCase(), roles: [...new Set(input.roles)] }));
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new DomainError('conflict', 'email-taken', `A user with email ${input.email} already exists.`, [
          { field: 'email', message: 'already in use' },
        ]);
      }
      throw error;
    }
    const view = userView(user);
    await this.audit.append(manager, { actor, action: 'user.created', target: { type: 'user', id: user.id }, after: view, correlationId });
    return view;
  }

  async updateUser(
    actor: Actor,
    id: string,
    change: { roles?: Role[]; disabled?: boolean; name?: string; version: number },
    correlationId?: string,
  ): Promise<UserView> {
    const updated = await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(UserEntity);
      const user = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw notFound('user', id);
      if (user.version !== change.version) {
        throw new DomainError('conflict', 'stale-version', `User ${id} is at version ${user.version}, not ${change.version}.`, [
          { field: 'version', message: `current version is ${user.version}` },
        ]);
      }
      const before = userView(user);
      if (change.name !== undefined) user.name = change.name;
      if (change.roles !== undefined) user.roles = [...new Set(change.roles)];
      if (change.disabled !== undefined) user.disabledAt = change.disabled ? (user.disabledAt ?? new Date()) : null;
      const saved = await repo.save(user);
      const after = userView(saved);
      await this.audit.append(manager, { actor, action: 'user.updated', target: { type: 'user', id }, before, after, correlationId });
      return after;
    });
    // The trigger tells every replica at commit; this one drops its entries before it answers.
    this.cache.changed(id);
    return updated;
  }

  async getUser(id: string): Promise<UserView> {
    const user = await this.dataSource.getRepository(UserEntity).findOneBy({ id });
    if (!user) throw notFound('user', id);
    return userView(user);
  }

  async listUsers(): Promise<UserView[]> {
    const users = await this.dataSource.getRepository(UserEntity).find({ order: { createdAt: 'ASC', id: 'ASC' } });
    return users.map(userView);
  }

  /** Issues a token and returns its secret; the secret is never stored or shown again. */
  async issueToken(
    actor: Actor,
    userId: string,
    input: { label: string; expiresAt?: Date | null },
    correlationId?: string,
  ): Promise<{ token: string; details: TokenView }> {
    return this.dataSource.transaction((manager) => this.issueTokenIn(manager, actor, userId, input, correlationId));
  }

  async issueTokenIn(
    manager: EntityManager,
    actor: Actor,
    userId: string,
    input: { label: string; expiresAt?: Date | null },
    correlationId?: string,
  ): Promise<{ token: string; details: TokenView }> {
    const user = await manager.getRepository(UserEntity).findOneBy({ id: userId });
    if (!user) throw notFound('user', userId);
    const secret = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    const repo = manager.getRepository(ApiTokenEntity);
    const token = await repo.save(
      repo.create({
        userId,
        tokenHash: hashToken(secret),
        tokenPrefix: secret.slice(0, TOKEN_PREFIX.length + 6),
        label: input.label,
        expiresAt: input.expiresAt ?? null,
      }),
    );
    const details = tokenView(token);
    await this.audit.append(manager, { actor, action: 'token.issued', target: { type: 'token', id: token.id }, after: details, correlationId });
    return { token: secret, details };
  }

  async listTokens(userId: string): Promise<TokenView[]> {
    const tokens = await this.dataSource.getRepository(ApiTokenEntity).find({ where: { userId }, order: { createdAt: 'ASC' } });
    return tokens.map(tokenView);
  }

  async revokeToken(actor: Actor, tokenId: string, correlationId?: string): Promise<TokenView> {
    const revoked = await this.dataSource.transaction(async (manager) => {
      const repo = manager.getRepository(ApiTokenEntity);
      const token = await repo.findOne({ where: { id: tokenId }, lock: { mode: 'pessimistic_write' } });
      if (!token) throw notFound('token', tokenId);
      const before = tokenView(token);
      if (token.revokedAt) return before;
      token.revokedAt = new Date();
      const after = tokenView(await repo.save(token));
      await this.audit.append(manager, { actor, action: 'token.revoked', target: { type: 'token', id: tokenId }, before, after, correlationId });
      return after;
    });
    this.cache.changed(revoked.userId);
    return revoked;
  }

  /** Creates an admin and its first token in one transaction (used by `npm run admin:create` and the demo). */
  async bootstrapAdmin(actor: Actor, input: { name: string; email: string }): Promise<{ user: UserView; token: string }> {
    return this.dataSource.transaction(async (manager) => {
      const user = await this.createUserIn(manager, actor, { ...input, roles: ['admin'] });
      const { token } = await this.issueTokenIn(manager, actor, user.id, { label: 'bootstrap' });
      return { user, token };
    });
  }
}
