import { z } from 'zod';
import { named } from '../openapi.js';

export const Health = named('Health', z.strictObject({ status: z.literal('ok') }));
export const Readiness = named(
  'Readiness',
  z.strictObject({
    status: z.enum(['ready', 'not-ready']),
    checks: z.strictObject({ postgres: z.string(), queues: z.string() }).describe('`ok`, or `down: <why>`'),
    queueBackend: z.enum(['redis', 'postgres']),
  }),
);
