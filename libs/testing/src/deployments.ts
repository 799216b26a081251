import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '@app/db';
import { SCHEMA } from '@app/schema';
import { createTestDatabase, type TestDatabase } from './postgres.js';
import { testRedisUrl } from './redis.js';

/** Where a test's desk keeps its data and its queues: the combinations the README offers. */
export interface Deployment {
  database: 'server' | 'embedded';
  queues: 'redis' | 'postgres';
}

export const SERVER_REDIS: Deployment = { database: 'server', queues: 'redis' };
export const SERVER_POSTGRES_QUEUES: Deployment = { database: 'server', queues: 'postgres' };
export const EMBEDDED: Deployment = { database: 'embedded', queues: 'postgres' };
export const EMBEDDED_REDIS_QUEUES: Deployment = { database: 'embedded', queues: 'redis' };

export const describeDeployment = (deployment: Deployment) =>
  `${deployment.database === 'server' ? 'PostgreSQL server' : 'embedded PostgreSQL'}, queues in ${deployment.queues === 'redis' ? 'Redis' : 'PostgreSQL'}`;

/**
 * A database for one test file: a clone of the migrated template on the server, or an embedded PostgreSQL
 * of its own in a temporary directory, opened (and migrated) the way `npm start` opens it.
 */
export async function createDeploymentDatabase(deployment: Deployment): Promise<TestDatabase> {
  if (deployment.database === 'server') return createTestDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'fc-test-pg-'));
  let database: Database;
  try {
    database = await openDatabase({ DATABASE_URL: undefined, PGLITE_DATA_DIR: join(dir, 'pg'), EMBEDDED_PG_PORT: 0 }, SCHEMA, () => undefined);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    name: 'embedded',
    url: database.url,
    dataDir: join(dir, 'pg'),
    async drop() {
      await database.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The environment that puts a desk's queues where the deployment says (QUEUE_PREFIX is the caller's). */
export function queueEnvironment(deployment: Deployment): Record<string, string> {
  return deployment.queues === 'redis' ? { QUEUE_BACKEND: 'redis', REDIS_URL: testRedisUrl() } : { QUEUE_BACKEND: 'postgres' };
}
