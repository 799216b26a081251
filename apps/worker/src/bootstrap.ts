import { NestFactory } from '@nestjs/core';
import type { Logger } from 'pino';
import { PinoNestLogger, type AppConfig } from '@app/config';
import { WorkerModule } from './worker.module.js';

/**
 * The worker: no HTTP, only BullMQ processors over the same domain modules as the API. `shutdownHooks:
 * false` when a launcher running several parts in one process orders the shutdown itself.
 */
export async function createWorker(config: AppConfig, logger: Logger, options: { shutdownHooks?: boolean } = {}) {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: new PinoNestLogger(logger),
    abortOnError: false,
  });
  // A graceful stop (active jobs finished, connections closed) exits with code 0; by default Nest
  // re-raises the signal after its hooks, so the process would end "killed by SIGTERM" instead.
  if (options.shutdownHooks !== false) app.enableShutdownHooks([], { useProcessExit: true });
  return app;
}
