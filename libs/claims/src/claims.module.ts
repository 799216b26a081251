import { Module } from '@nestjs/common';
import { ArticlesModule } from '@app/articles';
import { AuditModule } from '@app/audit';
import { ClaimsService } from './claims.service.js';

@Module({ imports: [AuditModule, ArticlesModule], providers: [ClaimsService], exports: [ClaimsService] })
export class ClaimsModule {}
