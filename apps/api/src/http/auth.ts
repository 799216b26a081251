import {
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Inject,
  Injectable,
  SetMetadata,
  applyDecorators,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiBearerAuth } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthService } from '@app/auth';
import { DomainError, type Actor, type Role } from '@app/core';
import { idempotencyKeyHeader } from './common-schemas.js';
import type { WithSession } from './session-cookie.js';
import { ApiProblems, documentHeader } from './openapi.js';
import { ZodValidationPipe } from './zod-validation.pipe.js';

const ROLES_KEY = 'factcheck:roles';
const PUBLIC_KEY = 'factcheck:public';

/** Who may call an endpoint: any one of these roles. Every endpoint is either @Roles or @Public. */
export const Roles = (...roles: Role[]) =>
  applyDecorators(
    SetMetadata(ROLES_KEY, roles),
    ApiBearerAuth(),
    ApiProblems(401, 403),
  );

/** Marks an endpoint that needs no token (health, readiness, published reports). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** The authenticated actor of the request. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  return context.switchToHttp().getRequest<Request & { actor: Actor }>().actor;
});

/** The request id (from X-Request-Id or generated), to correlate audit events with logs. */
export const RequestId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  return String(context.switchToHttp().getRequest<Request>().id);
});

/** Global guard: 401 without a valid bearer token or session cookie, 403 without one of the endpoint's roles. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(AuthService) private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    const request = context.switchToHttp().getRequest<WithSession & { actor?: Actor }>();
    const header = request.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    // A bearer token wins; without an Authorization header, the session the middleware resolved (CSRF already checked).
    const actor = match ? await this.auth.authenticate(match[1]!) : header ? null : (request.liveSession?.actor ?? null);
    if (!actor) {
      throw new DomainError('unauthenticated', 'unauthenticated', 'Sign in, or send a valid API token as "Authorization: Bearer <token>".');
    }
    request.actor = actor;
    // An endpoint without declared roles is closed: forgetting @Roles must never open it.
    if (!roles || !roles.some((role) => actor.roles.includes(role))) {
      throw new DomainError('forbidden', 'forbidden', `This needs one of the roles: ${(roles ?? []).join(', ') || '(none)'}.`);
    }
    return true;
  }
}

const idempotencyKey = createParamDecorator((_data: unknown, context: ExecutionContext): string | undefined => {
  const value = context.switchToHttp().getRequest<Request>().headers['idempotency-key'];
  return new ZodValidationPipe(idempotencyKeyHeader, 'Idempotency-Key').transform(value);
});

/**
 * The optional `Idempotency-Key` header, validated (printable ASCII, at most 200 characters) and
 * documented; the same key with another body is a 422.
 */
export const IdempotencyKey = (): ParameterDecorator => (target, key, index) => {
  idempotencyKey()(target, key, index);
  documentHeader(target, key, 'Idempotency-Key', idempotencyKeyHeader, 'Repeat a creating request safely: the same key and body replay the first answer (header `Idempotent-Replayed: true`).');
  ApiProblems(422)(target, key!, Object.getOwnPropertyDescriptor(target, key!)!);
};
