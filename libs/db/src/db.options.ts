import type { DataSourceOptions, EntitySchema, MixedList } from 'typeorm';

export interface SchemaDefinition {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

/**
 * The one set of TypeORM options, shared by the apps, the TypeORM CLI and the tests. The schema only
 * changes through migrations: `synchronize` is off everywhere.
 */
export function dataSourceOptions(url: string, schema: SchemaDefinition, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: schema.entities,
    migrations: schema.migrations,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    // gen_random_uuid() is built into PostgreSQL 13+; extensions are created by migrations, not at connect.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    synchronize: false,
    migrationsRun: false,
    logging: ['error', 'warn', 'migration'],
    // A connection that waits this long for a lock is a bug, not load: fail visibly.
    extra: { max: poolSize, connectionTimeoutMillis: 10_000, statement_timeout: 30_000, application_name: 'factcheck' },
  };
}
