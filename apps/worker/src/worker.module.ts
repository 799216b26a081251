import { type DynamicModule, Inject, Module, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { AuditCheckpointHandler, AuditModule } from '@app/audit';
import { APP_CONFIG, ConfigModule, type AppConfig } from '@app/config';
import { DbModule } from '@app/db';
import { JOB_HANDLERS, JobQueues, QueueModule, WorkerHost, type JobHandler } from '@app/queue';
import { SCHEMA } from '@app/schema';

/** Every job handler the worker runs; the host refuses to start if a job name has none or two. */
const HANDLERS = [AuditCheckpointHandler];

@Module({})
export class WorkerModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(WorkerHost) private readonly host: WorkerHost,
    @Inject(JobQueues) private readonly queues: JobQueues,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), DbModule.forRoot(SCHEMA), QueueModule, AuditModule],
      providers: [
        ...HANDLERS,
        { provide: JOB_HANDLERS, inject: HANDLERS, useFactory: (...handlers: JobHandler[]) => handlers },
        { provide: WorkerHost, inject: [APP_CONFIG, JOB_HANDLERS], useFactory: (cfg: AppConfig, handlers: JobHandler[]) => new WorkerHost(cfg, handlers) },
      ],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.host.consumedQueues().includes('maintenance')) {
      await this.queues.schedule('audit.checkpoint', {}, this.config.AUDIT_CHECKPOINT_EVERY_MS);
    }
    this.host.start();
  }

  /** Before the database closes: active jobs finish while their connections still work. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.host.stop();
  }
}
