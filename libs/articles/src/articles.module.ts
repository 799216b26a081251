import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit';
import { ArticlesService } from './articles.service.js';

@Module({ imports: [AuditModule], providers: [ArticlesService], exports: [ArticlesService] })
export class ArticlesModule {}
