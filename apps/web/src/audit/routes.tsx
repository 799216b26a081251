import { createRoute } from '@tanstack/react-router';
import '../admin-screens.css';
import { screenFor } from '../shell/access';
import { appRoute } from '../shell/routes';
import { AUDITORS } from './access';
import { AuditScreen } from './AuditScreen';

/** `?target=claim:<id>`: the filter, so a claim's audit page can be bookmarked and shared. */
export const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'audit',
  validateSearch: (search: Record<string, unknown>): { target?: string } => (typeof search.target === 'string' && search.target ? { target: search.target } : {}),
  component: screenFor(AUDITORS, AuditScreen),
});
