// CI guard: applies every migration to a new, empty database, then asks TypeORM what it would generate
// from the entities. Anything at all means entities and migrations have drifted apart.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@app/db';
import { SCHEMA } from '@app/schema';

async function main() {
  // A server, as for the tests: DATABASE_URL's, else the local one.
  const server = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const name = `fc_migcheck_${randomBytes(4).toString('hex')}`;
  const admin = new URL(server);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  const target = new URL(server);
  target.pathname = `/${name}`;
  const dataSource = new DataSource({ ...dataSourceOptions(target.toString(), SCHEMA, 1), logging: false });
  try {
    await dataSource.initialize();
    const applied = await dataSource.runMigrations();
    const pending = (await dataSource.driver.createSchemaBuilder().log()).upQueries;
    if (pending.length) {
      console.error(`Entities and migrations differ; a new migration would run:\n${pending.map((q) => '  ' + q.query).join('\n')}`);
      process.exitCode = 1;
    } else {
      console.log(`Migrations OK: ${applied.length} applied to an empty database; entities match the schema.`);
    }
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
