import type { INestApplicationContext } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Logger } from 'pino';
import type { AppConfig } from '@app/config';
import { openDatabase, type Database } from '@app/db';
import { SCHEMA } from '@app/schema';
import { createApiApp } from '../../api/src/bootstrap.js';
import { createWorker } from '../../worker/src/bootstrap.js';

export interface Desk {
  readonly api: NestExpressApplication;
  readonly worker: INestApplicationContext;
  readonly database: Database;
  /** The configuration the parts run with (DATABASE_URL resolved to the embedded database when it runs). */
  readonly config: AppConfig;
  /** The API's base URL, e.g. http://localhost:3000. */
  readonly url: string;
  /** Stops in order: the worker (active jobs finish), the API, then the embedded database. */
  close(): Promise<void>;
}

/**
 * The single-node desk: the API and the worker in one process, over the configured database or, with
 * DATABASE_URL unset, the embedded one (which only this process may open). Logs one line saying which.
 */
export async function startDesk(config: AppConfig, logger: Logger): Promise<Desk> {
  const database = await openDatabase(config, SCHEMA, (message) => logger.warn(message));
  const resolved: AppConfig = { ...config, DATABASE_URL: database.url };
  logger.info(
    { database: database.description, queues: config.QUEUE_BACKEND, processes: 'API and worker in this process' },
    `deployment: ${database.embedded ? 'embedded' : 'server'} database, queues in ${config.QUEUE_BACKEND === 'redis' ? 'Redis' : 'PostgreSQL'}`,
  );
  let api: NestExpressApplication | null = null;
  let worker: INestApplicationContext | null = null;
  try {
    api = await createApiApp(resolved, logger, { shutdownHooks: false });
    await api.listen(config.PORT, config.HOST);
    worker = await createWorker(resolved, logger, { shutdownHooks: false });
  } catch (error) {
    await worker?.close().catch(() => undefined);
    await api?.close().catch(() => undefined);
    await database.stop();
    throw error;
  }
  const started = { api, worker };
  const url = (await api.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
  return {
    ...started,
    database,
    config: resolved,
    url,
    async close() {
      await started.worker.close();
      await started.api.close();
      await database.stop();
    },
  };
}

/** SIGTERM or Ctrl-C stops the desk in order (active jobs finish, the embedded database closes cleanly), then exits. */
export function stopOnSignals(desk: Desk, logger: Logger, announce?: (line: string) => void): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    announce?.(`\n${signal === 'SIGINT' ? 'Ctrl-C' : signal}: stopping the desk…`);
    desk.close().then(
      () => {
        announce?.('Stopped. The data stays; run the demo again (or npm start) to serve it again.');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ error: (error as Error).message }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
