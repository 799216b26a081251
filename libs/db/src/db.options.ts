import type { DataSource, DataSourceOptions, EntityManager, EntitySchema, MixedList } from 'typeorm';

export interface SchemaDefinition {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

/**
 * The one set of TypeORM options, shared by the apps, the TypeORM CLI and the tests. The schema only
 * changes through migrations: `synchronize` is off everywhere. With `readUrl` (DATABASE_READ_URL) the
 * DataSource also holds a pool on the read replica, but every query still goes to the primary
 * (`defaultMode: 'master'`) unless it is made through `onReadReplica`: TypeORM would otherwise send every
 * repository read outside a transaction to the replica, tokens and workflow reads included.
 */
export function dataSourceOptions(url: string, schema: SchemaDefinition, poolSize = 10, readUrl?: string): DataSourceOptions {
  return {
    type: 'postgres',
    ...(readUrl ? { replication: { master: { url }, slaves: [{ url: readUrl }], defaultMode: 'master' as const } } : { url }),
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

/**
 * Runs `read` on the read replica when there is one (else on the primary), on one connection. Only for
 * reads that need not see a write this request or the caller just made: published reports and what they
 * link to, which are immutable once visible and reach the replica whole (README "Configuration"). A
 * replica that lags shows an older state, never a half-written one; one that is down is a 503.
 */
export async function onReadReplica<T>(dataSource: DataSource, read: (manager: EntityManager) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner('slave');
  try {
    return await read(runner.manager);
  } finally {
    await runner.release();
  }
}
