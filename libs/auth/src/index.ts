export { AuthModule } from './auth.module.js';
export { AuthService, hashToken, type UserView, type TokenView } from './auth.service.js';
export { UserEntity } from './user.entity.js';
export { ApiTokenEntity } from './api-token.entity.js';
