import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { PASSWORD_MAX, SessionsService, type ClientInfo } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DomainError, ROLES, type Actor } from '@app/core';
import { CurrentActor, Public, RequestId, Roles } from '../http/auth.js';
import { isoDateTime, uuidParam } from '../http/common-schemas.js';
import { ApiJsonBody } from '../http/openapi.js';
import { clearSessionCookie, setSessionCookie, type WithSession } from '../http/session-cookie.js';
import { ZodValidationPipe } from '../http/zod-validation.pipe.js';

const SignInBody = z.strictObject({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(PASSWORD_MAX),
});

const SignInLinkBody = z.strictObject({ token: z.string().min(1).max(200) });

/** The password policy (12..256 characters, not the email) is the service's; this only checks the shape. */
const AcceptInvitationBody = z.strictObject({ token: z.string().min(1).max(200), password: z.string().max(4 * PASSWORD_MAX) });

/** The signed-in user, as `GET /v1/me` answers. */
export const MeResponse = z.object({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  roles: z.array(z.enum(ROLES)),
  disabledAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
  version: z.number().int(),
});

/** Answer of sign-in (password, link, invitation) and of `GET /v1/session`. */
export const SessionResponse = z.object({
  user: MeResponse,
  /** Send it back as `X-CSRF-Token` on every write made with the cookie. */
  csrfToken: z.string(),
  expiresAt: isoDateTime,
  sessionId: z.uuid(),
});

export const SessionView = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  createdAt: isoDateTime,
  lastSeenAt: isoDateTime,
  expiresAt: isoDateTime,
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  current: z.boolean(),
  revokedAt: isoDateTime.nullable(),
});

export const SessionListResponse = z.object({ items: z.array(SessionView) });

/** An invitation or a sign-in link: the URL holds the one-time token after `#`, so it never reaches a server log. */
export const IssuedLinkResponse = z.object({ url: z.url(), expiresAt: isoDateTime });

const clientOf = (req: Request): ClientInfo => ({ ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null });

const noSession = () => new DomainError('unauthenticated', 'unauthenticated', 'Not signed in, or the session has expired or been revoked.');

/** Sign-in for people: the session cookie, its sessions, invitations and sign-in links. */
@ApiTags('sessions')
@Controller('v1')
export class SessionsController {
  constructor(
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `PUBLIC_BASE_URL` when set, else the request's own origin. */
  private base(req: Request): string {
    return this.config.PUBLIC_BASE_URL?.replace(/\/$/, '') ?? `${req.protocol}://${req.get('host')}`;
  }

  @Post('session')
  @Public()
  @ApiJsonBody(SignInBody)
  @HttpCode(200)
  async signIn(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @RequestId() requestId: string,
    @Body(new ZodValidationPipe(SignInBody)) body: z.infer<typeof SignInBody>,
  ) {
    const signedIn = await this.sessions.signIn(body, clientOf(req), requestId);
    setSessionCookie(res, req, this.config, signedIn);
    return signedIn.body;
  }

  @Post('session/link')
  @Public()
  @ApiJsonBody(SignInLinkBody)
  @HttpCode(200)
  async signInWithLink(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @RequestId() requestId: string,
    @Body(new ZodValidationPipe(SignInLinkBody)) body: z.infer<typeof SignInLinkBody>,
  ) {
    const signedIn = await this.sessions.signInWithLink(body.token, clientOf(req), requestId);
    setSessionCookie(res, req, this.config, signedIn);
    return signedIn.body;
  }

  @Post('invitations/accept')
  @Public()
  @ApiJsonBody(AcceptInvitationBody)
  @HttpCode(200)
  async acceptInvitation(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @RequestId() requestId: string,
    @Body(new ZodValidationPipe(AcceptInvitationBody)) body: z.infer<typeof AcceptInvitationBody>,
  ) {
    const signedIn = await this.sessions.acceptInvitation(body, clientOf(req), requestId);
    setSessionCookie(res, req, this.config, signedIn);
    return signedIn.body;
  }

  /** The session of the cookie (for the web app at start-up), or 401. Public: it reads only the cookie. */
  @Get('session')
  @Public()
  async current(@Req() req: WithSession) {
    if (!req.liveSession) throw noSession();
    return this.sessions.describe(req.liveSession);
  }

  /** Signs out: revokes the cookie's session and clears the cookie (204 even without a session). */
  @Delete('session')
  @Public()
  @HttpCode(204)
  async signOut(@Req() req: WithSession, @Res({ passthrough: true }) res: Response, @RequestId() requestId: string) {
    if (req.liveSession) await this.sessions.signOut(req.liveSession, requestId);
    clearSessionCookie(res, req, this.config);
  }

  @Get('sessions')
  @Roles(...ROLES)
  async listOwn(@CurrentActor() actor: Actor, @Req() req: WithSession) {
    return { items: await this.sessions.list(actor.id, req.liveSession?.id) };
  }

  /** Revokes one of the caller's sessions; admins may revoke anyone's. */
  @Delete('sessions/:id')
  @Roles(...ROLES)
  @HttpCode(204)
  async revoke(@CurrentActor() actor: Actor, @RequestId() requestId: string, @Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string) {
    await this.sessions.revoke(actor, id, requestId);
  }

  @Get('users/:id/sessions')
  @Roles('admin')
  async listOfUser(@Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string) {
    return { items: await this.sessions.list(id) };
  }

  /** A one-time invitation (72 h) that lets the person set a password; a new one replaces the previous. */
  @Post('users/:id/invitations')
  @Roles('admin')
  @HttpCode(201)
  async invite(@CurrentActor() actor: Actor, @RequestId() requestId: string, @Req() req: Request, @Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string) {
    return this.sessions.invite(actor, id, this.base(req), requestId);
  }

  /** A one-time sign-in link (24 h). */
  @Post('users/:id/sign-in-links')
  @Roles('admin')
  @HttpCode(201)
  async issueSignInLink(@CurrentActor() actor: Actor, @RequestId() requestId: string, @Req() req: Request, @Param('id', new ZodValidationPipe(uuidParam, 'id')) id: string) {
    return this.sessions.issueSignInLink(actor, id, this.base(req), requestId);
  }
}
