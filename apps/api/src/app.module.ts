import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ArticlesModule } from '@app/articles';
import { AuditModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { ClaimsModule } from '@app/claims';
import { ConfigModule, type AppConfig } from '@app/config';
import { DbModule } from '@app/db';
import { QueueModule } from '@app/queue';
import { SCHEMA } from '@app/schema';
import { SourcesModule } from '@app/sources';
import { WorkflowModule } from '@app/workflow';
import { ArticlesController } from './controllers/articles.controller.js';
import { AuditController } from './controllers/audit.controller.js';
import { ClaimsController } from './controllers/claims.controller.js';
import { HealthController } from './controllers/health.controller.js';
import { MetricsController } from './controllers/metrics.controller.js';
import { SourcesController } from './controllers/sources.controller.js';
import { UsersController } from './controllers/users.controller.js';
import { WorkflowController } from './controllers/workflow.controller.js';
import { RolesGuard } from './http/auth.js';
import { ProblemFilter } from './http/problem.filter.js';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [ConfigModule.forRoot(config), DbModule.forRoot(SCHEMA), QueueModule, AuditModule, AuthModule, ArticlesModule, ClaimsModule, SourcesModule, WorkflowModule],
      controllers: [HealthController, MetricsController, UsersController, ArticlesController, ClaimsController, SourcesController, WorkflowController, AuditController],
      providers: [
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
