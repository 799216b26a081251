import { createRoute } from '@tanstack/react-router';
import '../admin-screens.css';
import { screenFor } from '../shell/access';
import { appRoute } from '../shell/routes';
import { ADMINS } from './access';
import { AdminScreen } from './AdminScreen';
import { AdminUserScreen } from './AdminUserScreen';
import { RatingScaleScreen } from './RatingScaleScreen';

export const adminRoute = createRoute({ getParentRoute: () => appRoute, path: 'admin', component: screenFor(ADMINS, AdminScreen) });
export const adminUserRoute = createRoute({ getParentRoute: () => appRoute, path: 'admin/users/$userId', component: screenFor(ADMINS, AdminUserScreen) });
export const ratingScaleRoute = createRoute({ getParentRoute: () => appRoute, path: 'admin/rating-scale', component: screenFor(ADMINS, RatingScaleScreen) });
