import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { AuthService } from './auth.service.js';

@Module({ imports: [AuditModule], providers: [AuthService], exports: [AuthService] })
export class AuthModule {}
