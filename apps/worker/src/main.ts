import 'reflect-metadata';
import { ConfigError, createLogger, loadConfig } from '@app/config';
import { MigrationsPendingError } from '@app/db';
import { createWorker } from './bootstrap.js';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config, 'worker');
  await createWorker(config, logger);
  logger.info('worker ready; SIGTERM finishes active jobs and exits');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof MigrationsPendingError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
