import 'reflect-metadata';
import { ConfigError, createLogger, loadConfig } from '@app/config';
import { MigrationsPendingError } from '@app/db';
import { createApiApp } from './bootstrap.js';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config, 'api');
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
