import 'reflect-metadata';
import { ConfigError, createLogger, loadConfig } from '@app/config';
import { MigrationsPendingError, withoutPassword } from '@app/db';
import { createApiApp } from './bootstrap.js';

async function main() {
  const config = loadConfig();
  // Only one process may open the embedded database: that process is `npm start` (API and worker together).
  if (!config.DATABASE_URL) throw new ConfigError(`DATABASE_URL is not set: a separate API process needs a PostgreSQL server. Without one, run \`npm start\` (API and worker in one process on the embedded database).`);
  const logger = createLogger(config, 'api');
  logger.info({ database: withoutPassword(config.DATABASE_URL), queues: config.QUEUE_BACKEND }, `deployment: PostgreSQL server, queues in ${config.QUEUE_BACKEND === 'redis' ? 'Redis' : 'PostgreSQL'}`);
  const app = await createApiApp(config, logger);
  await app.listen(config.PORT, config.HOST);
  logger.info({ url: await app.getUrl() }, 'api listening');
}

main().catch((error: unknown) => {
  // Configuration and schema problems are operator errors: one clear line, no stack trace.
  if (error instanceof ConfigError || error instanceof MigrationsPendingError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
