import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { AuthService } from './auth.service.js';
import { CredentialCache } from './credential-cache.js';
import { SessionsService } from './sessions.service.js';

@Module({ imports: [AuditModule], providers: [AuthService, SessionsService, CredentialCache], exports: [AuthService, SessionsService, CredentialCache] })
export class AuthModule {}
