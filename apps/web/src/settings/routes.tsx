import { createRoute } from '@tanstack/react-router';
import { appRoute } from '../shell/routes';
import { SettingsScreen } from './SettingsScreen';

export const settingsRoute = createRoute({ getParentRoute: () => appRoute, path: 'settings', component: SettingsScreen });
