import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/db';
import { SCHEMA } from '@app/schema';

/** Where tests connect to create and drop their databases (trust auth, user postgres). */
export const adminDatabaseUrl = () => process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** The migrated template every test database is cloned from (set by the jest global setup). */
export const templateDatabaseName = () => {
  const name = process.env.FC_TEST_TEMPLATE_DB;
  if (!name) throw new Error('FC_TEST_TEMPLATE_DB is not set: run tests through `npm test` (jest global setup).');
  return name;
};

export const databaseUrl = (name: string) => {
  const url = new URL(adminDatabaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
};

export async function withAdminClient<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminDatabaseUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  /** Set for an embedded database: where its files are. */
  dataDir?: string;
  drop(): Promise<void>;
}

/**
 * A fresh database for one test file, cloned from the migrated template (a file copy: milliseconds).
 * Pass `migrated: false` for an empty database (migration tests).
 */
export async function createTestDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const name = `fc_test_${randomBytes(6).toString('hex')}`;
  const template = options.migrated === false ? 'template0' : await migratedTemplate();
  await withAdminClient((client) => client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    name,
    url: databaseUrl(name),
    drop: () => withAdminClient((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

const MIGRATED = 'factcheck test template: migrated';
const TEMPLATE_LOCK = 7_417_002;

/** Migrates the run's template once, whichever test file gets here first (an advisory lock orders them). */
async function migratedTemplate(): Promise<string> {
  const name = templateDatabaseName();
  await withAdminClient(async (client) => {
    await client.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const { rows } = await client.query(
        `SELECT shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname = $1`,
        [name],
      );
      if (rows[0]?.note === MIGRATED) return;
      const dataSource = new DataSource({ ...dataSourceOptions(databaseUrl(name), SCHEMA, 1), logging: ['error'] });
      await dataSource.initialize();
      await dataSource.runMigrations();
      await dataSource.destroy();
      await client.query(`COMMENT ON DATABASE ${name} IS '${MIGRATED}'`);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
  return name;
}
