import { z } from 'zod';
import { ACTIONS, STEPS } from '@app/workflow';
import { listOf, named, timestamp } from '../openapi.js';
import { RatingScale } from './reports.js';

export const TimelineEntry = named(
  'TimelineEntry',
  z.strictObject({
    seq: z.number().int(),
    action: z.string(),
    from: z.string(),
    to: z.string(),
    actorId: z.string(),
    comment: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
    at: timestamp,
  }),
);
export const Timeline = listOf('Timeline', TimelineEntry);

export const Notification = named('Notification', z.strictObject({ id: z.uuid(), kind: z.string(), claimId: z.uuid(), message: z.string(), createdAt: timestamp }));
export const NotificationList = listOf('NotificationList', Notification);

const step = z.enum(STEPS);
export const TransitionRule = named(
  'TransitionRule',
  z.strictObject({
    from: z.array(step),
    by: z.union([z.enum(['system', 'step-role', 'lease-holder']), z.array(z.string())]),
    to: z.union([step, z.enum(['same', 'chosen', 'failed-step'])]),
    choices: z.array(step).optional(),
    needsComment: z.boolean().optional(),
    respectsLease: z.boolean().optional(),
    onBehalfBy: z.array(z.string()).optional(),
    notProposer: z.boolean().optional(),
  }),
);

/** The workflow table, for clients that draw it. */
export const Workflow = named(
  'Workflow',
  z.strictObject({
    steps: z.array(step),
    humanSteps: z.array(step),
    transitions: z.record(z.enum(ACTIONS), TransitionRule),
    ratingScale: RatingScale,
  }),
);
