import 'reflect-metadata';
import { ConfigError, createLogger, loadConfig } from '@app/config';
import { EmbeddedDatabaseBusyError, MigrationsPendingError } from '@app/db';
import { startDesk, stopOnSignals } from './desk.js';

// `npm start`: API and worker in one process (the single-node desk; the only way to run the embedded database).
async function main() {
  const config = loadConfig();
  const logger = createLogger(config, 'desk');
  const desk = await startDesk(config, logger);
  logger.info({ url: desk.url, docs: `${desk.url}/docs` }, 'desk listening; SIGTERM or Ctrl-C finishes active jobs and stops');
  stopOnSignals(desk, logger);
}

main().catch((error: unknown) => {
  // Configuration, schema and data-directory problems are operator errors: one clear line, no stack trace.
  if (error instanceof ConfigError || error instanceof MigrationsPendingError || error instanceof EmbeddedDatabaseBusyError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
