import { createRoute } from '@tanstack/react-router';
import '../admin-screens.css';
import { appRoute } from '../shell/routes';
import { SessionsScreen } from './SessionsScreen';

/** Every signed-in person's own sessions. */
export const sessionsRoute = createRoute({ getParentRoute: () => appRoute, path: 'settings/sessions', component: SessionsScreen });
