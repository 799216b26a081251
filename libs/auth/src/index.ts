export { AuthModule } from './auth.module.js';
export { AuthService, hashToken, type UserView, type TokenView } from './auth.service.js';
export { SessionsService, type ClientInfo, type SessionView, type LiveSession, type SignedIn, type IssuedLink } from './sessions.service.js';
export { PASSWORD_MIN, PASSWORD_MAX } from './passwords.js';
export { UserEntity } from './user.entity.js';
export { ApiTokenEntity } from './api-token.entity.js';
export { SessionEntity } from './session.entity.js';
export { SignInTokenEntity, type SignInTokenKind } from './sign-in-token.entity.js';
export { SignInFailureEntity } from './sign-in-failure.entity.js';
