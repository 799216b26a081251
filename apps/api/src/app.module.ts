import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ArticlesModule } from '@app/articles';
import { AuditModule, AuditVerificationsModule } from '@app/audit';
import { AuthModule } from '@app/auth';
import { ClaimsModule } from '@app/claims';
import { ConfigModule, type AppConfig } from '@app/config';
import { DbModule, LiveEvents } from '@app/db';
import { QueueModule } from '@app/queue';
import { SCHEMA } from '@app/schema';
import { ReportsModule } from '@app/reports';
import { SourcesModule } from '@app/sources';
import { SuggestionsModule } from '@app/suggestions';
import { VerdictsModule } from '@app/verdicts';
import { WorkflowModule } from '@app/workflow';
import { ArticlesController } from './controllers/articles.controller.js';
import { AuditController } from './controllers/audit.controller.js';
import { ClaimsController } from './controllers/claims.controller.js';
import { EventsController } from './controllers/events.controller.js';
import { HealthController } from './controllers/health.controller.js';
import { MetricsController } from './controllers/metrics.controller.js';
import { SessionsController } from './controllers/sessions.controller.js';
import { SourcesController } from './controllers/sources.controller.js';
import { SuggestionsController } from './controllers/suggestions.controller.js';
import { TransparencyController } from './controllers/transparency.controller.js';
import { PublicReportsController } from './controllers/public-reports.controller.js';
import { ReportsController } from './controllers/reports.controller.js';
import { UsersController } from './controllers/users.controller.js';
import { WorkflowController } from './controllers/workflow.controller.js';
import { RolesGuard } from './http/auth.js';
import { CredentialInvalidation } from './http/credential-invalidation.js';
import { ProblemFilter } from './http/problem.filter.js';

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [ConfigModule.forRoot(config), DbModule.forRoot(SCHEMA), QueueModule, AuditModule, AuditVerificationsModule, AuthModule, ArticlesModule, ClaimsModule, SourcesModule, VerdictsModule, WorkflowModule, ReportsModule, SuggestionsModule],
      controllers: [HealthController, MetricsController, UsersController, SessionsController, ArticlesController, ClaimsController, SourcesController, WorkflowController, ReportsController, PublicReportsController, AuditController, TransparencyController, EventsController, SuggestionsController],
      providers: [
        // The one LISTEN connection of this API process (GET /v1/events fans it out).
        LiveEvents,
        // Tokens and sessions are resolved from memory while that connection hears every credential change.
        CredentialInvalidation,
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_FILTER, useClass: ProblemFilter },
      ],
    };
  }
}
