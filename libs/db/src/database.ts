import { DataSource } from 'typeorm';
import type { AppConfig } from '@app/config';
import { dataSourceOptions, type SchemaDefinition } from './db.options.js';
import { EmbeddedPostgres } from './embedded/embedded-postgres.js';

/** The database this process uses: the configured PostgreSQL server, or the embedded one it started. */
export interface Database {
  readonly url: string;
  readonly embedded: EmbeddedPostgres | null;
  /** One line for the start-up log, without credentials. */
  readonly description: string;
  stop(): Promise<void>;
}

/**
 * Opens the database the configuration names. With DATABASE_URL unset it starts the embedded PostgreSQL
 * (PGlite, data under PGLITE_DATA_DIR) and applies the migrations itself: the embedded database belongs
 * to this one process, so there is no separate deploy step to run them. A server's migrations stay an
 * explicit step (`npm run migration:run`), and the apps refuse to start while any is pending.
 */
export async function openDatabase(
  config: Pick<AppConfig, 'DATABASE_URL' | 'PGLITE_DATA_DIR' | 'EMBEDDED_PG_PORT'>,
  schema: SchemaDefinition,
  onWarning: (message: string) => void,
): Promise<Database> {
  if (config.DATABASE_URL) {
    const url = config.DATABASE_URL;
    return { url, embedded: null, description: `PostgreSQL server ${withoutPassword(url)}`, stop: async () => undefined };
  }
  const embedded = await EmbeddedPostgres.start({ dataDir: config.PGLITE_DATA_DIR, port: config.EMBEDDED_PG_PORT, onWarning });
  try {
    const applied = await migrate(embedded.url, schema);
    return {
      url: embedded.url,
      embedded,
      description:
        `embedded PostgreSQL (PGlite) with its data in ${embedded.dataDir} (${embedded.created ? 'created now' : 'reused'}; ` +
        `${applied} migration(s) applied now), served on ${embedded.url}`,
      stop: () => embedded.stop(),
    };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}

async function migrate(url: string, schema: SchemaDefinition): Promise<number> {
  const dataSource = new DataSource({ ...dataSourceOptions(url, schema, 1), logging: ['error'] });
  await dataSource.initialize();
  try {
    return (await dataSource.runMigrations()).length;
  } finally {
    await dataSource.destroy();
  }
}

export function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
