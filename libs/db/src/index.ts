export { DbModule } from './db.module.js';
export { dataSourceOptions, type SchemaDefinition } from './db.options.js';
export { assertMigrationsApplied, MigrationsPendingError } from './migrations-check.js';
export { isUniqueViolation, isSerializationFailure, isDatabaseUnavailable } from './pg-errors.js';
export { IdempotencyKeyEntity } from './idempotency-key.entity.js';
export { onceForKey, requestFingerprint, type IdempotencyRequest } from './idempotency.js';
export { ensureDatabase } from './ensure-database.js';
export { openDatabase, withoutPassword, type Database } from './database.js';
export { EmbeddedPostgres, EmbeddedDatabaseBusyError } from './embedded/embedded-postgres.js';
