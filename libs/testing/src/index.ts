export { createTestDatabase, withAdminClient, adminDatabaseUrl, databaseUrl, type TestDatabase } from './postgres.js';
export { testQueuePrefix, deleteQueuePrefix, testRedisUrl } from './redis.js';
export { waitFor } from './wait.js';
export { compiledEntry, startChild, stopChildren, type ChildApp } from './processes.js';
export { startFixtureServer, buildFixturePdf, fixtureContent, type FixtureServer } from './fixture-server.js';
export {
  createDeploymentDatabase,
  queueEnvironment,
  describeDeployment,
  SERVER_REDIS,
  SERVER_POSTGRES_QUEUES,
  EMBEDDED,
  EMBEDDED_REDIS_QUEUES,
  type Deployment,
} from './deployments.js';
export { startPostgresCluster, type PostgresCluster, type StreamingReplica } from './pg-cluster.js';
export { startRedisServer, type RedisServer } from './redis-server.js';
