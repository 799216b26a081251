import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { AuthService } from './auth.service.js';
import { SessionsService } from './sessions.service.js';

@Module({ imports: [AuditModule], providers: [AuthService, SessionsService], exports: [AuthService, SessionsService] })
export class AuthModule {}
