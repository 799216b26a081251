import { createRoute } from '@tanstack/react-router';
import { HUMAN_STEPS, type HumanStep } from '../api/workflow';
import { screenFor } from '../shell/access';
import { appRoute } from '../shell/routes';
import { QUEUE_READERS } from './access';
import { QueueScreen } from './QueueScreen';

/** `?step=` the queue shown, so each step's queue can be bookmarked. */
export const queueRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'queue',
  validateSearch: (search: Record<string, unknown>): { step?: HumanStep } =>
    HUMAN_STEPS.includes(search.step as HumanStep) ? { step: search.step as HumanStep } : {},
  component: screenFor(QUEUE_READERS, QueueScreen),
});
