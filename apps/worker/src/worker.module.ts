import { type BeforeApplicationShutdown, type DynamicModule, Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { AuditCheckpointHandler, AuditModule, AuditVerificationsModule, AuditVerifyHandler } from '@app/audit';
import { APP_CONFIG, ConfigModule, type AppConfig } from '@app/config';
import { DbModule } from '@app/db';
import { JOB_HANDLERS, JobQueues, QueueModule, WorkerHost, type JobHandler } from '@app/queue';
import { RenderReportHandler, ReportsModule } from '@app/reports';
import { SCHEMA } from '@app/schema';
import { CaptureHandler, RecheckHandler, SignalsHandler, SourcesModule } from '@app/sources';
import { ComputeSuggestionsHandler, SuggestionsModule } from '@app/suggestions';
import { IntakeHandler, NotifyHandler, WorkflowModule } from '@app/workflow';
import { MaintenanceLoop } from './maintenance.js';
import { WorkerMetrics } from './metrics-server.js';

/** Every job handler the worker runs; the host refuses to start if a job name has none or two. */
const HANDLERS = [IntakeHandler, NotifyHandler, CaptureHandler, SignalsHandler, RecheckHandler, RenderReportHandler, AuditCheckpointHandler, AuditVerifyHandler, ComputeSuggestionsHandler];

@Module({})
export class WorkerModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(WorkerHost) private readonly host: WorkerHost,
    @Inject(MaintenanceLoop) private readonly maintenance: MaintenanceLoop,
    @Inject(WorkerMetrics) private readonly metrics: WorkerMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), DbModule.forRoot(SCHEMA), QueueModule, AuditModule, AuditVerificationsModule, SourcesModule, WorkflowModule, ReportsModule, SuggestionsModule],
      providers: [
        MaintenanceLoop,
        { provide: WorkerMetrics, useFactory: () => new WorkerMetrics() },
        { provide: JOB_HANDLERS, inject: HANDLERS, useFactory: (...handlers: JobHandler[]) => handlers },
        {
          provide: WorkerHost,
          inject: [APP_CONFIG, JobQueues, JOB_HANDLERS, WorkerMetrics],
          useFactory: (cfg: AppConfig, queues: JobQueues, handlers: JobHandler[], metrics: WorkerMetrics) => new WorkerHost(cfg, queues.store, handlers, metrics.observe),
        },
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    this.host.start();
    this.maintenance.start();
    await this.metrics.listen(this.config.WORKER_METRICS_PORT, this.config.HOST);
  }

  /** Before the database closes: active jobs finish while their connections still work. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.maintenance.stop();
    await this.host.stop();
    await this.metrics.close();
  }
}
