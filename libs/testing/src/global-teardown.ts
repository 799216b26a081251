import { rmSync } from 'node:fs';
import pg from 'pg';

export default async function globalTeardown(): Promise<void> {
  // This run's compiled copy (see global-setup); other runs' copies are theirs to remove.
  if (process.env.FC_TEST_DIST) rmSync(process.env.FC_TEST_DIST, { recursive: true, force: true });
  const template = process.env.FC_TEST_TEMPLATE_DB;
  if (!template) return;
  const client = new pg.Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
