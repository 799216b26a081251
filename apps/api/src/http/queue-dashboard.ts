import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, Response } from 'express';
import type { AuthService } from '@app/auth';
import type { JobQueues } from '@app/queue';
import type { WithSession } from './session-cookie.js';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * The BullMQ dashboard, for admins only: an admin's session cookie, or an admin token. Browsers cannot
 * send a bearer header, so the token is also accepted as the password of HTTP Basic auth (any user name).
 */
export function queueDashboard(queues: JobQueues, auth: AuthService) {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({ queues: queues.allQueues().map((queue) => new BullMQAdapter(queue)), serverAdapter });

  const adminOnly = async (req: WithSession, res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? '';
    const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    const basic = /^Basic\s+(\S+)$/i.exec(header)?.[1];
    const secret = bearer ?? (basic ? Buffer.from(basic, 'base64').toString('utf8').split(':').slice(1).join(':') : undefined);
    // Without an Authorization header, an admin's session cookie (resolved, and CSRF-checked for writes, by the session middleware).
    const actor = secret ? await auth.authenticate(secret).catch(() => null) : header ? null : (req.liveSession?.actor ?? null);
    if (!actor) {
      res.status(401).setHeader('WWW-Authenticate', 'Basic realm="factcheck queues", charset="UTF-8"').type('application/problem+json');
      res.send(JSON.stringify({ type: '/problems/unauthenticated', title: 'Unauthorized', status: 401, code: 'unauthenticated', detail: 'Sign in as an admin, or send an admin API token (as bearer token, or as the Basic auth password).' }));
      return;
    }
    if (!actor.roles.includes('admin')) {
      res.status(403).type('application/problem+json');
      res.send(JSON.stringify({ type: '/problems/forbidden', title: 'Forbidden', status: 403, code: 'forbidden', detail: 'The queue dashboard is for admins.' }));
      return;
    }
    next();
  };
  return [adminOnly, serverAdapter.getRouter()] as const;
}
