import { Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { PASSWORD_MAX, SessionsService, type ClientInfo } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { DomainError, ROLES, type Actor } from '@app/core';
import { CurrentActor, Public, RequestId, Roles } from '../http/auth.js';
import { uuidParam } from '../http/common-schemas.js';
import { ApiJsonResponse, ApiProblems, ZodBody, ZodParam } from '../http/openapi.js';
import { IssuedLink, Session, SessionList } from '../http/responses/sessions.js';
import { clearSessionCookie, setSessionCookie, type WithSession } from '../http/session-cookie.js';

const SignInBody = z.strictObject({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(PASSWORD_MAX),
});

const SignInLinkBody = z.strictObject({ token: z.string().min(1).max(200) });

/** The password policy (12..256 characters, not the email) is the service's; this only checks the shape. */
const AcceptInvitationBody = z.strictObject({ token: z.string().min(1).max(200), password: z.string().max(4 * PASSWORD_MAX) });

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
  @ApiJsonResponse(200, Session, 'Signed in; the session cookie is set')
  @ApiProblems(401, 429)
  @HttpCode(200)
  async signIn(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @RequestId() requestId: string,
    @ZodBody(SignInBody) body: z.infer<typeof SignInBody>,
  ) {
    const signedIn = await this.sessions.signIn(body, clientOf(req), requestId);
    setSessionCookie(res, req, this.config, signedIn);
    return signedIn.body;
  }

  @Post('session/link')
  @Public()
  @ApiJsonResponse(200, Session, 'Signed in; the session cookie is set')
  @ApiProblems(401, 429)
  @HttpCode(200)
  async signInWithLink(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @RequestId() requestId: string,
    @ZodBody(SignInLinkBody) body: z.infer<typeof SignInLinkBody>,
  ) {
    const signedIn = await this.sessions.signInWithLink(body.token, clientOf(req), requestId);
    setSessionCookie(res, req, this.config, signedIn);
    return signedIn.body;
  }

  @Post('invitations/accept')
  @Public()
  @ApiJsonResponse(200, Session, 'Signed in; the session cookie is set')
  @ApiProblems(401, 429)
  @HttpCode(200)
  async acceptInvitation(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @RequestId() requestId: string,
    @ZodBody(AcceptInvitationBody) body: z.infer<typeof AcceptInvitationBody>,
  ) {
    const signedIn = await this.sessions.acceptInvitation(body, clientOf(req), requestId);
    setSessionCookie(res, req, this.config, signedIn);
    return signedIn.body;
  }

  /** The session of the cookie (for the web app at start-up), or 401. Public: it reads only the cookie. */
  @Get('session')
  @Public()
  @ApiJsonResponse(200, Session)
  @ApiProblems(401)
  async current(@Req() req: WithSession) {
    if (!req.liveSession) throw noSession();
    return this.sessions.describe(req.liveSession);
  }

  /** Signs out: revokes the cookie's session and clears the cookie (204 even without a session). */
  @Delete('session')
  @Public()
  @ApiResponse({ status: 204, description: 'Signed out' })
  @HttpCode(204)
  async signOut(@Req() req: WithSession, @Res({ passthrough: true }) res: Response, @RequestId() requestId: string) {
    if (req.liveSession) await this.sessions.signOut(req.liveSession, requestId);
    clearSessionCookie(res, req, this.config);
  }

  @Get('sessions')
  @Roles(...ROLES)
  @ApiJsonResponse(200, SessionList)
  async listOwn(@CurrentActor() actor: Actor, @Req() req: WithSession) {
    return { items: await this.sessions.list(actor.id, req.liveSession?.id) };
  }

  /** Revokes one of the caller's sessions; admins may revoke anyone's. */
  @Delete('sessions/:id')
  @Roles(...ROLES)
  @ApiResponse({ status: 204, description: 'Revoked' })
  @ApiProblems(404)
  @HttpCode(204)
  async revoke(@CurrentActor() actor: Actor, @RequestId() requestId: string, @ZodParam('id', uuidParam) id: string) {
    await this.sessions.revoke(actor, id, requestId);
  }

  @Get('users/:id/sessions')
  @Roles('admin')
  @ApiJsonResponse(200, SessionList)
  @ApiProblems(404)
  async listOfUser(@ZodParam('id', uuidParam) id: string) {
    return { items: await this.sessions.list(id) };
  }

  /** A one-time invitation (72 h) that lets the person set a password; a new one replaces the previous. */
  @Post('users/:id/invitations')
  @Roles('admin')
  @ApiJsonResponse(201, IssuedLink)
  @ApiProblems(404)
  @HttpCode(201)
  async invite(@CurrentActor() actor: Actor, @RequestId() requestId: string, @Req() req: Request, @ZodParam('id', uuidParam) id: string) {
    return this.sessions.invite(actor, id, this.base(req), requestId);
  }

  /** A one-time sign-in link (24 h). */
  @Post('users/:id/sign-in-links')
  @Roles('admin')
  @ApiJsonResponse(201, IssuedLink)
  @ApiProblems(404)
  @HttpCode(201)
  async issueSignInLink(@CurrentActor() actor: Actor, @RequestId() requestId: string, @Req() req: Request, @ZodParam('id', uuidParam) id: string) {
    return this.sessions.issueSignInLink(actor, id, this.base(req), requestId);
  }
}
