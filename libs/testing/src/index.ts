export { createTestDatabase, withAdminClient, adminDatabaseUrl, databaseUrl, type TestDatabase } from './postgres.js';
export { testQueuePrefix, deleteQueuePrefix, testRedisUrl } from './redis.js';
export { waitFor } from './wait.js';
export { compiledEntry } from './processes.js';
export { startFixtureServer, buildFixturePdf, fixtureContent, type FixtureServer } from './fixture-server.js';
