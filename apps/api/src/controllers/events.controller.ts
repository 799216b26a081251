import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthService, SessionsService } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { ROLES } from '@app/core';
import { LiveEvents, type LiveEvent } from '@app/db';
import { Roles } from '../http/auth.js';
import { ApiContentResponse } from '../http/openapi.js';
import { sessionSecret } from '../http/session-cookie.js';

/** One Server-Sent Events frame: the event's type as the SSE event name, the rest as JSON data. */
export function sseFrame(event: LiveEvent): string {
  const { type, ...data } = event;
  return `event: ${type}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Live updates for the web app, fed by PostgreSQL LISTEN/NOTIFY (committed changes only). */
@ApiTags('live events')
@Controller('v1')
export class EventsController {
  constructor(
    @Inject(LiveEvents) private readonly live: LiveEvents,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(SessionsService) private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * `text/event-stream` of `claim`, `evidence`, `capture`, `signals` and `report` events (and `resync` after the
   * server lost its database connection for a while), with a `: keepalive` comment every
   * EVENTS_KEEPALIVE_SECONDS. The stream ends when the caller's token or session no longer grants a role.
   */
  @Get('events')
  @Roles(...ROLES)
  @ApiContentResponse(200, 'Server-Sent Events: event claim | evidence | capture | signals | report | resync, data JSON', { 'text/event-stream': 'text' })
  stream(@Req() req: Request, @Res() res: Response): void {
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      // Private like every authenticated answer; no-transform keeps a proxy from buffering to compress.
      'Cache-Control': 'private, no-store, no-transform',
      Connection: 'keep-alive',
      // Tells a buffering reverse proxy (nginx) to pass events through at once.
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.write('retry: 3000\n\n');
    let open = true;
    const end = () => {
      if (!open) return;
      open = false;
      clearInterval(keepalive);
      unsubscribe();
      res.end();
    };
    const unsubscribe = this.live.subscribe({ event: (event) => res.write(sseFrame(event)), close: end });
    const keepalive = setInterval(() => {
      void this.stillAllowed(req).then(
        (allowed) => (allowed ? res.write(': keepalive\n\n') : end()),
        () => end(),
      );
    }, this.config.EVENTS_KEEPALIVE_SECONDS * 1000);
    req.on('close', end);
  }

  /** Re-checks the stream's credentials the way RolesGuard did, without counting as session activity. */
  private async stillAllowed(req: Request): Promise<boolean> {
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const secret = req.headers.authorization ? undefined : sessionSecret(req);
    const actor = bearer ? await this.auth.authenticate(bearer) : secret ? (await this.sessions.resolve(secret, { touch: false }))?.actor : null;
    return !!actor && actor.roles.some((role) => ROLES.includes(role));
  }
}
