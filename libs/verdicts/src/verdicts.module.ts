import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { VerdictsService } from './verdicts.service.js';

@Module({ imports: [AuditModule], providers: [VerdictsService], exports: [VerdictsService] })
export class VerdictsModule {}
